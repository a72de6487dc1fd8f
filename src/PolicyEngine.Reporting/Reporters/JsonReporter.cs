using PolicyEngine.Core.Results;

namespace PolicyEngine.Reporting.Reporters;

/// <summary>The stable machine-readable report; also what later runs read back as their baseline.</summary>
public sealed class JsonReporter : IReporter
{
    public string Name => "json";

    /// <summary>
    /// Serialized straight into the file as UTF-8: at 50,000 accounts the report, with its evidence, is about 400 MB,
    /// which held whole in memory (as text, or as a growing byte buffer) doubled the run's peak. The serializer escapes
    /// control characters itself, so the report is written as it is (no printable copy, unlike text formats).
    /// </summary>
    public Task WriteAsync(EvaluationReport report, ReportTarget target, CancellationToken cancellationToken)
    {
        var document = ToDocument(report);
        return target.WriteUtf8Async(stream => ReportJson.SerializeTo(stream, document, ReportJson.CamelCase), cancellationToken);
    }

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
