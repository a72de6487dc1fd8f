using System.Text;
using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;

namespace PolicyEngine.Reporting.Reporters;

/// <summary>
/// One self-contained HTML page (inline CSS, no scripts, no external assets): counts at a glance, what changed
/// against the baseline, the framework view when one was asked for (each requirement's status, failing first, with
/// its open results), a chart per recommendation or requirement, and every result failing first, each linked to its
/// rule's documentation. Filters by status, severity and baseline change are radio buttons styled with CSS, so they
/// work where scripts are blocked.
/// </summary>
public sealed class HtmlReporter : TextReporter
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#222;max-width:90rem}
        h1{margin-bottom:.2rem} .meta{color:#666;margin-top:0}
        .tiles{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
        .tile{border:1px solid #ddd;border-left-width:.4rem;border-radius:4px;padding:.4rem .9rem;min-width:7rem}
        .tile b{display:block;font-size:1.6rem}
        .t-fail{border-left-color:#c0392b} .t-unknown{border-left-color:#8e44ad} .t-suppressed{border-left-color:#95a5a6} .t-pass{border-left-color:#27ae60} .t-nc{border-left-color:#bbb}
        table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.9rem}
        th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
        th{background:#f5f5f5;position:sticky;top:0} td.res{font-family:ui-monospace,monospace;overflow-wrap:anywhere}
        .sev{color:#fff;padding:0 .4rem;border-radius:3px;font-size:.8rem;white-space:nowrap}
        .st-fail{color:#c0392b;font-weight:700} .st-pass{color:#27ae60} .st-unknown{color:#8e44ad} .st-suppressed{color:#7f8c8d} .st-nc{color:#888}
        .detail{color:#666;font-size:.85rem} details summary{cursor:pointer;color:#444}
        .filters{display:flex;flex-wrap:wrap;gap:.4rem 1.5rem;align-items:center;font-size:.9rem}
        .filters fieldset{border:0;padding:0;margin:0} .filters legend{font-weight:600;float:left;margin-right:.5rem}
        .filters label{border:1px solid #ccc;border-radius:3px;padding:.1rem .5rem;margin-right:.2rem;cursor:pointer}
        .results>input{position:absolute;opacity:0;pointer-events:none}
        """;

    private static readonly IReadOnlyList<(string Id, string Label, string RowClass)> StatusFilters =
    [
        ("f-all", "all", ""), ("f-open", "fail + unknown", "open"), ("f-fail", "fail", "s-fail"), ("f-unknown", "unknown", "s-unknown"),
        ("f-suppressed", "suppressed", "s-suppressed"), ("f-pass", "pass", "s-pass"),
    ];

    private static readonly IReadOnlyList<Severity> Severities = [Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Info];

    public override string Name => "html";

    protected override string Render(EvaluationReport report, ReportTarget target)
    {
        var view = new ReportView(report);
        var compliance = view.SelectedCompliance;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append($"<title>{ToolInfo.Name} report {report.EvaluatedAt.UtcDateTime:yyyy-MM-dd}</title>\n")
            .Append("<style>\n").Append(Style).Append(HtmlChart.Style).Append(FilterStyle(view.HasBaseline)).Append("</style>\n</head>\n<body>\n")
            .Append($"<h1>{ToolInfo.Name} report</h1>\n")
            .Append($"<p class=\"meta\">Evaluated {report.EvaluatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC by {ToolInfo.Name} {Html.Encode(report.ToolVersion)}</p>\n");
        Tiles(html, view.Summary);

        if (view.HasBaseline)
        {
            html.Append($"<h2>{Html.Encode(ResultText.ChangesHeadline(view.Summary))}</h2>\n");
            Table(html, view, view.Changes().ToList(), withChange: true);
        }

        if (compliance is not null)
        {
            Compliance(html, view, compliance);
            html.Append("<h2>Results per requirement and severity</h2>\n")
                .Append(HtmlChart.Render(compliance.Requirements.Select(o => new HtmlChart.Row(o.Requirement.Title, o.Requirement.Url, o.Requirement.Id, o.Results,
                    o.RuleIds.Count == 0 ? "not covered" : null)).ToList(), "Results per requirement and severity"));
        }
        else
        {
            html.Append("<h2>Results per recommendation and severity</h2>\n")
                .Append(HtmlChart.Render(view.ByRecommendation().Select(g => new HtmlChart.Row(view.RecommendationTitle(g.Key), view.RecommendationUrl(g.Key), null, g.ToList())).ToList(),
                    "Results per recommendation and severity"));
        }

        html.Append("<h2>Results</h2>\n<section class=\"results\">\n");
        Filters(html, view.HasBaseline);
        Table(html, view, view.FailingFirst().ToList(), withChange: view.HasBaseline);
        return html.Append("</section>\n</body>\n</html>\n").ToString();
    }

    private static void Tiles(StringBuilder html, ReportSummary summary)
    {
        html.Append("<div class=\"tiles\">")
            .Append($"<div class=\"tile t-fail\"><b>{summary.Fail}</b>failed</div>")
            .Append($"<div class=\"tile t-unknown\"><b>{summary.Unknown}</b>unknown</div>")
            .Append($"<div class=\"tile t-suppressed\"><b>{summary.Suppressed}</b>suppressed</div>")
            .Append($"<div class=\"tile t-pass\"><b>{summary.Pass}</b>passed</div>")
            .Append("</div>\n")
            .Append($"<p class=\"summary\">{Html.Encode(summary.ToText())}</p>\n");
    }

    /// <summary>The framework's requirements, failing first, each with its rules, counts and (folded) open results.</summary>
    private static void Compliance(StringBuilder html, ReportView view, ComplianceView compliance)
    {
        var framework = compliance.Framework;
        html.Append($"<h2>{Html.Encode(framework.Name)} <code>{Html.Encode(framework.Key)}</code></h2>\n");
        if (framework.Scope is not null) html.Append($"<p class=\"detail\">Scope: {Html.Encode(framework.Scope)}</p>\n");
        html.Append("<div class=\"tiles\">")
            .Append($"<div class=\"tile t-fail\"><b>{compliance.Count(RequirementStatus.Fail)}</b>requirements failing</div>")
            .Append($"<div class=\"tile t-unknown\"><b>{compliance.Count(RequirementStatus.Unknown)}</b>unknown</div>")
            .Append($"<div class=\"tile t-pass\"><b>{compliance.Count(RequirementStatus.Pass)}</b>passing</div>")
            .Append($"<div class=\"tile t-nc\"><b>{compliance.Count(RequirementStatus.NotCovered)}</b>not covered</div>")
            .Append("</div>\n");
        html.Append("<table class=\"requirements\">\n<thead><tr><th>Status</th><th>Requirement</th><th>Rules</th><th>Results</th></tr></thead>\n<tbody>\n");
        var ordered = compliance.Requirements.Select((o, i) => (o, i)).OrderBy(x => (int)x.o.Status).ThenBy(x => x.i).Select(x => x.o);
        foreach (var outcome in ordered)
        {
            var status = ComplianceView.Name(outcome.Status);
            var css = outcome.Status == RequirementStatus.NotCovered ? "nc" : status;
            var title = outcome.Requirement.Url is null ? Html.Encode(outcome.Requirement.Title) : $"<a href=\"{Html.Encode(outcome.Requirement.Url)}\">{Html.Encode(outcome.Requirement.Title)}</a>";
            html.Append($"<tr class=\"req-{css}\"><td class=\"st-{css}\">{status.ToUpperInvariant()}</td>")
                .Append($"<td><code>{Html.Encode(outcome.Requirement.Id)}</code><br>{title}</td>")
                .Append($"<td>{(outcome.RuleIds.Count == 0 ? "<span class=\"st-nc\">no rule</span>" : string.Join(" ", outcome.RuleIds.Select(id => RuleLink(view, id))))}</td><td>");
            var counts = new[] { (ResultStatus.Fail, "fail"), (ResultStatus.Unknown, "unknown"), (ResultStatus.Suppressed, "suppressed"), (ResultStatus.Pass, "pass") }
                .Where(c => outcome.Count(c.Item1) > 0).Select(c => $"{outcome.Count(c.Item1)} {c.Item2}").ToList();
            html.Append(Html.Encode(counts.Count == 0 ? outcome.RuleIds.Count == 0 ? "" : "no results" : string.Join(", ", counts)));
            var open = outcome.Results.Where(r => r.Status != ResultStatus.Pass).ToList();
            if (open.Count > 0)
            {
                html.Append($"<details><summary>{open.Count} not passing</summary><ul class=\"detail\">");
                foreach (var r in open)
                    html.Append($"<li><span class=\"st-{ResultText.Status(r.Status).ToLowerInvariant()}\">{ResultText.Status(r.Status)}</span> {Html.Encode(r.RuleId)} {Html.Encode(r.AccountId)}: {Html.Encode(r.Message)}</li>");
                html.Append("</ul></details>");
            }
            html.Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
        html.Append($"<p class=\"summary\">{Html.Encode($"{framework.Key}: {compliance.SummaryText()}")}</p>\n");
    }

    private static string RuleLink(ReportView view, string ruleId) =>
        view.Rule(ruleId) is { } rule ? $"<a href=\"{Html.Encode(rule.HelpUri)}\" title=\"{Html.Encode(rule.Title)}\">{Html.Encode(ruleId)}</a>" : Html.Encode(ruleId);

    /// <summary>Radio buttons before the table; CSS hides the rows a checked filter excludes (the groups combine).</summary>
    private static void Filters(StringBuilder html, bool baseline)
    {
        foreach (var (id, _, _) in StatusFilters)
            html.Append($"<input type=\"radio\" name=\"status\" id=\"{id}\"{(id == "f-all" ? " checked" : "")}>");
        html.Append("<input type=\"radio\" name=\"severity\" id=\"v-any\" checked>");
        foreach (var severity in Severities) html.Append($"<input type=\"radio\" name=\"severity\" id=\"v-{severity.ToName()}\">");
        if (baseline) html.Append("<input type=\"radio\" name=\"change\" id=\"c-any\" checked><input type=\"radio\" name=\"change\" id=\"c-new\">");
        html.Append("\n<div class=\"filters\"><fieldset><legend>Status</legend>");
        foreach (var (id, label, _) in StatusFilters) html.Append($"<label for=\"{id}\">{label}</label>");
        html.Append("</fieldset><fieldset><legend>Severity</legend><label for=\"v-any\">any</label>");
        foreach (var severity in Severities) html.Append($"<label for=\"v-{severity.ToName()}\">{severity.ToName()}</label>");
        html.Append("</fieldset>");
        if (baseline) html.Append("<fieldset><legend>Change</legend><label for=\"c-any\">any</label><label for=\"c-new\">new</label></fieldset>");
        html.Append("</div>\n");
    }

    private static string FilterStyle(bool baseline)
    {
        var css = new StringBuilder();
        foreach (var (id, _, rowClass) in StatusFilters.Where(f => f.RowClass.Length > 0))
            css.Append($"#{id}:checked~table tbody tr:not(.{rowClass}){{display:none}}\n");
        foreach (var severity in Severities)
            css.Append($"#v-{severity.ToName()}:checked~table tbody tr:not(.v-{severity.ToName()}){{display:none}}\n");
        if (baseline) css.Append("#c-new:checked~table tbody tr:not(.b-new){display:none}\n");
        // The checked filters are marked, since the radio buttons themselves are hidden behind their labels.
        foreach (var id in StatusFilters.Select(f => f.Id).Concat(["v-any"]).Concat(Severities.Select(s => $"v-{s.ToName()}")).Concat(baseline ? ["c-any", "c-new"] : []))
            css.Append($"#{id}:checked~.filters label[for={id}]{{background:#222;color:#fff;border-color:#222}}\n");
        css.Append(".results>input:focus-visible~.filters{outline:2px solid #3498db}\n");
        return css.ToString();
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
            var classes = $"s-{status.ToLowerInvariant()} v-{r.Severity.ToName()}"
                + (r.Status is ResultStatus.Fail or ResultStatus.Unknown ? " open" : "")
                + (r.Baseline == BaselineState.New ? " b-new" : "");
            html.Append($"<tr class=\"{classes}\">")
                .Append(withChange ? $"<td>{ResultText.Baseline(r.Baseline)}</td>" : "")
                .Append($"<td class=\"st-{status.ToLowerInvariant()}\">{status}</td>")
                .Append($"<td><span class=\"sev\" style=\"background:{HtmlChart.SeverityColor(r.Severity)}\">{ResultText.Severity(r.Severity)}</span></td>")
                .Append($"<td><a href=\"{Html.Encode(view.HelpUri(r))}\">{Html.Encode(r.RuleId)}</a><br>{Html.Encode(view.Title(r))}</td>")
                .Append($"<td><a href=\"{Html.Encode(view.RecommendationUrl(r.Recommendation))}\">{Html.Encode(view.RecommendationTitle(r.Recommendation))}</a></td>")
                .Append($"<td>{Html.Encode(r.AccountId)}</td><td class=\"res\">{Html.Encode(r.Resource)}</td>")
                .Append($"<td>{Html.Encode(r.Message)}{Evidence(r)}{Detail(r)}{Facts(r)}</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    private static string Evidence(RuleResult r) =>
        r.Evidence.Count == 0 ? "" : "<ul class=\"detail\">" + string.Concat(r.Evidence.Select(e => $"<li>{Html.Encode(e)}</li>")) + "</ul>";

    /// <summary>The facts behind the verdict, folded: a reviewer opens them to check the values the rule read.</summary>
    private static string Facts(RuleResult r) =>
        r.Facts.Count == 0
            ? ""
            : $"<details class=\"detail\"><summary>{r.Facts.Count} fact(s) behind the verdict</summary><ul>"
              + string.Concat(r.Facts.Select(f => $"<li>{Html.Encode(f.Describe())}</li>")) + "</ul></details>";

    private static string Detail(RuleResult r) =>
        ResultText.Detail(r) is { } detail ? $"<div class=\"detail\">{Html.Encode(detail)}</div>" : "";
}
