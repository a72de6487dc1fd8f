using System.Text.Json.Nodes;
using PolicyEngine.Core.Results;

namespace PolicyEngine.Reporting.Tests;

/// <summary>
/// evaluate --framework: every report groups the results by the framework's requirements, each pass, fail, unknown
/// or not covered for the right reason, with the results under it.
/// </summary>
public sealed class ComplianceViewTests
{
    private static EvaluationReport For(string framework) => ReportFixture.Create() with { Framework = framework };

    [Fact]
    public void Each_requirement_gets_its_status_from_the_results_of_the_rules_mapped_to_it()
    {
        var view = new ReportView(For("aws-mgmt-account@v1")).SelectedCompliance!;
        Assert.Equal(
            [
                ("orgs_best-practices_mgmt-acct", RequirementStatus.Fail), // MA0101 fails
                ("best-practices_mgmt-use", RequirementStatus.Fail),
                ("best-practices_mgmt-acct_email-address", RequirementStatus.Pass),
                ("best-practices_mgmt-acct_complex-password", RequirementStatus.Unknown), // MA0302 could not be read
                ("best-practices_mgmt-acct_mfa", RequirementStatus.Fail), // MA0401 fails on two accounts, MA0402 passes
                ("best-practices_mgmt-acct_phone-number", RequirementStatus.Pass),
                ("best-practices_mgmt-acct_review-access", RequirementStatus.Fail),
                ("best-practices_mgmt-acct_document-processes", RequirementStatus.NotCovered), // no rule in this run
                ("best-practices_mgmt-acct_monitor-access", RequirementStatus.Fail),
            ],
            view.Requirements.Select(r => (r.Requirement.Id, r.Status)));
        var mfa = view.Requirements.Single(r => r.Requirement.Id == "best-practices_mgmt-acct_mfa");
        Assert.Equal(["MA0401", "MA0402"], mfa.RuleIds);
        Assert.Equal((2, 1, 5), (mfa.Count(ResultStatus.Fail), mfa.Count(ResultStatus.Suppressed), mfa.Count(ResultStatus.Pass)));
        Assert.Equal(ResultStatus.Fail, mfa.Results[0].Status); // failing first
        Assert.Equal("9 requirements: 5 fail, 1 unknown, 2 pass, 1 not covered", view.SummaryText());
    }

    [Fact]
    public void A_result_counts_under_every_requirement_its_rule_maps_to_and_uncovered_requirements_are_listed()
    {
        var view = new ReportView(For("aws-mgmt-account@v2")).SelectedCompliance!;
        Assert.Equal(6, view.Requirements.Count); // every requirement of the framework, covered or not
        var useMgmt = view.Requirements.Single(r => r.Requirement.Id == "bp_mgmt-acct_use-mgmt");
        var avoid = view.Requirements.Single(r => r.Requirement.Id == "bp_mgmt-acct_avoid-deploying");
        Assert.Equal(useMgmt.Results, avoid.Results); // MA0201 maps to both anchors
        Assert.Equal(RequirementStatus.Fail, avoid.Status);
        Assert.Equal(["bp_mgmt-acct_limit-access", "bp_mgmt-acct_default-controls", "bp_mgmt-acct_"],
            view.Requirements.Where(r => r.Status == RequirementStatus.NotCovered).Select(r => r.Requirement.Id));
        Assert.All(view.Requirements.Where(r => r.Status == RequirementStatus.NotCovered), r => Assert.Empty(r.RuleIds));
    }

    [Fact]
    public void Accepted_failures_pass_and_rules_without_results_do_not()
    {
        var report = For("aws-securityhub-controls@2026-11");
        report = report with
        {
            Results = report.Results.Where(r => r.RuleId != "MA0401" || r.Status == ResultStatus.Suppressed).ToList(),
            Rules = report.Rules.Where(r => r.Id != "MA0402").ToList(),
        };
        var view = new ReportView(report).SelectedCompliance!;
        Assert.Equal(RequirementStatus.Pass, view.Requirements.Single(r => r.Requirement.Id == "IAM.9").Status); // only a suppressed failure left
        Assert.Equal(RequirementStatus.NotCovered, view.Requirements.Single(r => r.Requirement.Id == "IAM.4").Status); // its rule did not run
    }

    [Fact]
    public void A_requirement_whose_rules_found_nothing_applicable_is_not_covered_never_passing()
    {
        var report = For("aws-securityhub-controls@2026-11");
        report = report with
        {
            Results = report.Results.Select(r => r.RuleId == "MA0401" ? r with { Status = ResultStatus.NotApplicable } : r).ToList(),
        };
        var view = new ReportView(report).SelectedCompliance!;
        var mfa = view.Requirements.Single(r => r.Requirement.Id == "IAM.9");
        Assert.Equal(RequirementStatus.NotCovered, mfa.Status);
        Assert.Equal(["MA0401"], mfa.RuleIds); // the rule is named; it judged nothing
    }

    [Fact]
    public async Task The_console_prints_each_requirement_with_status_rules_and_open_results()
    {
        var text = await Render.ToStringAsync("console", For("aws-mgmt-account@v2"));
        var lines = text.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("FAIL        bp_mgmt-acct_review-access", StringComparison.Ordinal) && l.EndsWith("Review and track who has access", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("NOT COVERED bp_mgmt-acct_default-controls", StringComparison.Ordinal));
        Assert.Contains("            no rule checks this requirement\n", text);
        Assert.Contains("            rules MA0601: 1 fail\n", text);
        Assert.Contains("aws-mgmt-account@v2: 6 requirements: 3 fail, 0 unknown, 0 pass, 3 not covered", text);
        // Results of rules mapped elsewhere only (MA0401) are not listed under this framework; the run's summary still counts them.
        Assert.DoesNotContain("MA0401", text);
        Assert.Contains("\nFAILED: ", text);
    }

    [Fact]
    public async Task The_json_report_carries_the_compliance_view_and_validates()
    {
        var json = JsonNode.Parse(await Render.ToStringAsync("json", For("cis-aws-foundations@3.0.0")))!;
        var compliance = json["compliance"]!;
        Assert.Equal(("cis-aws-foundations", "3.0.0"), ((string?)compliance["framework"], (string?)compliance["version"]));
        var item = compliance["requirements"]!.AsArray().Single(r => (string?)r!["id"] == "1.5")!;
        Assert.Equal("fail", (string?)item["status"]);
        Assert.Equal(["MA0401"], item["rules"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(4, item["findings"]!.AsArray().Count);
        Assert.Equal("notCovered", (string?)compliance["requirements"]!.AsArray().Single(r => (string?)r!["id"] == "3.1")!["status"]);
        var schema = ReportSchema.Instance;
        Assert.True(schema.Evaluate(System.Text.Json.JsonDocument.Parse(json.ToJsonString()).RootElement).IsValid);
        // Read back (publish, baseline), the run keeps its frameworks and the view asked for.
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, json.ToJsonString());
            var back = Reporters.JsonReportReader.ReadReport(path);
            Assert.Equal("cis-aws-foundations@3.0.0", back.Framework);
            Assert.Equal(ReportFixture.Frameworks.All.Select(f => f.Key), back.Frameworks.All.Select(f => f.Key));
            Assert.Equal(ReportFixture.Rules.Single(r => r.Id == "MA0401").Mappings, back.Rules.Single(r => r.Id == "MA0401").Mappings);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_html_page_shows_the_framework_failing_first()
    {
        var html = await Render.ToStringAsync("html", For("aws-iam-root-user@2026-11"));
        var table = html[html.IndexOf("<table class=\"requirements\">", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("</table>", StringComparison.Ordinal)];
        var statuses = table.Split("<tr class=\"req-").Skip(1).Select(r => r[..r.IndexOf('"')]).ToList();
        Assert.Equal(statuses.OrderBy(s => s switch { "fail" => 0, "unknown" => 1, "pass" => 2, _ => 3 }), statuses);
        Assert.Equal(12, statuses.Count);
        Assert.Contains("<code>ru-bp-multi</code>", table);
        Assert.Contains("aws-iam-root-user@2026-11: 12 requirements: 3 fail, 0 unknown, 2 pass, 7 not covered", html);
    }
}
