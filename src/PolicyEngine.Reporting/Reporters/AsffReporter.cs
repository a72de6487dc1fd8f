using PolicyEngine.Core.Results;
using PolicyEngine.Reporting.Asff;

namespace PolicyEngine.Reporting.Reporters;

/// <summary>
/// The findings in AWS Security Finding Format, as a JSON array: exactly what the Security Hub publisher would
/// import on a first run (same factory and limits), stamped with the run's time.
/// Options: accountId (the importing account; defaults to the results' only account), region.
/// </summary>
public sealed class AsffReporter(ReporterOptions options) : IReporter, IReportPreflight
{
    public AsffReporter() : this(ReporterOptions.Empty) { }

    public string Name => "asff";

    /// <summary>Streamed into the target, as the JSON report is (<see cref="ReportJson.WriteAsync"/>).</summary>
    public Task WriteAsync(EvaluationReport report, ReportTarget target, CancellationToken cancellationToken) =>
        ReportJson.WriteAsync(target, Findings(report), ReportJson.AsIs, cancellationToken);

    public void Preflight(IReadOnlyCollection<string> accountIds)
    {
        if (accountIds.Count > 0) SecurityHubTargetOptions.From(options, accountIds);
    }

    internal IReadOnlyList<AsffFinding> Findings(EvaluationReport report)
    {
        var factory = new AsffFindingFactory(SecurityHubTargetOptions.From(options, report.Results.Select(r => r.AccountId)));
        var plan = new FindingPlanner(factory).Plan(report, [], report.EvaluatedAt);
        if (plan.Undeliverable.Count > 0)
            throw new ReporterException("asff: findings too large for Security Hub: " + string.Join("; ", plan.Undeliverable));
        return plan.Imports;
    }
}
