using System.Text;
using PolicyEngine.Core.Results;

namespace PolicyEngine.Reporting.Reporters;

/// <summary>
/// One self-contained HTML page (inline CSS and SVG, no scripts, no external assets): the summary, what changed
/// against the baseline, a chart per recommendation and severity, and every result with failing ones first,
/// each linked to its rule's documentation.
/// </summary>
public sealed class HtmlReporter : TextReporter
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#222}
        h1{margin-bottom:.2rem} .meta{color:#666;margin-top:0}
        .summary{font-size:1.1rem;font-weight:600}
        table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.9rem}
        th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
        th{background:#f5f5f5} td.res{font-family:ui-monospace,monospace;word-break:break-all}
        .sev{color:#fff;padding:0 .4rem;border-radius:3px;font-size:.8rem}
        .st-fail{color:#c0392b;font-weight:700} .st-pass{color:#27ae60} .st-unknown{color:#8e44ad} .st-suppressed{color:#7f8c8d}
        .detail{color:#666;font-size:.85rem} .chart text{font-size:12px;fill:#333}
        """;

    public override string Name => "html";

    protected override string Render(EvaluationReport report, ReportTarget target)
    {
        var view = new ReportView(report);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append($"<title>{ToolInfo.Name} report {report.EvaluatedAt.UtcDateTime:yyyy-MM-dd}</title>\n")
            .Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n")
            .Append($"<h1>{ToolInfo.Name} report</h1>\n")
            .Append($"<p class=\"meta\">Evaluated {report.EvaluatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC by {ToolInfo.Name} {Html.Encode(report.ToolVersion)}</p>\n")
            .Append($"<p class=\"summary\">{Html.Encode(view.Summary.ToText())}</p>\n");

        if (view.HasBaseline)
        {
            html.Append($"<h2>{Html.Encode(ResultText.ChangesHeadline(view.Summary))}</h2>\n");
            Table(html, view, view.Changes().ToList(), withChange: true);
        }

        html.Append("<h2>Results per recommendation and severity</h2>\n").Append(HtmlChart.Render(view))
            .Append("<h2>Results</h2>\n");
        Table(html, view, view.FailingFirst().ToList(), withChange: false);
        return html.Append("</body>\n</html>\n").ToString();
    }

    private static void Table(StringBuilder html, ReportView view, IReadOnlyList<RuleResult> results, bool withChange)
    {
        if (results.Count == 0)
        {
            html.Append("<p>Nothing.</p>\n");
            return;
        }
        html.Append("<table>\n<thead><tr>").Append(withChange ? "<th>Change</th>" : "")
            .Append("<th>Status</th><th>Severity</th><th>Rule</th><th>Recommendation</th><th>Account</th><th>Resource</th><th>Message</th></tr></thead>\n<tbody>\n");
        foreach (var r in results)
        {
            var status = ResultText.Status(r.Status);
            html.Append("<tr>")
                .Append(withChange ? $"<td>{ResultText.Baseline(r.Baseline)}</td>" : "")
                .Append($"<td class=\"st-{status.ToLowerInvariant()}\">{status}</td>")
                .Append($"<td><span class=\"sev\" style=\"background:{HtmlChart.SeverityColor(r.Severity)}\">{ResultText.Severity(r.Severity)}</span></td>")
                .Append($"<td><a href=\"{Html.Encode(view.HelpUri(r))}\">{Html.Encode(r.RuleId)}</a><br>{Html.Encode(view.Title(r))}</td>")
                .Append($"<td><a href=\"{Html.Encode(view.RecommendationUrl(r.Recommendation))}\">{Html.Encode(view.RecommendationTitle(r.Recommendation))}</a></td>")
                .Append($"<td>{Html.Encode(r.AccountId)}</td><td class=\"res\">{Html.Encode(r.Resource)}</td>")
                .Append($"<td>{Html.Encode(r.Message)}{Evidence(r)}{Detail(r)}</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    private static string Evidence(RuleResult r) =>
        r.Evidence.Count == 0 ? "" : "<ul class=\"detail\">" + string.Concat(r.Evidence.Select(e => $"<li>{Html.Encode(e)}</li>")) + "</ul>";

    private static string Detail(RuleResult r) =>
        ResultText.Detail(r) is { } detail ? $"<div class=\"detail\">{Html.Encode(detail)}</div>" : "";
}
