using PolicyEngine.Core.Frameworks;
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
    IReadOnlyList<JsonReportResult> Results,
    IReadOnlyList<JsonReportFramework>? Frameworks = null,
    JsonReportCompliance? Compliance = null)
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
    IReadOnlyList<string> RelatedRequirements,
    IReadOnlyList<JsonReportMapping>? Mappings = null)
{
    public static JsonReportRule From(RuleDescriptor rule, Severity effective) => new(
        rule.Id, rule.Title, effective.ToName(), rule.DefaultSeverity.ToName(), rule.Category, rule.Recommendation,
        rule.Rationale, rule.Remediation, rule.HelpUri, rule.References, rule.Tags, rule.RelatedRequirements,
        rule.Mappings.Select(m => new JsonReportMapping(m.Framework, m.Version, m.RequirementId, m.Title, m.Url)).ToList());
}

/// <summary>One requirement a rule checks: framework, version, requirement ID and title.</summary>
public sealed record JsonReportMapping(string Framework, string Version, string Requirement, string Title, string? Url);

/// <summary>A framework the run's rules were mapped against, with all its requirements (so a reader sees what no rule covers).</summary>
public sealed record JsonReportFramework(
    string Id, string Version, string Name, string Label, string? Url, string? Scope, string? SecurityHubStandard, bool Recommendations,
    IReadOnlyList<JsonReportRequirement> Requirements)
{
    public static JsonReportFramework From(Framework f) => new(f.Id, f.Version, f.Name, f.Label, f.Url, f.Scope, f.SecurityHubStandard, f.IsRecommendations,
        f.Requirements.Select(r => new JsonReportRequirement(r.Id, r.Title, r.Url)).ToList());

    public Framework ToFramework() => new()
    {
        Id = Id, Version = Version, Name = Name ?? Id, Label = Label ?? Id, Url = Url, Scope = Scope, SecurityHubStandard = SecurityHubStandard,
        IsRecommendations = Recommendations, Requirements = (Requirements ?? []).Select(r => new Requirement(r.Id, r.Title ?? r.Id, r.Url)).ToList(),
    };
}

public sealed record JsonReportRequirement(string Id, string Title, string? Url);

/// <summary>The report grouped by the framework asked for with --framework: each requirement's status and the results under it.</summary>
public sealed record JsonReportCompliance(string Framework, string Version, string Name, JsonComplianceSummary Summary, IReadOnlyList<JsonRequirementOutcome> Requirements)
{
    public static JsonReportCompliance From(ComplianceView view) => new(
        view.Framework.Id, view.Framework.Version, view.Framework.Name,
        new JsonComplianceSummary(view.Requirements.Count, view.Count(RequirementStatus.Fail), view.Count(RequirementStatus.Unknown),
            view.Count(RequirementStatus.Pass), view.Count(RequirementStatus.NotCovered)),
        view.Requirements.Select(o => new JsonRequirementOutcome(o.Requirement.Id, o.Requirement.Title, o.Requirement.Url, JsonStatus(o.Status), o.RuleIds,
            new JsonResultCounts(o.Count(ResultStatus.Fail), o.Count(ResultStatus.Unknown), o.Count(ResultStatus.Suppressed), o.Count(ResultStatus.Pass)),
            o.Results.Select(r => new JsonResultReference(r.RuleId, r.AccountId, r.Resource, r.Status)).ToList())).ToList());

    /// <summary>The requirement statuses as the JSON report spells them.</summary>
    public static string JsonStatus(RequirementStatus status) => status switch
    {
        RequirementStatus.Fail => "fail",
        RequirementStatus.Unknown => "unknown",
        RequirementStatus.Pass => "pass",
        _ => "notCovered",
    };
}

public sealed record JsonComplianceSummary(int Requirements, int Fail, int Unknown, int Pass, int NotCovered);

public sealed record JsonRequirementOutcome(string Id, string Title, string? Url, string Status, IReadOnlyList<string> Rules, JsonResultCounts Results, IReadOnlyList<JsonResultReference> Findings);

public sealed record JsonResultCounts(int Fail, int Unknown, int Suppressed, int Pass);

/// <summary>A result under a requirement, by the identity it has in the results list.</summary>
public sealed record JsonResultReference(string RuleId, string AccountId, string Resource, ResultStatus Status);

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
    BaselineState? Baseline,
    // Left out when empty (an unknown result), so reports of other runs keep their shape.
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<EvidenceFact>? Facts = null)
{
    public static JsonReportResult From(RuleResult result, RuleDescriptor? rule) => new(
        result.RuleId, result.Recommendation, result.Status, result.Severity.ToName(), result.AccountId,
        result.Resource, result.Message, rule?.Title, rule?.Category, result.Evidence, result.UnknownReason,
        result.Suppression is { } s ? new JsonReportSuppression(s.Justification, s.Owner, s.Expires) : null,
        result.Baseline, result.Facts.Count > 0 ? result.Facts : null);
}
