using PolicyEngine.Core.Frameworks;
using PolicyEngine.Diagnostics;
using PolicyEngine.Rules.Syntax;
using PolicyEngine.Syntax;

namespace PolicyEngine.Rules.Frameworks;

/// <summary>
/// Where frameworks come from: the files shipped in rules/frameworks (embedded in this assembly, so every rule pack
/// and every test knows them), then a rules folder's own frameworks/ folder, which adds frameworks or replaces a
/// shipped one of the same id and version.
/// </summary>
public static class FrameworkLoader
{
    /// <summary>The folder, inside a rules folder, that holds framework files rather than rules.</summary>
    public const string FolderName = "frameworks";

    private const string ResourcePrefix = "PolicyEngine.Rules.frameworks.";

    private static readonly Lazy<(IReadOnlyList<FrameworkDefinition> Definitions, IReadOnlyList<Diagnostic> Diagnostics)> ShippedDefinitions = new(ReadShipped);

    /// <summary>The shipped frameworks alone.</summary>
    public static FrameworkSet Shipped => new(ShippedDefinitions.Value.Definitions);

    /// <summary>Problems in the shipped files (a test keeps this empty).</summary>
    public static IReadOnlyList<Diagnostic> ShippedDiagnostics => ShippedDefinitions.Value.Diagnostics;

    /// <summary>The shipped frameworks merged with those of <paramref name="rulesDirectory"/>/frameworks, reporting every problem in its files.</summary>
    public static FrameworkSet Load(string rulesDirectory, DiagnosticBag diagnostics)
    {
        var folder = Path.Combine(rulesDirectory, FolderName);
        var own = new List<FrameworkDefinition>();
        if (Directory.Exists(folder))
        {
            foreach (var file in Core.Files.InputFile.FindFiles(folder, "*.yaml", "*.yml"))
            {
                var document = YamlSource.Load(file, YamlRuleCompiler.DisplayPath(file), diagnostics, linkRoot: rulesDirectory);
                if (document is not null && FrameworkReader.Read(document, diagnostics) is { } definition)
                    own.Add(definition);
            }
        }
        var merged = new Dictionary<string, FrameworkDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var definition in ShippedDefinitions.Value.Definitions) merged[definition.Framework.Key] = definition;
        var ownKeys = new Dictionary<string, FrameworkDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var definition in own)
        {
            if (ownKeys.TryGetValue(definition.Framework.Key, out var first))
            {
                diagnostics.Add(DiagnosticDescriptors.DuplicateFramework.Create(definition.Location, definition.Framework.Key, first.Location.ToString()));
                continue;
            }
            ownKeys[definition.Framework.Key] = definition;
            merged[definition.Framework.Key] = definition;
        }
        var set = new FrameworkSet(merged.Values.OrderBy(d => d.Framework.Key, StringComparer.Ordinal).ToList());
        // A rule's 'recommendation' is an anchor alone, so no two recommendation frameworks may share one.
        var anchors = new Dictionary<string, FrameworkDefinition>(StringComparer.Ordinal);
        foreach (var definition in set.Definitions.Where(d => d.Framework.IsRecommendations))
            foreach (var requirement in definition.Framework.Requirements)
                if (!anchors.TryAdd(requirement.Id, definition))
                    diagnostics.Add(DiagnosticDescriptors.DuplicateRequirement.Create(definition.Location,
                        $"{requirement.Id} (recommendations of {definition.Framework.Key})", $"{anchors[requirement.Id].Framework.Key}, also marked 'recommendations: true'"));
        return set;
    }

    private static (IReadOnlyList<FrameworkDefinition>, IReadOnlyList<Diagnostic>) ReadShipped()
    {
        var assembly = typeof(FrameworkLoader).Assembly;
        var diagnostics = new DiagnosticBag();
        var definitions = new List<FrameworkDefinition>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var document = YamlSource.Parse(reader.ReadToEnd(), $"rules/{FolderName}/{name[ResourcePrefix.Length..]}", diagnostics);
            if (document is not null && FrameworkReader.Read(document, diagnostics) is { } definition)
                definitions.Add(definition);
        }
        return (definitions, diagnostics.Sorted());
    }
}

/// <summary>The frameworks of one compilation, with the formats their requirement IDs take.</summary>
public sealed class FrameworkSet(IReadOnlyList<FrameworkDefinition> definitions)
{
    public IReadOnlyList<FrameworkDefinition> Definitions { get; } = definitions;

    public FrameworkCatalog Catalog { get; } = new(definitions.Select(d => d.Framework).ToList());

    public FrameworkDefinition? Find(string id, string version) =>
        Definitions.FirstOrDefault(d => string.Equals(d.Framework.Id, id, StringComparison.OrdinalIgnoreCase)
                                        && string.Equals(d.Framework.Version, version, StringComparison.OrdinalIgnoreCase));
}
