using System.Globalization;
using System.Text;
using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;

namespace PolicyEngine.Reporting.Reporters;

/// <summary>
/// A bar chart in HTML and CSS: one row per recommendation (or per requirement of the framework asked for), split
/// into failing results by severity, then unknown, suppressed and passing. The labels are page text, not SVG text
/// placed against a fixed edge, so a long title wraps instead of being cut off; rows with failures come first.
/// </summary>
internal static class HtmlChart
{
    internal sealed record Segment(string Label, string Color, Func<RuleResult, bool> Matches);

    /// <summary>One row: what it is about (title, link, ID), and its results.</summary>
    internal sealed record Row(string Title, string? Url, string? Id, IReadOnlyList<RuleResult> Results, string? Note = null);

    public static readonly IReadOnlyList<Segment> Segments =
    [
        .. new[] { Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Info }.Select(s =>
            new Segment($"fail {s.ToName()}", SeverityColor(s), r => r.Status == ResultStatus.Fail && r.Severity == s)),
        new("unknown", "#8e44ad", r => r.Status == ResultStatus.Unknown),
        new("suppressed", "#95a5a6", r => r.Status == ResultStatus.Suppressed),
        new("pass", "#27ae60", r => r.Status == ResultStatus.Pass),
        new("not applicable", "#bdc3c7", r => r.Status == ResultStatus.NotApplicable),
    ];

    public const string Style = """
        .chart{display:grid;grid-template-columns:minmax(10rem,26rem) minmax(12rem,1fr) 3rem;gap:.35rem .8rem;align-items:center;margin:1rem 0}
        .chart .label{overflow-wrap:anywhere;line-height:1.25} .chart .label code{color:#666;font-size:.8rem}
        .chart .bar{display:flex;height:1.1rem;background:#f3f3f3;border-radius:2px;overflow:hidden}
        .chart .bar span{display:block;height:100%} .chart .count{font-variant-numeric:tabular-nums;color:#444}
        .legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:.85rem;margin:.5rem 0}
        .legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-.1rem}
        """;

    public static string SeverityColor(Severity severity) => severity switch
    {
        Severity.Critical => "#7b0000",
        Severity.High => "#c0392b",
        Severity.Medium => "#e67e22",
        Severity.Low => "#f1c40f",
        _ => "#3498db",
    };

    public static string Render(IReadOnlyList<Row> rows, string caption)
    {
        var max = Math.Max(1, rows.Select(r => r.Results.Count).DefaultIfEmpty(0).Max());
        var html = new StringBuilder();
        html.Append("<div class=\"legend\" aria-hidden=\"true\">");
        foreach (var segment in Segments)
            html.Append($"<span><i style=\"background:{segment.Color}\"></i>{segment.Label}</span>");
        html.Append("</div>\n");
        html.Append($"<div class=\"chart\" role=\"table\" aria-label=\"{Html.Encode(caption)}\">\n");
        // Failing rows first (most failures first), then unknown, then the rest in their own order.
        var ordered = rows.Select((row, index) => (row, index))
            .OrderBy(x => x.row.Results.Count == 0 ? 4 : x.row.Results.Min(r => ReportView.StatusOrder(r.Status)))
            .ThenByDescending(x => x.row.Results.Count(r => r.Status == ResultStatus.Fail))
            .ThenBy(x => x.index)
            .Select(x => x.row);
        foreach (var row in ordered)
        {
            var label = row.Url is null ? Html.Encode(row.Title) : $"<a href=\"{Html.Encode(row.Url)}\">{Html.Encode(row.Title)}</a>";
            if (row.Id is not null) label += $" <code>{Html.Encode(row.Id)}</code>";
            html.Append($"<div class=\"label\" role=\"cell\">{label}</div><div class=\"bar\" role=\"cell\">");
            foreach (var segment in Segments)
            {
                var count = row.Results.Count(segment.Matches);
                if (count == 0) continue;
                var width = ((double)count / max * 100).ToString("0.##", CultureInfo.InvariantCulture);
                html.Append($"<span style=\"width:{width}%;background:{segment.Color}\" title=\"{Html.Encode(row.Title)}: {count} {segment.Label}\"></span>");
            }
            html.Append($"</div><div class=\"count\" role=\"cell\">{(row.Results.Count == 0 ? Html.Encode(row.Note ?? "0") : row.Results.Count.ToString(CultureInfo.InvariantCulture))}</div>\n");
        }
        return html.Append("</div>\n").ToString();
    }
}

internal static class Html
{
    public static string Encode(string? text) => System.Net.WebUtility.HtmlEncode(text ?? "");
}
