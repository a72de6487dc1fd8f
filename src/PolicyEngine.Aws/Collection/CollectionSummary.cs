using PolicyEngine.Core.Facts;

namespace PolicyEngine.Aws.Collection;

/// <summary>The "what could not be collected" summary a run prints: one line per fact type, API and error code.</summary>
public static class CollectionSummary
{
    public static IReadOnlyList<string> Describe(FactSet facts) =>
        facts.CollectionErrors
            .GroupBy(e => (e.FactType, e.Api, e.ErrorCode))
            .OrderBy(g => g.Key.FactType, StringComparer.Ordinal).ThenBy(g => g.Key.Api, StringComparer.Ordinal)
            .Select(g =>
            {
                var scopes = g.Select(e => e.AccountId ?? "organization").Distinct().ToList();
                var where = scopes.Count <= 3 ? string.Join(", ", scopes) : $"{scopes.Count} accounts";
                return $"{g.Key.FactType}: {g.Key.Api} failed with {g.Key.ErrorCode} ({where}): {g.First().Message}";
            })
            .ToList();
}
