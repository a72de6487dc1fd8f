namespace PolicyEngine.Core.Results;

/// <summary>
/// A fact that made a result's verdict, as a reviewer checks it without re-running: its type, account and resource
/// ID, where in the rule it was weighed (<see cref="Where"/>), whether it met that element's conditions, and the
/// values the conditions read from it (path to value as the snapshot has it, strings quoted, cut when long).
/// </summary>
public sealed record EvidenceFact
{
    public required string Type { get; init; }
    public required string AccountId { get; init; }
    public required string ResourceId { get; init; }

    /// <summary>
    /// Where the rule weighed it: "subject"; "when", "notApplicable" or "evidence" for a pattern at the top of a part;
    /// with "/not", "/exists" or "/any" appended for a pattern inside such a group (the facts messages cannot name).
    /// </summary>
    public required string Where { get; init; }

    /// <summary>The fact met the element's conditions (false: a condition turned it away, the one named by <see cref="FailedCondition"/>).</summary>
    public required bool Matched { get; init; }

    /// <summary>The condition that turned it away, as written, when it did not match.</summary>
    public string? FailedCondition { get; init; }

    /// <summary>The values the conditions read from it: member path (alias.Member) to value.</summary>
    public IReadOnlyDictionary<string, string> Values { get; init; } = System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    /// <summary>
    /// Set for an entry that stands for every organization-wide fact of <see cref="Type"/>, which an account rule read
    /// as one list: how many there were (<see cref="ResourceId"/> is then empty). Null for an entry naming one fact.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? Count { get; init; }

    /// <summary>One line a text report shows: type and resource, where it was weighed and how, then the values read.</summary>
    public string Describe()
    {
        var how = Matched ? "matched" : FailedCondition is null ? "not matched" : $"turned away by {FailedCondition}";
        var values = Values.Count == 0 ? "" : ": " + string.Join(", ", Values.Select(v => $"{v.Key} = {v.Value}"));
        var what = Count is { } count ? $"{Type}: all {count}" : $"{Type} {ResourceId}";
        return $"{what} ({Where}, {how}){values}";
    }
}
