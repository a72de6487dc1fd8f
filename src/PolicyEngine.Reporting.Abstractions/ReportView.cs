using PolicyEngine.Core.Frameworks;
using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;

namespace PolicyEngine.Reporting;

/// <summary>Counts of one run's results by status and, when a baseline was given, by change.</summary>
public sealed record ReportSummary(int Total, int Fail, int Pass, int Unknown, int Suppressed, int New, int Unchanged, int Resolved, int NotApplicable = 0)
{
    public static ReportSummary Of(IReadOnlyCollection<RuleResult> results) => new(
        results.Count,
        results.Count(r => r.Status == ResultStatus.Fail),
        results.Count(r => r.Status == ResultStatus.Pass),
        results.Count(r => r.Status == ResultStatus.Unknown),
        results.Count(r => r.Status == ResultStatus.Suppressed),
        results.Count(r => r.Baseline == BaselineState.New),
        results.Count(r => r.Baseline == BaselineState.Unchanged),
        results.Count(r => r.Baseline == BaselineState.Resolved),
        results.Count(r => r.Status == ResultStatus.NotApplicable));

    public string ToText() =>
        $"{Total} results: {Fail} failed, {Pass} passed, {Unknown} unknown, {Suppressed} suppressed" +
        (NotApplicable > 0 ? $", {NotApplicable} not applicable" : "");
}

/// <summary>
/// The questions every human-readable reporter asks of a report (rule by id, effective severity, grouping,
/// failing-first order), answered once so the formats agree with each other.
/// </summary>
public sealed class ReportView
{
    private readonly Dictionary<string, RuleDescriptor> _rules;

    public ReportView(EvaluationReport report)
    {
        Report = report;
        _rules = report.Rules.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        Summary = ReportSummary.Of(report.Results);
    }

    public EvaluationReport Report { get; }

    public ReportSummary Summary { get; }

    public bool HasBaseline => Report.Results.Any(r => r.Baseline is not null);

    public RuleDescriptor? Rule(string id) => _rules.GetValueOrDefault(id);

    public string Title(RuleResult result) => Rule(result.RuleId)?.Title ?? result.RuleId;

    /// <summary>The rule's documentation page, falling back to the recommendation on AWS's page for unknown rules.</summary>
    public string HelpUri(RuleResult result) => Rule(result.RuleId)?.HelpUri ?? RecommendationUrl(result.Recommendation);

    public Severity EffectiveSeverity(RuleDescriptor rule) =>
        Report.SeverityOverrides.TryGetValue(rule.Id, out var severity) ? severity : rule.DefaultSeverity;

    /// <summary>The recommendation's title from the report's recommendations framework; the anchor itself when unknown.</summary>
    public string RecommendationTitle(string anchor) => Report.Frameworks.FindRecommendation(anchor)?.Requirement.Title ?? anchor;

    public string RecommendationUrl(string anchor) =>
        Report.Frameworks.FindRecommendation(anchor) is var (page, recommendation) ? recommendation.Url ?? page.Url ?? "" : "";

    /// <summary>Results grouped by recommendation, in the order of AWS's page, then any others by anchor.</summary>
    public IEnumerable<IGrouping<string, RuleResult>> ByRecommendation() =>
        Report.Results.GroupBy(r => r.Recommendation, StringComparer.Ordinal)
            .OrderBy(g => RecommendationOrder(g.Key))
            .ThenBy(g => g.Key, StringComparer.Ordinal);

    /// <summary>The framework the report is grouped by (evaluate --framework), when one was asked for and is known.</summary>
    public Framework? SelectedFramework => Report.Framework is { } key ? Report.Frameworks.Resolve(key, out _) : null;

    /// <summary>The report grouped by the selected framework's requirements, or null when none was asked for.</summary>
    public ComplianceView? SelectedCompliance => SelectedFramework is { } framework ? Compliance(framework) : null;

    public ComplianceView Compliance(Framework framework) => ComplianceView.Of(framework, Report.Rules, Report.Results);

        /// <summary>Failing results first (most severe first), then unknown, suppressed, passing and not applicable; stable within each.</summary>
    public IEnumerable<RuleResult> FailingFirst() =>
        Report.Results.OrderBy(r => StatusOrder(r.Status)).ThenByDescending(r => r.Severity);

    /// <summary>What changed against the baseline: new failures, then resolved ones.</summary>
    public IEnumerable<RuleResult> Changes() =>
        Report.Results.Where(r => r.Baseline is BaselineState.New or BaselineState.Resolved)
            .OrderBy(r => r.Baseline == BaselineState.New ? 0 : 1).ThenByDescending(r => r.Severity);

    public static int StatusOrder(ResultStatus status) => status switch
    {
        ResultStatus.Fail => 0,
        ResultStatus.Unknown => 1,
        ResultStatus.Suppressed => 2,
        ResultStatus.Pass => 3,
        _ => 4,
    };

    private int RecommendationOrder(string anchor) => Report.Frameworks.RecommendationOrder(anchor);
}
