
namespace PolicyEngine.Reporting.Tests.Asff;

public sealed class AsffFindingTests
{
    private static async Task<JsonArray> AsffOf(EvaluationReport report) =>
        JsonNode.Parse(await Render.ToStringAsync("asff", report, Render.AsffOptions))!.AsArray();

    [Fact]
    public async Task Every_finding_meets_the_model()
    {
        var findings = await AsffOf(ReportFixture.Create());
        Assert.Equal(ReportFixture.Create().Results.Count, findings.Count);
        foreach (var finding in findings) AsffAssert.Valid(finding!.AsObject());
    }

    [Fact]
    public async Task Findings_map_status_severity_and_suppression()
    {
        var findings = (await AsffOf(ReportFixture.Create())).Select(f => f!.AsObject()).ToList();
        JsonObject Of(string rule, string account) => findings.Single(f =>
            (string?)f["ProductFields"]!["PolicyEngine/RuleId"] == rule && (string?)f["ProductFields"]!["PolicyEngine/AccountId"] == account);

        var failing = Of("MA0401", ReportFixture.Management);
        Assert.Equal("FAILED", (string?)failing["Compliance"]!["Status"]);
        Assert.Equal("CRITICAL", (string?)failing["FindingProviderFields"]!["Severity"]!["Label"]);
        Assert.Equal("ACTIVE", (string?)failing["RecordState"]);
        Assert.Equal(
            ["AWS management account best practices v1 best-practices_mgmt-acct_mfa", "AWS IAM root user best practices ru-bp-mfa", "Security Hub IAM.9", "CIS AWS Foundations Benchmark v3.0.0 1.5"],
            failing["Compliance"]!["RelatedRequirements"]!.AsArray().Select(n => (string)n!));
        // CIS v3.0.0 is published as a Security Hub standard; the rule's mapping to it names that standard.
        Assert.Equal(["standards/cis-aws-foundations-benchmark/v/3.0.0"],
            failing["Compliance"]!["AssociatedStandards"]!.AsArray().Select(n => (string)n!["StandardsId"]!));
        // A rule mapped to no framework with a Security Hub standard claims none.
        Assert.Null(Of("MA0501", ReportFixture.Management)["Compliance"]!["AssociatedStandards"]);
        Assert.Equal("https://github.com/policyengine/policyengine/blob/main/docs/rules/MA0401.md", (string?)failing["Remediation"]!["Recommendation"]!["Url"]);
        Assert.Equal((string?)failing["CreatedAt"], (string?)failing["UpdatedAt"]); // a new finding: CreatedAt = UpdatedAt

        var passing = Of("MA0401", ReportFixture.Audit);
        Assert.Equal(("PASSED", "ARCHIVED", "INFORMATIONAL"),
            ((string?)passing["Compliance"]!["Status"], (string?)passing["RecordState"], (string?)passing["FindingProviderFields"]!["Severity"]!["Label"]));

        var suppressed = Of("MA0401", ReportFixture.Sandbox);
        Assert.Equal("SUPPRESSED", (string?)suppressed["Workflow"]!["Status"]);
        Assert.Contains("Sandbox accounts are closed monthly", (string?)suppressed["Note"]!["Text"]);

        Assert.Equal("NOT_AVAILABLE", (string?)Of("MA0302", ReportFixture.Management)["Compliance"]!["Status"]);
        // The member account a finding is about is named in Resources; AwsAccountId is the importing account.
        var member = Of("MA0401", ReportFixture.Workloads);
        Assert.Equal(ReportFixture.Management, (string?)member["AwsAccountId"]);
        Assert.Equal("arn:aws:iam::333333333333:root", (string?)member["Resources"]![0]!["Id"]);
    }

    [Fact]
    public async Task Long_texts_are_trimmed_to_valid_values()
    {
        var huge = new string('x', 5000) + " \U0001F600 end";
        var report = ReportFixture.Create();
        report = report with
        {
            Rules = report.Rules.Select(r => r with { Title = "T" + huge, Remediation = huge, RelatedRequirements = Enumerable.Range(1, 40).Select(i => $"CIS {i}").ToList() }).ToList(),
            Results = report.Results.Select(r => r with
            {
                Message = huge,
                Evidence = Enumerable.Range(1, 500).Select(i => $"arn:aws:s3:::bucket-{i}").ToList(),
                Suppression = r.Suppression is null ? null : r.Suppression with { Justification = huge },
            }).ToList(),
        };
        foreach (var finding in await AsffOf(report)) AsffAssert.Valid(finding!.AsObject());
    }

    [Fact]
    public void A_finding_too_large_even_when_trimmed_is_refused_not_sent()
    {
        var result = ReportFixture.Result("MA0101", ResultStatus.Fail, ReportFixture.Management, "arn:aws:s3:::" + new string('b', 300_000), "too big");
        var report = ReportFixture.Create() with { Results = [result] };
        var plan = new FindingPlanner(new AsffFindingFactory(new SecurityHubTarget(ReportFixture.Management, "us-east-1"))).Plan(report, [], DateTimeOffset.UnixEpoch);
        Assert.Empty(plan.Imports);
        Assert.Equal("FindingTooLarge", Assert.Single(plan.Undeliverable).ErrorCode);
    }

    [Fact]
    public void Finding_ids_are_stable_and_distinct()
    {
        var results = ReportFixture.Create().Results;
        var ids = results.Select(AsffFindingFactory.FindingId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids, ReportFixture.Create().Results.Select(AsffFindingFactory.FindingId));
        Assert.Equal("policyengine/MA0101/111111111111/770a2ed6d0fe9421b1f9e2a9b39e7986", ids[0]);
    }
}
