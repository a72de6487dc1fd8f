namespace PolicyEngine.Core.Frameworks;

/// <summary>The frameworks a run knows, found by id and version; an id alone names a framework loaded in one version.</summary>
public sealed class FrameworkCatalog(IReadOnlyList<Framework> frameworks)
{
    public static readonly FrameworkCatalog Empty = new([]);

    public IReadOnlyList<Framework> All { get; } = frameworks;

    /// <summary>
    /// The frameworks whose requirements a rule's 'recommendation' names, in order: AWS's page as the rule pack was
    /// built from, then its rewrite (for checks the old page did not have). Reports group by them by default.
    /// </summary>
    public IReadOnlyList<Framework> RecommendationSources { get; } =
        frameworks.Where(f => f.IsRecommendations).OrderBy(f => f.Key, StringComparer.Ordinal).ToList();

    /// <summary>The recommendation an anchor names, and the framework it belongs to.</summary>
    public (Framework Framework, Requirement Requirement)? FindRecommendation(string anchor)
    {
        foreach (var framework in RecommendationSources)
            if (framework.Find(anchor) is { } requirement) return (framework, requirement);
        return null;
    }

    /// <summary>Where the recommendation comes in the pages' order; int.MaxValue for an unknown one.</summary>
    public int RecommendationOrder(string anchor)
    {
        var offset = 0;
        foreach (var framework in RecommendationSources)
        {
            if (framework.IndexOf(anchor) is >= 0 and var index) return offset + index;
            offset += framework.Requirements.Count;
        }
        return int.MaxValue;
    }

    public IEnumerable<Framework> Versions(string id) => All.Where(f => string.Equals(f.Id, id, StringComparison.OrdinalIgnoreCase));

    public Framework? Find(string id, string version) =>
        Versions(id).FirstOrDefault(f => string.Equals(f.Version, version, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Resolves "id" or "id@version". Returns null with a message for the user when nothing or more than one
    /// version matches (the message lists what would).
    /// </summary>
    public Framework? Resolve(string reference, out string? problem)
    {
        problem = null;
        var at = reference.IndexOf('@');
        var id = at < 0 ? reference.Trim() : reference[..at].Trim();
        var version = at < 0 ? null : reference[(at + 1)..].Trim();
        var versions = Versions(id).ToList();
        if (versions.Count == 0)
        {
            problem = $"'{reference}' is not a known framework; known: {string.Join(", ", All.Select(f => f.Key))}.";
            return null;
        }
        if (version is null)
        {
            if (versions.Count == 1) return versions[0];
            problem = $"framework '{id}' is loaded in {versions.Count} versions; name one: {string.Join(", ", versions.Select(f => f.Key))}.";
            return null;
        }
        var found = versions.FirstOrDefault(f => string.Equals(f.Version, version, StringComparison.OrdinalIgnoreCase));
        if (found is null)
            problem = $"framework '{id}' has no version '{version}'; known: {string.Join(", ", versions.Select(f => f.Key))}.";
        return found;
    }
}
