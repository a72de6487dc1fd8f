using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;

namespace PolicyEngine.Reporting.Reporters;

/// <summary>
/// The stable JSON report (schemaVersion 1). Adding optional properties keeps the version; renaming or removing
/// one, or changing a meaning, increments it. It is also the baseline format read by <see cref="JsonReportReader"/>.
/// </summary>
public sealed record JsonReportDocument(
    int SchemaVersion,
    JsonReportTool Tool,
    DateTimeOffset EvaluatedAt,
    ReportSummary Summary,
    IReadOnlyList<JsonReportRule> Rules,
    IReadOnlyList<JsonReportResult> Results)
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>The JSON Schema (draft 2020-12) of this format, embedded in the assembly.</summary>
    public static string Schema()
    {
        using var stream = typeof(JsonReportDocument).Assembly.GetManifestResourceStream("PolicyEngine.Reporting.report.schema.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

public sealed record JsonReportTool(string Name, string Version);

public sealed record JsonReportRule(
    string Id,
    string Title,
    string Severity,
    string DefaultSeverity,
    string Category,
    string Recommendation,
    string Rationale,
    string Remediation,
    string HelpUri,
    IReadOnlyList<string> References,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> RelatedRequirements)
{
    public static JsonReportRule From(RuleDescriptor rule, Severity effective) => new(
        rule.Id, rule.Title, effective.ToName(), rule.DefaultSeverity.ToName(), rule.Category, rule.Recommendation,
        rule.Rationale, rule.Remediation, rule.HelpUri, rule.References, rule.Tags, rule.RelatedRequirements);
}

public sealed record JsonReportSuppression(string Justification, string? Owner, DateOnly? Expires);

public sealed record JsonReportResult(
    string RuleId,
    string Recommendation,
    ResultStatus Status,
    string Severity,
    string AccountId,
    string Resource,
    string Message,
    string? Title,
    string? Category,
    IReadOnlyList<string>? Evidence,
    string? UnknownReason,
    JsonReportSuppression? Suppression,
    BaselineState? Baseline)
{
    public static JsonReportResult From(RuleResult result, RuleDescriptor? rule) => new(
        result.RuleId, result.Recommendation, result.Status, result.Severity.ToName(), result.AccountId,
        result.Resource, result.Message, rule?.Title, rule?.Category, result.Evidence, result.UnknownReason,
        result.Suppression is { } s ? new JsonReportSuppression(s.Justification, s.Owner, s.Expires) : null,
        result.Baseline);
}
