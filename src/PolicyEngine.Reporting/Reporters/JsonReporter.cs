using PolicyEngine.Core.Results;

namespace PolicyEngine.Reporting.Reporters;

/// <summary>The stable machine-readable report; also what later runs read back as their baseline.</summary>
public sealed class JsonReporter : IReporter
{
    public string Name => "json";

    /// <summary>Streamed into the target (<see cref="ReportJson.WriteAsync"/>); no printable copy, unlike text formats.</summary>
    public Task WriteAsync(EvaluationReport report, ReportTarget target, CancellationToken cancellationToken) =>
        ReportJson.WriteAsync(target, ToDocument(report), ReportJson.CamelCase, cancellationToken);

    public static JsonReportDocument ToDocument(EvaluationReport report)
    {
        var view = new ReportView(report);
        return new JsonReportDocument(
            JsonReportDocument.CurrentSchemaVersion,
            new JsonReportTool(ToolInfo.Name, report.ToolVersion),
            report.EvaluatedAt,
            view.Summary,
            report.Rules.OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => JsonReportRule.From(r, view.EffectiveSeverity(r))).ToList(),
            report.Results.Select(r => JsonReportResult.From(r, view.Rule(r.RuleId))).ToList(),
            report.Frameworks.All.Select(JsonReportFramework.From).ToList(),
            view.SelectedCompliance is { } compliance ? JsonReportCompliance.From(compliance) : null);
    }
}
