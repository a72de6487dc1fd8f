using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;

namespace PolicyEngine.Reporting.Reporters;

/// <summary>Words the human-readable formats share, so the console, Markdown and HTML say the same thing.</summary>
internal static class ResultText
{
    public static string Status(ResultStatus status) => status switch
    {
        ResultStatus.Fail => "FAIL",
        ResultStatus.Pass => "PASS",
        ResultStatus.Unknown => "UNKNOWN",
        ResultStatus.NotApplicable => "N/A",
        _ => "SUPPRESSED",
    };

    public static string Severity(Severity severity) => severity.ToName().ToUpperInvariant();

    public static string Baseline(BaselineState? state) => state switch
    {
        BaselineState.New => "NEW",
        BaselineState.Resolved => "RESOLVED",
        BaselineState.Unchanged => "UNCHANGED",
        _ => "",
    };

    /// <summary>The extra line a result needs beyond its message: why unknown, or who suppressed it and until when.</summary>
    public static string? Detail(RuleResult result) => result switch
    {
        { Status: ResultStatus.Unknown, UnknownReason: { Length: > 0 } reason } => $"unknown because: {reason}",
        { Suppression: { } s } => $"suppressed: {s.Justification}" +
            (s.Owner is null ? "" : $" (owner {s.Owner})") +
            (s.Expires is null ? "" : $", expires {s.Expires:yyyy-MM-dd}"),
        _ => null,
    };

    public static string ChangesHeadline(ReportSummary summary) =>
        $"Changes since the baseline: {summary.New} new, {summary.Resolved} resolved, {summary.Unchanged} unchanged";
}
