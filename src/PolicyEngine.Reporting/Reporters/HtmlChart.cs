using System.Globalization;
using System.Text;
using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;

namespace PolicyEngine.Reporting.Reporters;

/// <summary>
/// An inline SVG bar chart: one bar per recommendation, split into failing results by severity, then unknown,
/// suppressed and passing. Inline SVG keeps the HTML report one file with no scripts or external assets.
/// </summary>
internal static class HtmlChart
{
    private const int LabelWidth = 360, BarWidth = 420, RowHeight = 26, BarHeight = 18, Top = 34;

    internal sealed record Segment(string Label, string Color, Func<RuleResult, bool> Matches);

    public static readonly IReadOnlyList<Segment> Segments =
    [
        .. new[] { Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Info }.Select(s =>
            new Segment($"fail {s.ToName()}", SeverityColor(s), r => r.Status == ResultStatus.Fail && r.Severity == s)),
        new("unknown", "#8e44ad", r => r.Status == ResultStatus.Unknown),
        new("suppressed", "#95a5a6", r => r.Status == ResultStatus.Suppressed),
        new("pass", "#27ae60", r => r.Status == ResultStatus.Pass),
    ];

    public static string SeverityColor(Severity severity) => severity switch
    {
        Severity.Critical => "#7b0000",
        Severity.High => "#c0392b",
        Severity.Medium => "#e67e22",
        Severity.Low => "#f1c40f",
        _ => "#3498db",
    };

    public static string Render(ReportView view)
    {
        var groups = view.ByRecommendation().ToList();
        var max = Math.Max(1, groups.Select(g => g.Count()).DefaultIfEmpty(0).Max());
        var height = Top + groups.Count * RowHeight + 10;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{LabelWidth + BarWidth + 40}\" height=\"{height}\" role=\"img\" aria-label=\"Results per recommendation and severity\">\n");
        Legend(svg);
        for (var row = 0; row < groups.Count; row++)
        {
            var y = Top + row * RowHeight;
            var title = view.RecommendationTitle(groups[row].Key);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 8}\" y=\"{y + 13}\" text-anchor=\"end\">{Html.Encode(Shorten(title, 58))}</text>\n");
            double x = LabelWidth;
            foreach (var segment in Segments)
            {
                var count = groups[row].Count(segment.Matches);
                if (count == 0) continue;
                var width = (double)count / max * BarWidth;
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{x:0.#}\" y=\"{y}\" width=\"{width:0.#}\" height=\"{BarHeight}\" fill=\"{segment.Color}\"><title>{Html.Encode(title)}: {count} {segment.Label}</title></rect>\n");
                x += width;
            }
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 4:0.#}\" y=\"{y + 13}\">{groups[row].Count()}</text>\n");
        }
        return svg.Append("</svg>\n").ToString();
    }

    private static void Legend(StringBuilder svg)
    {
        var x = 0;
        foreach (var segment in Segments)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{segment.Color}\"/><text x=\"{x + 16}\" y=\"16\">{segment.Label}</text>\n");
            x += 16 + segment.Label.Length * 7 + 14;
        }
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

internal static class Html
{
    public static string Encode(string? text) => System.Net.WebUtility.HtmlEncode(text ?? "");
}
