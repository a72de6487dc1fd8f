using System.Text.Json;
using System.Xml.Linq;
using PolicyEngine.Reporting.Reporters;
using PolicyEngine.Reporting.Tests.Asff;

namespace PolicyEngine.Reporting.Tests;

/// <summary>A not-applicable result in every format: named as such, never a failure, mapped to what SARIF and Security Hub expect.</summary>
public sealed class NotApplicableReportTests
{
    private const string Message = "The root user of account 222222222222 has no password, access keys or signing certificates.";

    /// <summary>The fixture with the audit account's MA0401 result turned not applicable.</summary>
    private static EvaluationReport Report()
    {
        var report = ReportFixture.Create();
        return report with
        {
            Results = report.Results.Select(r => r.RuleId == "MA0401" && r.AccountId == ReportFixture.Audit
                ? r with { Status = ResultStatus.NotApplicable, Message = Message }
                : r).ToList(),
        };
    }

    [Fact]
    public async Task Json_names_the_status_counts_it_and_reads_it_back()
    {
        var text = await Render.ToStringAsync("json", Report());
        var json = JsonNode.Parse(text)!;
        var result = json["results"]!.AsArray().Single(r => (string?)r!["message"] == Message)!;
        Assert.Equal("notApplicable", (string?)result["status"]);
        Assert.Equal(1, (int?)json["summary"]!["notApplicable"]);
        Assert.Contains("\"notApplicable\"", JsonReportDocument.Schema());
        // Read back as a baseline, the status survives.
        var path = Path.Combine(Path.GetTempPath(), $"pe-na-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(path, text);
            Assert.Contains(JsonReportReader.Read(path), r => r.Status == ResultStatus.NotApplicable);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Sarif_writes_kind_notApplicable_with_level_none_only_with_passing_results()
    {
        var with = JsonNode.Parse(await Render.ToStringAsync("sarif", Report(), new Dictionary<string, string> { ["includePassed"] = "true" }))!;
        var result = with["runs"]![0]!["results"]!.AsArray().Single(r => ((string?)r!["message"]!["text"])!.StartsWith(Message, StringComparison.Ordinal))!;
        Assert.Equal(("notApplicable", "none"), ((string?)result["kind"], (string?)result["level"]));

        var without = JsonNode.Parse(await Render.ToStringAsync("sarif", Report()))!;
        Assert.DoesNotContain(without["runs"]![0]!["results"]!.AsArray(), r => (string?)r!["kind"] == "notApplicable");
    }

    [Fact]
    public async Task Asff_reports_not_available_archived_and_informational()
    {
        var findings = JsonNode.Parse(await Render.ToStringAsync("asff", Report(), Render.AsffOptions))!.AsArray();
        var finding = findings.Single(f => (string?)f!["Description"] == Message)!.AsObject();
        AsffAssert.Valid(finding);
        Assert.Equal(("NOT_AVAILABLE", "ARCHIVED", "INFORMATIONAL", "notApplicable"),
            ((string?)finding["Compliance"]!["Status"], (string?)finding["RecordState"], (string?)finding["FindingProviderFields"]!["Severity"]!["Label"],
             (string?)finding["ProductFields"]!["PolicyEngine/Status"]));
    }

    [Fact]
    public async Task JUnit_skips_it_and_the_human_formats_say_N_A()
    {
        var junit = XDocument.Parse(await Render.ToStringAsync("junit", Report()));
        var testCase = junit.Descendants("testcase").Single(c => c.Element("skipped")?.Attribute("message")?.Value == $"not applicable: {Message}");
        Assert.Null(testCase.Element("failure"));

        foreach (var format in new[] { "console", "markdown", "html" })
        {
            var text = await Render.ToStringAsync(format, Report());
            Assert.Contains("1 not applicable", text);
            Assert.Contains(format == "markdown" ? "## Not applicable (1)" : "N/A", text);
        }
    }
}
