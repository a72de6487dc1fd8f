using System.Text;
using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;

namespace PolicyEngine.Reporting.Reporters;

/// <summary>
/// The readable default: results grouped by recommendation, severity coloured, and a summary line. When results
/// carry baseline states it leads with what changed. Colour only on a terminal without NO_COLOR; a file or a
/// redirected stream gets plain text. Option showPassed=false hides passing results (they are still counted).
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

        var summary = view.Summary;
        var verdict = summary.Fail > 0 ? paint.Apply(SeverityColor(Severity.High), "FAILED") : paint.Apply(StatusColor(ResultStatus.Pass), "OK");
        return text.Append($"{verdict}: {summary.ToText()}\n").ToString();
    }

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
