using PolicyEngine.Reporting.Reporters;

namespace PolicyEngine.Reporting.Tests;

public sealed class JsonReportReaderTests
{
    [Fact]
    public async Task A_json_report_reads_back_to_the_same_results()
    {
        var report = ReportFixture.WithBaseline();

        var read = JsonReportReader.Read(await WriteAsync(report));

        Assert.Equal(report.Results, read, new ResultComparer());
    }

    [Fact]
    public async Task A_json_report_reads_back_to_a_run_that_publishes_the_same_findings()
    {
        var report = ReportFixture.Create();

        var read = JsonReportReader.ReadReport(await WriteAsync(report));

        Assert.Equal(report.EvaluatedAt, read.EvaluatedAt);
        Assert.Equal(report.ToolVersion, read.ToolVersion);
        Assert.Equal(report.SeverityOverrides, read.SeverityOverrides);
        Assert.Equal(report.Rules.Select(r => r.Id), read.Rules.Select(r => r.Id));
        // What matters downstream: the Security Hub findings of the re-read run are exactly those of the original.
        Assert.Equal(await Render.ToStringAsync("asff", report, Render.AsffOptions), await Render.ToStringAsync("asff", read, Render.AsffOptions));
    }

    [Fact]
    public async Task A_json_report_file_holds_exactly_the_text_the_console_gets_in_utf8_with_a_final_newline()
    {
        // The file is written from UTF-8 bytes, the console from text: both must be the one document.
        var report = ReportFixture.Create() with { ToolVersion = "1.0 \"ünïcødé\" \u2028 <tag> & ✓" };
        var console = await Render.ToStringAsync("json", report);
        var file = await File.ReadAllBytesAsync(await WriteAsync(report));
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(console), file);
        Assert.EndsWith("}\n", console, StringComparison.Ordinal);
        Assert.Contains("ünïcødé", console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_format_has_the_documented_fields()
    {
        var json = JsonNode.Parse(await Render.ToStringAsync("json", ReportFixture.Create()))!;
        Assert.Equal(1, (int)json["schemaVersion"]!);
        Assert.Equal("PolicyEngine", (string?)json["tool"]!["name"]);
        Assert.Equal("0.1.0-test", (string?)json["tool"]!["version"]);
        Assert.Equal(6, (int)json["summary"]!["fail"]!);
        var result = json["results"]![0]!.AsObject();
        Assert.Equal(
            ["ruleId", "recommendation", "status", "severity", "accountId", "resource", "message", "title", "category", "evidence", "unknownReason", "suppression", "baseline"],
            result.Select(p => p.Key));
        Assert.Equal("fail", (string?)result["status"]);
        Assert.Equal("high", (string?)result["severity"]);
    }

    [Fact]
    public async Task The_report_validates_against_its_published_schema()
    {
        var schema = ReportSchema.Instance;
        var options = new Json.Schema.EvaluationOptions { OutputFormat = Json.Schema.OutputFormat.List, RequireFormatValidation = true };
        foreach (var report in new[] { ReportFixture.Create(), ReportFixture.WithBaseline() })
        {
            var json = System.Text.Json.JsonDocument.Parse(await Render.ToStringAsync("json", report)).RootElement;
            var result = schema.Evaluate(json, options);
            Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        }
        // The schema is strict enough to catch a wrong status.
        var broken = JsonNode.Parse(await Render.ToStringAsync("json", ReportFixture.Create()))!;
        broken["results"]![0]!["status"] = "failed";
        Assert.False(schema.Evaluate(System.Text.Json.JsonDocument.Parse(broken.ToJsonString()).RootElement, options).IsValid);
    }

    [Theory]
    [InlineData("{\"schemaVersion\": 2, \"results\": []}", "schemaVersion 2 is not supported")]
    [InlineData("{\"schemaVersion\": 1, \"results\": [", "not a JSON report")]
    [InlineData("{\"schemaVersion\": 1, \"results\": [{\"ruleId\":\"X\",\"status\":\"fail\",\"severity\":\"dire\",\"accountId\":\"1\",\"resource\":\"r\"}]}", "unknown severity 'dire'")]
    public void A_bad_report_is_refused_with_a_reason(string content, string expected)
    {
        var path = Path.Combine(Repository.TempDirectory(), "bad.json");
        File.WriteAllText(path, content);
        var error = Assert.Throws<JsonReportException>(() => JsonReportReader.Read(path));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_missing_report_is_refused()
    {
        var error = Assert.Throws<Core.Files.InputFileException>(() => JsonReportReader.Read("/nonexistent/report.json"));
        Assert.Equal(Core.Files.InputProblem.NotFound, error.Problem);
        Assert.Contains("/nonexistent/report.json", error.Message);
    }

    [Theory]
    [InlineData("{\"schemaVersion\": 1, \"results\": [null]}", "(1,34)", "$.results[0] is null")]
    [InlineData("{\"schemaVersion\": 1,\n \"schemaVersion\": 2, \"results\": []}", "(2,", "'schemaVersion' appears more than once")]
    [InlineData("{\"schemaVersion\": 1, \"results\": [{\"ruleId\": \"A\", \"ruleId\": \"B\"}]}", "(1,", "'ruleId' appears more than once")]
    public async Task Null_items_and_duplicate_properties_are_refused_at_their_line_and_column(string json, string location, string expected)
    {
        var path = Path.Combine(Repository.TempDirectory(), "baseline.json");
        await File.WriteAllTextAsync(path, json);
        var error = Assert.Throws<JsonReportException>(() => JsonReportReader.Read(path));
        Assert.Contains(path + location, error.Message);
        Assert.Contains(expected, error.Message);
    }

    private static async Task<string> WriteAsync(EvaluationReport report)
    {
        var path = Path.Combine(Repository.TempDirectory(), "report.json");
        await new JsonReporter().WriteAsync(report, ReportTarget.File(path), CancellationToken.None);
        return path;
    }

    /// <summary>RuleResult holds lists, which records compare by reference; compare their items.</summary>
    private sealed class ResultComparer : IEqualityComparer<RuleResult>
    {
        public bool Equals(RuleResult? x, RuleResult? y) =>
            x is not null && y is not null && x with { Evidence = [] } == y with { Evidence = [] } && x.Evidence.SequenceEqual(y.Evidence);

        public int GetHashCode(RuleResult obj) => obj.Key.GetHashCode();
    }
}
