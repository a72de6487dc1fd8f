using System.Text.Json.Serialization;
using PolicyEngine.Core.Rules;

namespace PolicyEngine.Core.Results;

[JsonConverter(typeof(JsonStringEnumConverter<ResultStatus>))]
public enum ResultStatus
{
    [JsonStringEnumMemberName("fail")] Fail,
    [JsonStringEnumMemberName("pass")] Pass,
    [JsonStringEnumMemberName("unknown")] Unknown,
    [JsonStringEnumMemberName("suppressed")] Suppressed,

    /// <summary>The rule declares the subject out of its scope (its 'notApplicable' part matched): nothing to judge.</summary>
    [JsonStringEnumMemberName("notApplicable")] NotApplicable,
}

public static class ResultStatusNames
{
    /// <summary>The status as the JSON report, rule tests and ASFF product fields spell it (fail, notApplicable, ...).</summary>
    public static string ToName(this ResultStatus status) => status switch
    {
        ResultStatus.Fail => "fail",
        ResultStatus.Pass => "pass",
        ResultStatus.Unknown => "unknown",
        ResultStatus.Suppressed => "suppressed",
        _ => "notApplicable",
    };
}

/// <summary>
/// The outcome of one rule for one subject. Exactly one exists per (rule, subject) in a run.
/// </summary>
public sealed record RuleResult
{
    public required string RuleId { get; init; }
    public required string Recommendation { get; init; }
    public required ResultStatus Status { get; init; }
    public required Severity Severity { get; init; }
    public required string AccountId { get; init; }

    /// <summary>The subject's resource identifier (an ARN where AWS has one).</summary>
    public required string Resource { get; init; }

    public required string Message { get; init; }

    /// <summary>Resources that caused a failure, when more than one did (for example each workload resource found).</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <summary>
    /// The facts that made the verdict, with the values the rule's conditions read from them: the subject, the facts
    /// a failure matched, the facts inside not, exists and any groups that decided (the credential whose MFA is off,
    /// the SCP that denies), or those the element where a passing rule stopped turned away.
    /// </summary>
    public IReadOnlyList<EvidenceFact> Facts { get; init; } = [];

    /// <summary>Why the result is unknown, when it is: the collection errors or the evaluation error.</summary>
    public string? UnknownReason { get; init; }

    public Suppression? Suppression { get; init; }

    /// <summary>How this result compares with the baseline report, when one was given.</summary>
    public BaselineState? Baseline { get; init; }

    /// <summary>The identity used by baselines and Security Hub: stable across runs for the same rule, account and resource.</summary>
    public string Key => $"{RuleId}|{AccountId}|{Resource}";
}

/// <summary>A failing result's change against a previous report: new, still failing, or failing before and not now.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BaselineState>))]
public enum BaselineState
{
    [JsonStringEnumMemberName("new")] New,
    [JsonStringEnumMemberName("unchanged")] Unchanged,
    [JsonStringEnumMemberName("resolved")] Resolved,
}

/// <summary>Why a result is suppressed, and by whom, until when.</summary>
public sealed record Suppression(string Justification, string? Owner, DateOnly? Expires);

public static class RuleResultOrdering
{
    /// <summary>
    /// The deterministic order of results in every report: by rule, account, then resource (ordinal). Two results
    /// about one resource (a snapshot that lists it twice with different values) follow by status, then message, so
    /// that no run orders them differently from the last.
    /// </summary>
    public static readonly IComparer<RuleResult> Comparer = Comparer<RuleResult>.Create(static (a, b) =>
    {
        var order = string.CompareOrdinal(a.RuleId, b.RuleId);
        if (order == 0) order = string.CompareOrdinal(a.AccountId, b.AccountId);
        if (order == 0) order = string.CompareOrdinal(a.Resource, b.Resource);
        if (order == 0) order = a.Status.CompareTo(b.Status);
        return order != 0 ? order : string.CompareOrdinal(a.Message, b.Message);
    });

    public static IOrderedEnumerable<RuleResult> Sorted(this IEnumerable<RuleResult> results) => results.Order(Comparer);
}
