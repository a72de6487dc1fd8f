using System.Text.RegularExpressions;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;
using PolicyEngine.Core.Snapshots;
using PolicyEngine.Attestations;
using PolicyEngine.Tooling.Testing;
using PolicyEngine.Rules;
using PolicyEngine.Diagnostics;
using PolicyEngine.Rules.Syntax;
using PolicyEngine.Syntax;

namespace PolicyEngine.Evaluation.Tests;

/// <summary>The shipped rule pack as a whole: coverage of the AWS page, layout conventions, and the demo organization.</summary>
public class RulePackTests
{
    /// <summary>The date the demo snapshot was collected; its attestations are dated so that this date shows fresh, stale and missing evidence.</summary>
    private static readonly DateTimeOffset DemoDate = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Each recommendation's rule folder and ID prefix.</summary>
    private static readonly Dictionary<string, (string Folder, string Prefix)> Layout = new()
    {
        ["orgs_best-practices_mgmt-acct"] = ("root-user", "MA00"),
        ["best-practices_mgmt-use"] = ("management-use", "MA01"),
        ["best-practices_mgmt-acct_email-address"] = ("email", "MA02"),
        ["best-practices_mgmt-acct_complex-password"] = ("password", "MA03"),
        ["best-practices_mgmt-acct_mfa"] = ("mfa", "MA04"),
        ["best-practices_mgmt-acct_phone-number"] = ("phone", "MA05"),
        ["best-practices_mgmt-acct_review-access"] = ("review-access", "MA06"),
        ["best-practices_mgmt-acct_document-processes"] = ("procedures", "MA07"),
        ["best-practices_mgmt-acct_monitor-access"] = ("monitoring", "MA08"),
        ["bp_mgmt-acct_default-controls"] = ("default-controls", "MA09"),
        ["bp_mgmt-acct_limit-access"] = ("limit-access", "MA10"),
    };

    private static readonly Lazy<RuleSet> Shipped = new(() => YamlRuleCompiler.CompileDirectory(Repo.Path("rules"), new CompileOptions { Now = DemoDate }));

    [Fact]
    public void Every_recommendation_of_the_page_has_at_least_one_rule()
    {
        var rules = Shipped.Value;
        Assert.False(rules.HasErrors, string.Join("\n", rules.Diagnostics));
        // Every section of both versions of the page has a rule, by its recommendation or a mapping.
        foreach (var page in rules.Frameworks.RecommendationSources)
        {
            var uncovered = page.Requirements.Where(r => !rules.Rules.Any(rule => rule.Descriptor.Mappings.Any(m => m.FrameworkKey == page.Key && m.RequirementId == r.Id)));
            Assert.Empty(uncovered.Select(r => $"{page.Key} {r.Id}"));
        }
        Assert.Equal(rules.Rules.Select(r => r.Descriptor.Recommendation).Distinct().Order(), Layout.Keys.Order());
    }

    [Fact]
    public void Rules_follow_the_layout_and_cite_the_page()
    {
        foreach (var rule in Shipped.Value.Rules)
        {
            var d = rule.Descriptor;
            var (folder, prefix) = Layout[d.Recommendation];
            Assert.True(d.Id.StartsWith(prefix, StringComparison.Ordinal), $"{d.Id}: recommendation {d.Recommendation} takes IDs {prefix}xx");
            Assert.Matches($"^{folder}/{d.Id}-[a-z0-9-]+\\.yaml$", d.SourcePath);
            Assert.Contains(d.Mappings[0].Url!, d.References);
            Assert.NotNull(rule.PassMessage);

            var text = File.ReadAllText(Repo.Path("rules/" + d.SourcePath));
            Assert.StartsWith("# yaml-language-server: $schema=../../docs/schemas/rule.schema.json\n", text, StringComparison.Ordinal);
            var tests = Repo.Path("rules/" + d.SourcePath![..^".yaml".Length] + YamlRuleCompiler.TestFileSuffix);
            Assert.True(File.Exists(tests), $"{d.Id} has no sibling test file");
            Assert.StartsWith("# yaml-language-server: $schema=../../docs/schemas/rule-tests.schema.json\n", File.ReadAllText(tests), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// AWS rewrote the page and sent root-user advice to IAM's root-user best practices: every rule maps to the
    /// rewritten page or to IAM's page, besides the seed page's anchor it keeps. MA0502 alone has no place on either
    /// (neither speaks of the security alternate contact); Security Hub Account.1 and CIS 1.2 carry it.
    /// </summary>
    [Fact]
    public void Every_rule_maps_to_the_current_page_or_to_IAM_root_user_best_practices()
    {
        foreach (var rule in Shipped.Value.Rules.Where(r => r.Id != "MA0502"))
        {
            var mappings = rule.Descriptor.Mappings;
            // The recommendation comes first: the seed page's anchor, or the rewritten page's for checks the seed page lacked.
            Assert.Equal(Shipped.Value.Frameworks.FindRecommendation(rule.Descriptor.Recommendation)!.Value.Framework.Key, mappings[0].FrameworkKey);
            Assert.Equal(rule.Descriptor.Recommendation, mappings[0].RequirementId);
            Assert.True(mappings.Any(m => m.FrameworkKey is "aws-mgmt-account@v2" or "aws-iam-root-user@2026-11"),
                $"{rule.Id} maps to neither the current management-account page nor IAM's root-user best practices");
        }
    }

    /// <summary>The management-use rules map to the new page's anchors that say the same thing (current-aws-guidance.md's table).</summary>
    [Theory]
    [InlineData("MA0101", "bp_mgmt-acct_use-mgmt", "bp_mgmt-acct_avoid-deploying")]
    [InlineData("MA0102", "bp_mgmt-acct_limit-access", "bp_mgmt-acct_use-mgmt")]
    [InlineData("MA0103", "bp_mgmt-acct_use-mgmt", "bp_mgmt-acct_")]
    [InlineData("MA0601", "bp_mgmt-acct_review-access")]
    [InlineData("MA0602", "bp_mgmt-acct_review-access")]
    public void Rules_map_to_the_rewritten_page(string ruleId, params string[] anchors)
    {
        var mapped = Shipped.Value.Find(ruleId)!.Descriptor.Mappings.Where(m => m.FrameworkKey == "aws-mgmt-account@v2").Select(m => m.RequirementId);
        Assert.Equal(anchors.Order(), mapped.Order());
    }

    [Fact]
    public void Rules_that_read_collected_data_have_an_unknown_case()
    {
        foreach (var rule in Shipped.Value.Rules)
        {
            var collected = rule.Descriptor.FactTypes
                .Where(t => !(FactCatalog.Find(t)?.IsAttestation ?? false) && t != rule.Descriptor.SubjectType)
                .ToList();
            if (collected.Count == 0) continue;
            var suite = ReadSuite(rule);
            Assert.True(suite.Cases.Any(c => c.Expected.Any(e => e.Status == ResultStatus.Unknown)),
                $"{rule.Id} reads {string.Join(", ", collected)} but no test case expects unknown");
        }
    }

    [Fact]
    public void The_demo_organization_with_its_attestations_exercises_every_rule()
    {
        var snapshot = SnapshotSerializer.Read(Repo.Path("samples/demo-org.json"));
        var attestations = AttestationFile.Load(Repo.Path("samples/attestations.yaml"));
        Assert.False(attestations.HasErrors);
        var facts = attestations.ApplyTo(snapshot.Facts);

        var results = new Evaluator(Shipped.Value).Evaluate(facts);

        var silent = Shipped.Value.Rules.Select(r => r.Id).Where(id => !results.Any(r => r.RuleId == id));
        Assert.Empty(silent);
        Assert.True(facts.Accounts.Count >= 25);
        Assert.Contains(results, r => r.Status == ResultStatus.Fail);
        Assert.Contains(results, r => r.Status == ResultStatus.Pass);
        Assert.Contains(results, r => r.Status == ResultStatus.Unknown);
        // The management account keeps some recommendations and breaks others, and each recommendation shows a failure or a pass.
        foreach (var recommendation in Shipped.Value.Rules.Select(r => r.Descriptor.Recommendation).Distinct())
            Assert.Contains(results, r => r.Recommendation == recommendation);
        // Attestations make a difference: stale and missing evidence fail with dates and instructions, fresh evidence passes.
        Assert.Equal(ResultStatus.Pass, Status(results, "MA0203"));
        Assert.Contains("fell due on 2026-05-02", Single(results, "MA0403").Message);
        Assert.Contains("record alertResponse", Single(results, "MA0803").Message);
        Assert.Contains("change-root-phone, delete-management-account", Single(results, "MA0701").Message);
        Assert.Equal(ResultStatus.Pass, Status(results, "MA0802")); // root was used on the recorded test day
    }

    /// <summary>The demo's story, rule by rule (the README's report): what the management account keeps and what it breaks.</summary>
    [Theory]
    [InlineData("MA0001", "123456789012", "pass")]
    [InlineData("MA0002", "123456789012", "fail")]     // only RootSessions is enabled
    [InlineData("MA0101", "123456789012", "fail")]     // five workloads; the CloudTrail bucket, the alert topic and Control Tower's forwarder are plumbing
    [InlineData("MA0105", "123456789012", "fail")]     // the bill names RDS, EC2, WorkSpaces (not in the inventory's types) and Lambda
    [InlineData("MA0102", "123456789012", "fail")]
    [InlineData("MA0104", "123456789012", "pass")]     // the organization trail's log group lives in log-archive
    [InlineData("MA0201", "123456789012", "pass")]
    [InlineData("MA0202", "123456789012", "fail")]     // corporate domains not configured
    [InlineData("MA0203", "123456789012", "pass")]
    [InlineData("MA0301", "123456789012", "pass")]
    [InlineData("MA0302", "123456789012", "pass")]
    [InlineData("MA0401", "123456789012", "pass")]
    [InlineData("MA0402", "123456789012", "fail")]     // a virtual device bound to root
    [InlineData("MA0403", "123456789012", "fail")]     // stale attestation
    [InlineData("MA0404", "123456789012", "pass")]
    [InlineData("MA0405", "123456789012", "fail")]
    [InlineData("MA0406", "123456789012", "fail")]     // battery expires in January
    [InlineData("MA0501", "123456789012", "pass")]
    [InlineData("MA0502", "123456789012", "pass")]
    [InlineData("MA0502", "410000000801", "fail")]     // sandbox without a security contact
    [InlineData("MA0502", "410000000803", "unknown")]  // contacts denied by an SCP
    [InlineData("MA0503", "123456789012", "fail")]     // phone kept with the MFA device
    [InlineData("MA0504", "123456789012", "pass")]
    [InlineData("MA0601", "123456789012", "fail")]
    [InlineData("MA0602", "123456789012", "fail")]
    [InlineData("MA0701", "123456789012", "fail")]
    [InlineData("MA0702", "123456789012", "pass")]
    [InlineData("MA0703", "123456789012", "fail")]
    [InlineData("MA0801", "123456789012", "pass")]     // an EventBridge rule in us-east-1 is conclusive although one region's EventBridge rules were unreadable
    [InlineData("MA0802", "123456789012", "pass")]     // last root use was the recorded drill
    [InlineData("MA0803", "123456789012", "fail")]     // alertResponse not recorded
    [InlineData("MA0804", "123456789012", "pass")]     // the same rule sees root's API calls, with the organization trail logging
    [InlineData("MA0901", "310000000101", "pass")]     // the Workloads OU's Deny, with the OrgBreakGlass role exempted
    [InlineData("MA0901", "410000000801", "fail")]     // the sandbox guardrail lists organizations:* under NotAction
    [InlineData("MA0901", "210000000077", "fail")]     // left at the root, below no OU's policies
    [InlineData("MA0902", "210000000011", "pass")]
    [InlineData("MA0902", "410000000802", "fail")]     // the sandbox's CloseAccount Deny applies only to sandbox-* roles
    [InlineData("MA1001", "123456789012", "fail")]     // six administrators: break-glass user, Terraform role, three platform admins, a guardrail editor
    public void The_demo_tells_its_story(string ruleId, string accountId, string status)
    {
        var results = DemoResults.Value.Where(r => r.RuleId == ruleId && r.AccountId == accountId).ToList();
        var result = Assert.Single(results);
        Assert.Equal(status, result.Status.ToString().ToLowerInvariant());
    }

    [Fact]
    public void The_demo_trusted_services_show_both_outcomes()
    {
        var results = DemoResults.Value.Where(r => r.RuleId == "MA0103").ToDictionary(r => r.Resource, r => r.Status);
        Assert.Equal(ResultStatus.Fail, results["config.amazonaws.com"]);
        Assert.Equal(ResultStatus.Pass, results["guardduty.amazonaws.com"]);
        Assert.Equal(ResultStatus.Pass, results["ram.amazonaws.com"]);
    }

    private static readonly Lazy<IReadOnlyList<RuleResult>> DemoResults = new(() =>
    {
        var snapshot = SnapshotSerializer.Read(Repo.Path("samples/demo-org.json"));
        var facts = AttestationFile.Load(Repo.Path("samples/attestations.yaml")).ApplyTo(snapshot.Facts);
        return new Evaluator(Shipped.Value).Evaluate(facts);
    });

    [Fact]
    public void Without_attestations_every_attestation_rule_fails_and_says_what_to_record()
    {
        var facts = SnapshotSerializer.Read(Repo.Path("samples/demo-org.json")).Facts;
        var results = new Evaluator(Shipped.Value).Evaluate(facts);
        var attestationRules = Shipped.Value.Rules
            .Where(r => r.Descriptor.FactTypes.Any(t => FactCatalog.Find(t)?.IsAttestation ?? false) && r.Id != "MA0802");
        foreach (var rule in attestationRules)
        {
            var result = Single(results, rule.Id);
            Assert.Equal(ResultStatus.Fail, result.Status);
            Assert.Contains("attestations.yaml", result.Message);
        }
    }

    private static RuleResult Single(IEnumerable<RuleResult> results, string id) => Assert.Single(results, r => r.RuleId == id);

    private static ResultStatus Status(IEnumerable<RuleResult> results, string id) => Single(results, id).Status;

    private static RuleTestSuite ReadSuite(CompiledRule rule)
    {
        var path = Repo.Path("rules/" + rule.Descriptor.SourcePath![..^".yaml".Length] + YamlRuleCompiler.TestFileSuffix);
        var diagnostics = new DiagnosticBag();
        var document = YamlSource.Load(path, path, diagnostics);
        return Assert.IsType<RuleTestSuite>(document is null ? null : RuleTestReader.Read(document, diagnostics));
    }
}
