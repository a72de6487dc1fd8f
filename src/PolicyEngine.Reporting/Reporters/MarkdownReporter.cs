using System.Text;
using PolicyEngine.Core.Results;

namespace PolicyEngine.Reporting.Reporters;

/// <summary>
/// A summary for a ticket or a pull-request comment: the counts, what changed against the baseline, a table per
/// recommendation, then the problems (failing, unknown, suppressed) with links to each rule's page.
/// Passing results are only counted, to keep comments short.
/// </summary>
public sealed class MarkdownReporter : TextReporter
{
    public override string Name => "markdown";

    protected override string Render(EvaluationReport report, ReportTarget target)
    {
        var view = new ReportView(report);
        var md = new StringBuilder();
        md.Append("# ").Append(ToolInfo.Name).Append(" report\n\n");
        md.Append($"Evaluated {report.EvaluatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC by {ToolInfo.Name} {report.ToolVersion}.\n\n");
        md.Append("**").Append(view.Summary.ToText()).Append("**\n\n");

        if (view.HasBaseline)
        {
            md.Append("## ").Append(ResultText.ChangesHeadline(view.Summary)).Append("\n\n");
            ResultTable(md, view, view.Changes().ToList(), withChange: true);
        }

        if (view.SelectedCompliance is { } compliance)
        {
            var framework = compliance.Framework;
            md.Append("## ").Append(Escape(framework.Name)).Append(" (`").Append(framework.Key).Append("`)\n\n**").Append(Escape(compliance.SummaryText())).Append("**\n\n");
            md.Append("| Status | Requirement | Rules | Failed | Unknown | Suppressed | Passed |\n|---|---|---|---:|---:|---:|---:|\n");
            foreach (var o in compliance.Requirements)
            {
                var title = o.Requirement.Url is null ? Escape(o.Requirement.Title) : $"[{Escape(o.Requirement.Title)}]({o.Requirement.Url})";
                md.Append($"| {ComplianceView.Name(o.Status)} | `{o.Requirement.Id}` {title} | {(o.RuleIds.Count == 0 ? "(none)" : string.Join(", ", o.RuleIds))} | ")
                    .Append($"{o.Count(ResultStatus.Fail)} | {o.Count(ResultStatus.Unknown)} | {o.Count(ResultStatus.Suppressed)} | {o.Count(ResultStatus.Pass)} |\n");
            }
        }
        else
        {
            md.Append("## By recommendation\n\n| Recommendation | Failed | Unknown | Suppressed | Passed |\n|---|---:|---:|---:|---:|\n");
            foreach (var group in view.ByRecommendation())
                md.Append($"| [{Escape(view.RecommendationTitle(group.Key))}]({view.RecommendationUrl(group.Key)}) | {Count(group, ResultStatus.Fail)} | {Count(group, ResultStatus.Unknown)} | {Count(group, ResultStatus.Suppressed)} | {Count(group, ResultStatus.Pass)} |\n");
        }
        md.Append('\n');

        foreach (var (status, heading) in new[] { (ResultStatus.Fail, "Failing"), (ResultStatus.Unknown, "Unknown"), (ResultStatus.Suppressed, "Suppressed"), (ResultStatus.NotApplicable, "Not applicable") })
        {
            var results = view.FailingFirst().Where(r => r.Status == status).ToList();
            if (results.Count == 0) continue;
            md.Append("## ").Append(heading).Append(" (").Append(results.Count).Append(")\n\n");
            ResultTable(md, view, results, withChange: false);
        }
        return md.ToString();
    }

    private static void ResultTable(StringBuilder md, ReportView view, IReadOnlyList<RuleResult> results, bool withChange)
    {
        if (results.Count == 0)
        {
            md.Append("Nothing.\n\n");
            return;
        }
        md.Append(withChange ? "| Change " : "").Append("| Severity | Rule | Account | Resource | Message |\n");
        md.Append(withChange ? "|---" : "").Append("|---|---|---|---|---|\n");
        foreach (var r in results)
        {
            var message = Escape(r.Message) + (ResultText.Detail(r) is { } detail ? "<br>" + Escape(detail) : "")
                + string.Concat(r.Facts.Select(f => "<br>• " + Escape(f.Describe())));
            md.Append(withChange ? $"| {ResultText.Baseline(r.Baseline)} " : "")
              .Append($"| {ResultText.Severity(r.Severity)} | [{Escape(r.RuleId)}]({view.HelpUri(r)}) {Escape(view.Title(r))} | {r.AccountId} | `{r.Resource}` | {message} |\n");
        }
        md.Append('\n');
    }

    private static int Count(IEnumerable<RuleResult> results, ResultStatus status) => results.Count(r => r.Status == status);

    // Pipes end table cells, newlines end rows and angle brackets start HTML that GitHub would swallow:
    // all are escaped so a message can neither break the table nor vanish.
    private static string Escape(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("|", "\\|").Replace("\r", "").Replace("\n", "<br>");
}
