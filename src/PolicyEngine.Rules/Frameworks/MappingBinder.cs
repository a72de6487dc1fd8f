using PolicyEngine.Core.Frameworks;
using PolicyEngine.Diagnostics;
using PolicyEngine.Rules.Syntax;
using PolicyEngine.Syntax;

namespace PolicyEngine.Rules.Frameworks;

/// <summary>
/// Resolves a rule's 'mappings' against the loaded frameworks: each framework and version must be known, each
/// requirement ID must have the framework's form and name one of its requirements, and none may repeat.
/// </summary>
public static class MappingBinder
{
    public static List<RequirementMapping> Bind(IReadOnlyList<MappingSyntax> mappings, FrameworkSet frameworks, DiagnosticBag diagnostics, out bool ok)
    {
        ok = true;
        var bound = new List<RequirementMapping>();
        var seen = new Dictionary<string, SourceLocation>(StringComparer.OrdinalIgnoreCase);
        foreach (var mapping in mappings)
        {
            var definition = ResolveFramework(mapping, frameworks, diagnostics);
            if (definition is null)
            {
                ok = false;
                continue;
            }
            var framework = definition.Framework;
            foreach (var id in mapping.Requirements)
            {
                if (!definition.Format.Matches(id.Value))
                {
                    diagnostics.Add(DiagnosticDescriptors.MalformedRequirementId.Create(id.Location, id.Value, framework.Key, definition.Format.Description));
                    ok = false;
                    continue;
                }
                var requirement = framework.Find(id.Value);
                if (requirement is null)
                {
                    diagnostics.Add(DiagnosticDescriptors.UnknownRequirement.CreateWithSuggestion(id.Location,
                        Suggestions.DidYouMean(id.Value, framework.Requirements.Select(r => r.Id)), id.Value, framework.Key));
                    ok = false;
                    continue;
                }
                var key = $"{framework.Key}|{requirement.Id}";
                if (seen.TryGetValue(key, out var first))
                {
                    diagnostics.Add(DiagnosticDescriptors.DuplicateRequirement.Create(id.Location, $"{framework.Key} {requirement.Id}", first.ToString()));
                    ok = false;
                    continue;
                }
                seen[key] = id.Location;
                bound.Add(new RequirementMapping(framework.Id, framework.Version, requirement.Id, requirement.Title, requirement.Url));
            }
        }
        return bound;
    }

    private static FrameworkDefinition? ResolveFramework(MappingSyntax mapping, FrameworkSet frameworks, DiagnosticBag diagnostics)
    {
        var name = mapping.Framework;
        var versions = frameworks.Definitions.Where(d => string.Equals(d.Framework.Id, name.Value, StringComparison.Ordinal)).ToList();
        if (versions.Count == 0)
        {
            var ids = frameworks.Definitions.Select(d => d.Framework.Id).Distinct().ToList();
            diagnostics.Add(DiagnosticDescriptors.UnknownFramework.CreateWithSuggestion(name.Location, Suggestions.DidYouMean(name.Value, ids), name.Value, string.Join(", ", ids)));
            return null;
        }
        var known = string.Join(", ", versions.Select(d => d.Framework.Version));
        if (mapping.Version is not { } version)
        {
            if (versions.Count == 1) return versions[0];
            diagnostics.Add(DiagnosticDescriptors.UnknownFrameworkVersion.Create(name.Location,
                $"The framework '{name.Value}' is loaded in several versions ({known}); add 'version:' naming the one this rule checks."));
            return null;
        }
        var found = versions.FirstOrDefault(d => string.Equals(d.Framework.Version, version.Value, StringComparison.Ordinal));
        if (found is null)
            diagnostics.Add(DiagnosticDescriptors.UnknownFrameworkVersion.CreateWithSuggestion(version.Location,
                Suggestions.DidYouMean(version.Value, versions.Select(d => d.Framework.Version)),
                $"The framework '{name.Value}' has no version '{version.Value}'; loaded: {known}."));
        return found;
    }

    /// <summary>
    /// The mappings as Security Hub's Compliance.RelatedRequirements phrase them: the framework's label and the
    /// requirement ID ("CIS AWS Foundations Benchmark v3.0.0 1.4"), the recommendations framework's first.
    /// </summary>
    public static IReadOnlyList<string> RelatedRequirements(IReadOnlyList<RequirementMapping> mappings, FrameworkCatalog catalog) =>
        mappings.Select(m => catalog.Find(m.Framework, m.Version) is { } f ? $"{f.Label} {m.RequirementId}" : $"{m.FrameworkKey} {m.RequirementId}").ToList();
}
