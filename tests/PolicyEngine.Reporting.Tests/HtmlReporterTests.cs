namespace PolicyEngine.Reporting.Tests;

public sealed class HtmlReporterTests
{
    [Fact]
    public async Task The_page_is_self_contained_with_a_chart_and_failures_first()
    {
        var html = await Render.ToStringAsync("html", ReportFixture.Create());

        foreach (var external in new[] { "<script", "<link", "src=", "url(", "@import" })
            Assert.DoesNotContain(external, html, StringComparison.OrdinalIgnoreCase);

        var chart = html[html.IndexOf("<div class=\"chart\"", StringComparison.Ordinal)..];
        chart = chart[..chart.IndexOf("\n</div>", StringComparison.Ordinal)];
        // Every recommendation's title is page text, whole (it wraps; nothing is cut at an edge), one row each, failing rows first.
        var labels = chart.Split("<div class=\"label\" role=\"cell\">").Skip(1).Select(l => l[(l.IndexOf('>') + 1)..l.IndexOf("</a>", StringComparison.Ordinal)]).ToList();
        Assert.Equal(8, labels.Count);
        Assert.DoesNotContain("…", chart);
        Assert.Contains("Use the management account only for tasks that require the management account", labels);
        Assert.Equal("Enable MFA for your root user credentials", labels[0]); // two failures, the most
        Assert.True(labels.IndexOf("Use a complex password for the management account&#39;s root user") > labels.IndexOf("Apply controls to monitor access to the root user credentials"),
            "a recommendation with only an unknown result comes after those that fail");
        Assert.Equal(["Use a group email address for the management account&#39;s root user", "Add a phone number to the account contact information"], labels[^2..]);
        Assert.Contains("title=\"Enable MFA for your root user credentials: 2 fail critical\"", chart);

        var rows = html[html.IndexOf("<section class=\"results\">", StringComparison.Ordinal)..].Split("<tr class=\"").Skip(1).ToList();
        var firstPass = rows.FindIndex(r => r.StartsWith("s-pass", StringComparison.Ordinal));
        Assert.True(firstPass > 0 && rows.Skip(firstPass).All(r => r.StartsWith("s-pass", StringComparison.Ordinal)),
            "passing results must come after every failing, unknown and suppressed one");
        Assert.StartsWith("s-fail v-critical open\"><td class=\"st-fail\">FAIL</td><td><span class=\"sev\" style=\"background:#7b0000\">CRITICAL", rows[0]);
        Assert.Contains("<a href=\"https://github.com/policyengine/policyengine/blob/main/docs/rules/MA0401.md\">MA0401</a>", rows[0]);
    }

    [Fact]
    public async Task Filters_by_status_and_severity_work_without_scripts()
    {
        var html = await Render.ToStringAsync("html", ReportFixture.WithBaseline());
        var section = html[html.IndexOf("<section class=\"results\">", StringComparison.Ordinal)..];
        // The radio buttons precede the table, so a checked one hides, through the sibling combinator, the rows it excludes.
        Assert.True(section.IndexOf("id=\"f-open\"", StringComparison.Ordinal) < section.IndexOf("<table>", StringComparison.Ordinal));
        Assert.Contains("<input type=\"radio\" name=\"status\" id=\"f-all\" checked>", section);
        Assert.Contains("#f-open:checked~table tbody tr:not(.open){display:none}", html);
        Assert.Contains("#v-critical:checked~table tbody tr:not(.v-critical){display:none}", html);
        Assert.Contains("#c-new:checked~table tbody tr:not(.b-new){display:none}", html); // with a baseline: new failures only
        Assert.Contains("<tr class=\"s-fail v-critical open b-new\">", section); // MA0401 on 333333333333 is new
        Assert.Contains("<tr class=\"s-unknown v-info open\">", section);
        Assert.Contains("<label for=\"f-fail\">fail</label>", section);
    }

    [Fact]
    public async Task Text_from_results_is_escaped()
    {
        var html = await Render.ToStringAsync("html", ReportFixture.Create());
        Assert.Contains("has no subscriber &lt;none&gt;.", html);
    }
}
