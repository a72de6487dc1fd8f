using System.Text.RegularExpressions;
using PolicyEngine.Core.Frameworks;
using PolicyEngine.Diagnostics;
using PolicyEngine.Rules.Syntax;
using PolicyEngine.Syntax;
using YamlDotNet.RepresentationModel;

namespace PolicyEngine.Rules.Frameworks;

/// <summary>A framework file as read, with the compiled pattern its requirement IDs must match.</summary>
public sealed record FrameworkDefinition(Framework Framework, RequirementFormat Format, SourceLocation Location);

/// <summary>
/// The form of a framework's requirement IDs (an anchor, a control ID, a benchmark item number), so that a mapping
/// with a malformed ID is told apart from one naming a requirement the framework does not have.
/// </summary>
public sealed class RequirementFormat(Regex pattern, string description)
{
    /// <summary>How long one ID may take to match; a pattern that needs longer is not used again.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    private volatile bool _timedOut;

    public string Description { get; } = description;

    /// <summary>True once an ID took longer than <see cref="MatchTimeout"/>: the pattern then matches nothing.</summary>
    public bool TimedOut => _timedOut;

    public bool Matches(string id)
    {
        if (_timedOut) return false;
        try
        {
            return pattern.IsMatch(id);
        }
        catch (RegexMatchTimeoutException)
        {
            _timedOut = true;
            return false;
        }
    }

    /// <summary>
    /// Patterns come from data files (untrusted): the whole ID must match, and matching is bounded by time, not by
    /// engine. The interpreter is used because the non-backtracking engine's set-up took a quarter of every run's rule
    /// compilation (about 130 ms of CPU for the shipped frameworks) to check a few hundred short IDs; a pattern that
    /// backtracks badly costs at most one <see cref="MatchTimeout"/> per framework, because it is not used again.
    /// </summary>
    public static RequirementFormat? Create(string pattern, string description)
    {
        try
        {
            return new RequirementFormat(new Regex($@"^(?:{pattern})\z", RegexOptions.CultureInvariant, MatchTimeout), description);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}

/// <summary>Reads a framework file (rules/frameworks/*.yaml) with the same precision as a rule file.</summary>
public static class FrameworkReader
{
    /// <summary>The keys of a framework file; docs/schemas/framework.schema.json declares the same (a test keeps them in step).</summary>
    public static readonly IReadOnlyList<string> FileKeys =
    [
        "id", "version", "name", "label", "url", "scope", "securityHubStandard", "recommendations", "requirementPattern",
        "requirementFormat", "requirements",
    ];

    public static readonly IReadOnlyList<string> RequiredFileKeys = ["id", "version", "name", "label", "requirementPattern", "requirementFormat", "requirements"];

    public static readonly IReadOnlyList<string> RequirementKeys = ["id", "title", "url"];

    /// <summary>A framework may hold many controls, but not so many that a hostile file could stall compilation.</summary>
    public const int MaxRequirements = 2000;

    public static FrameworkDefinition? Read(YamlSource document, DiagnosticBag diagnostics)
    {
        var checkpoint = diagnostics.Checkpoint();
        var map = YamlMap.Read(document, document.Root, "the framework", diagnostics, FileKeys);
        if (map is null) return null;
        var id = map.Text("id", required: true);
        var version = map.Text("version", required: true);
        var name = map.Text("name", required: true);
        var label = map.Text("label", required: true);
        var pattern = map.Text("requirementPattern", required: true);
        var formatText = map.Text("requirementFormat", required: true);
        var list = map.List("requirements", required: true);
        if (id is not null && !FrameworkNames.IsValidId(id.Value))
            diagnostics.Add(DiagnosticDescriptors.InvalidValue.Create(id.Location, id.Value, "framework ID", "use lower-case letters, digits and hyphens, such as cis-aws-foundations."));
        if (version is not null && !FrameworkNames.IsValidVersion(version.Value))
            diagnostics.Add(DiagnosticDescriptors.InvalidValue.Create(version.Location, version.Value, "framework version", "use letters, digits, dots and hyphens, such as 3.0.0 or v2."));
        var format = pattern is null || formatText is null ? null : RequirementFormat.Create(pattern.Value, formatText.Value);
        if (pattern is not null && formatText is not null && format is null)
            diagnostics.Add(DiagnosticDescriptors.InvalidValue.Create(pattern.Location, pattern.Value, "requirement pattern", "write a .NET regular expression."));
        var recommendations = map.Get("recommendations") is YamlScalarNode flag && YamlMap.ScalarValue(flag) is true;

        var requirements = new List<Requirement>();
        if (list is not null && list.Children.Count > MaxRequirements)
            diagnostics.Add(DiagnosticDescriptors.TooManyItems.Create(document.LocationOf(list), "requirements", list.Children.Count, MaxRequirements));
        else if (list is not null)
        {
            var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            foreach (var node in list.Children)
            {
                var item = YamlMap.Read(document, node, "a requirement", diagnostics, RequirementKeys);
                var requirementId = item?.Text("id", required: true);
                var title = item?.Text("title", required: true);
                if (requirementId is null || title is null) continue;
                if (format is not null && !format.Matches(requirementId.Value))
                    diagnostics.Add(DiagnosticDescriptors.MalformedRequirementId.Create(requirementId.Location, requirementId.Value, $"{id?.Value}@{version?.Value}", format.Description));
                if (seen.TryGetValue(requirementId.Value, out var first))
                {
                    diagnostics.Add(DiagnosticDescriptors.DuplicateRequirement.Create(requirementId.Location, requirementId.Value, first.ToString()));
                    continue;
                }
                seen[requirementId.Value] = requirementId.Location;
                requirements.Add(new Requirement(requirementId.Value, title.Value.Trim(), item!.Text("url", required: false)?.Value));
            }
        }

        if (format is { TimedOut: true })
            diagnostics.Add(DiagnosticDescriptors.InvalidValue.Create(pattern!.Location, pattern.Value, "requirement pattern",
                $"it took longer than {RequirementFormat.MatchTimeout.TotalMilliseconds:0} ms to match an ID; write a pattern without nested repetition."));
        if (diagnostics.HasErrorsSince(checkpoint) || id is null || version is null || name is null || label is null || format is null)
            return null;
        var framework = new Framework
        {
            Id = id.Value,
            Version = version.Value,
            Name = name.Value.Trim(),
            Label = label.Value.Trim(),
            Url = map.Text("url", required: false)?.Value,
            Scope = map.Text("scope", required: false)?.Value.Trim(),
            SecurityHubStandard = map.Text("securityHubStandard", required: false)?.Value,
            IsRecommendations = recommendations,
            Requirements = requirements,
        };
        return new FrameworkDefinition(framework, format, map.Location);
    }
}

/// <summary>The shapes of framework IDs and versions, shared by framework files and rule mappings.</summary>
public static partial class FrameworkNames
{
    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    public static bool IsValidVersion(string version) => VersionPattern().IsMatch(version);

    [GeneratedRegex("^[a-z][a-z0-9-]{1,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.-]{0,31}$")]
    private static partial Regex VersionPattern();
}
