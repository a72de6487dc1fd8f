using System.Xml.Linq;

namespace PolicyEngine.Reporting.Tests;

public sealed class HtmlReporterTests
{
    [Fact]
    public async Task The_page_is_self_contained_with_an_inline_chart_and_failures_first()
    {
        var html = await Render.ToStringAsync("html", ReportFixture.Create());

        foreach (var external in new[] { "<script", "<link", "src=", "url(", "@import" })
            Assert.DoesNotContain(external, html, StringComparison.OrdinalIgnoreCase);
        var svg = html[html.IndexOf("<svg", StringComparison.Ordinal)..(html.IndexOf("</svg>", StringComparison.Ordinal) + 6)];
        var chart = XElement.Parse(svg); // well-formed SVG
        XNamespace ns = "http://www.w3.org/2000/svg";
        // One labelled row per recommendation that has results (7 in the fixture), segments titled with their counts.
        Assert.Contains(chart.Descendants(ns + "title"), t => t.Value == "Enable MFA for your root user credentials: 2 fail critical");

        var rows = html.Split("<tr>").Skip(2).ToList(); // after the header row
        var firstPass = rows.FindIndex(r => r.Contains("class=\"st-pass\""));
        Assert.True(rows.Take(firstPass).All(r => !r.Contains("class=\"st-pass\"")) && rows.Skip(firstPass).All(r => r.Contains("class=\"st-pass\"")),
            "passing results must come after every failing, unknown and suppressed one");
        Assert.StartsWith("<td class=\"st-fail\">FAIL</td><td><span class=\"sev\" style=\"background:#7b0000\">CRITICAL", rows[0]);
        Assert.Contains("<a href=\"https://github.com/policyengine/policyengine/blob/main/docs/rules/MA0401.md\">MA0401</a>", rows[0]);
    }

    [Fact]
    public async Task Text_from_results_is_escaped()
    {
        var html = await Render.ToStringAsync("html", ReportFixture.Create());
        Assert.Contains("has no subscriber &lt;none&gt;.", html);
    }
}
