using System.Text;
using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;

namespace PolicyEngine.Reporting.Reporters;

/// <summary>
/// The readable default: results grouped by recommendation, severity coloured, and a summary line. When results
/// carry baseline states it leads with what changed. Colour only on a terminal without NO_COLOR; a file or a
/// redirected stream gets plain text. Option showPassed=false hides passing results (they are still counted).
/// With a framework (evaluate --framework) it groups by that framework's requirements instead: each with its status,
/// the rules that check it and the results that are not passing (passing ones are counted), then a requirement summary.
/// </summary>
public sealed class ConsoleReporter(ReporterOptions options) : TextReporter
{
    private const string Reset = "\u001b[0m", Bold = "\u001b[1m", Dim = "\u001b[2m";

    private readonly bool _showPassed = options.GetBool("showPassed", true);

    public ConsoleReporter() : this(ReporterOptions.Empty) { }

    public override string Name => "console";

    protected override string Render(EvaluationReport report, ReportTarget target)
    {
        var view = new ReportView(report);
        var paint = new Painter(target.SupportsColor);
        var text = new StringBuilder();
        text.Append(paint.Apply(Bold, $"{ToolInfo.Name} {report.ToolVersion}"))
            .Append($" · evaluated {report.EvaluatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC\n\n");

        if (view.HasBaseline)
        {
            text.Append(paint.Apply(Bold, ResultText.ChangesHeadline(view.Summary))).Append('\n');
            foreach (var r in view.Changes())
                text.Append($"  {ResultText.Baseline(r.Baseline),-9} ").Append(Line(r, paint)).Append('\n');
            text.Append('\n');
        }

        if (view.SelectedCompliance is { } compliance)
            Compliance(text, compliance, paint);
        else
            ByRecommendation(text, view, paint);

        var summary = view.Summary;
        var verdict = summary.Fail > 0 ? paint.Apply(SeverityColor(Severity.High), "FAILED") : paint.Apply(StatusColor(ResultStatus.Pass), "OK");
        return text.Append($"{verdict}: {summary.ToText()}\n").ToString();
    }

    private void ByRecommendation(StringBuilder text, ReportView view, Painter paint)
    {
        foreach (var group in view.ByRecommendation())
        {
            text.Append(paint.Apply(Bold, view.RecommendationTitle(group.Key))).Append('\n');
            var shown = group.Where(r => _showPassed || r.Status != ResultStatus.Pass)
                .OrderBy(r => ReportView.StatusOrder(r.Status)).ThenByDescending(r => r.Severity).ToList();
            foreach (var r in shown)
            {
                text.Append("  ").Append(Line(r, paint)).Append('\n');
                foreach (var evidence in r.Evidence) text.Append(paint.Apply(Dim, $"      - {evidence}")).Append('\n');
                if (ResultText.Detail(r) is { } detail) text.Append(paint.Apply(Dim, $"      {detail}")).Append('\n');
            }
            if (shown.Count < group.Count()) text.Append(paint.Apply(Dim, $"  ({group.Count() - shown.Count} passed)")).Append('\n');
            text.Append('\n');
        }
    }

    private static void Compliance(StringBuilder text, ComplianceView compliance, Painter paint)
    {
        var framework = compliance.Framework;
        text.Append(paint.Apply(Bold, framework.Name)).Append($"  [{framework.Key}]\n");
        if (framework.Url is not null) text.Append(paint.Apply(Dim, framework.Url)).Append('\n');
        if (framework.Scope is not null) text.Append(paint.Apply(Dim, "Scope: " + framework.Scope)).Append('\n');
        text.Append('\n');
        var idWidth = Math.Min(32, compliance.Requirements.Select(r => r.Requirement.Id.Length).DefaultIfEmpty(0).Max());
        foreach (var outcome in compliance.Requirements)
        {
            var status = ComplianceView.Name(outcome.Status).ToUpperInvariant();
            text.Append(paint.Apply(RequirementColor(outcome.Status), $"{status,-11}")).Append(' ')
                .Append(paint.Apply(Bold, outcome.Requirement.Id.PadRight(idWidth))).Append("  ").Append(outcome.Requirement.Title).Append('\n');
            var indent = new string(' ', 12);
            if (outcome.RuleIds.Count == 0)
            {
                text.Append(paint.Apply(Dim, indent + "no rule checks this requirement")).Append('\n');
                continue;
            }
            var counts = new[] { (ResultStatus.Fail, "fail"), (ResultStatus.Unknown, "unknown"), (ResultStatus.Suppressed, "suppressed"), (ResultStatus.Pass, "pass") }
                .Where(c => outcome.Count(c.Item1) > 0).Select(c => $"{outcome.Count(c.Item1)} {c.Item2}").ToList();
            text.Append(paint.Apply(Dim, $"{indent}rules {string.Join(", ", outcome.RuleIds)}: {(counts.Count == 0 ? "no results (no subject to judge)" : string.Join(", ", counts))}")).Append('\n');
            foreach (var r in outcome.Results.Where(r => r.Status != ResultStatus.Pass))
            {
                text.Append(indent).Append(Line(r, paint)).Append('\n');
                if (ResultText.Detail(r) is { } detail) text.Append(paint.Apply(Dim, $"{indent}    {detail}")).Append('\n');
            }
        }
        text.Append('\n').Append(paint.Apply(Bold, $"{framework.Key}: {compliance.SummaryText()}")).Append("\n\n");
    }

    private static string RequirementColor(RequirementStatus status) => status switch
    {
        RequirementStatus.Fail => StatusColor(ResultStatus.Fail),
        RequirementStatus.Unknown => StatusColor(ResultStatus.Unknown),
        RequirementStatus.Pass => StatusColor(ResultStatus.Pass),
        _ => "\u001b[90m",
    };

    private static string Line(RuleResult r, Painter paint) =>
        $"{paint.Apply(StatusColor(r.Status), $"{ResultText.Status(r.Status),-10}")} " +
        $"{paint.Apply(SeverityColor(r.Severity), $"{ResultText.Severity(r.Severity),-8}")} " +
        $"{r.RuleId}  {r.AccountId}  {r.Resource}  {r.Message}";

    private static string StatusColor(ResultStatus status) => status switch
    {
        ResultStatus.Fail => "\u001b[31m",
        ResultStatus.Pass => "\u001b[32m",
        ResultStatus.Unknown => "\u001b[35m",
        _ => "\u001b[90m",
    };

    private static string SeverityColor(Severity severity) => severity switch
    {
        Severity.Critical => "\u001b[1;91m",
        Severity.High => "\u001b[91m",
        Severity.Medium => "\u001b[33m",
        Severity.Low => "\u001b[36m",
        _ => "\u001b[90m",
    };

    /// <summary>Wraps text in an ANSI colour when colour is on; otherwise leaves it plain.</summary>
    private readonly record struct Painter(bool Enabled)
    {
        public string Apply(string code, string text) => Enabled ? code + text + Reset : text;
    }
}
