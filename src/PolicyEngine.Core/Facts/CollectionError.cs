namespace PolicyEngine.Core.Facts;

/// <summary>
/// A fact that could not be collected: which fact type, for which account (or the whole organization),
/// which API call failed and why, and, when the failure concerns one resource of the family (one SCP's document, say),
/// which. Rules that read that fact type report unknown rather than pass.
/// </summary>
public sealed record CollectionError(
    string FactType,
    string? AccountId,
    string Api,
    string ErrorCode,
    string Message,
    string? Region = null,
    string? Resource = null)
{
    public bool IsOrganizationWide => AccountId is null;

    /// <summary>The error code of a source the configuration switched off (Cost Explorer, which AWS bills per request).</summary>
    public const string Disabled = "Disabled";

    /// <summary>
    /// Switched off on purpose, not failed: the rules that read the facts are still unknown, but the run is not
    /// reported as an incomplete collection (exit code 3).
    /// </summary>
    public bool IsDeliberate => ErrorCode == Disabled;

    /// <summary>What one result could not see, as its unknown reason says it.</summary>
    public string Describe() =>
        $"{FactType}{(Resource is null ? "" : $" {Resource}")} could not be collected{(Region is null ? "" : $" in {Region}")} ({Api}: {ErrorCode})";

    /// <summary>
    /// The "what could not be collected" summary a run prints: one line per fact type, API and error code, naming up
    /// to three accounts, so that an organization of a thousand accounts does not print a thousand lines.
    /// </summary>
    public static IReadOnlyList<string> Summarize(IEnumerable<CollectionError> errors) =>
        errors
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
