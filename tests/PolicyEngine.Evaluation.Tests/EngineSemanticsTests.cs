using PolicyEngine.Evaluation.Tests.Support;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Results;
using PolicyEngine.Rules;

namespace PolicyEngine.Evaluation.Tests;

/// <summary>What the evaluator promises: one result per rule and subject; unknown, never pass, on missing data or errors.</summary>
public class EngineSemanticsTests
{
    private const string Management = TestFacts.Management;
    private const string Member = "222222222222";

    private static RootCredential Root(string id, bool mfa) => new(id, true, null, mfa, false, null, false, null);


    private static readonly string NoEvidenceOfMfa = """
  - not:
      - fact: RootCredential
        as: credential
        where: [ "credential.AccountId == account.Id", "credential.MfaActive" ]
""";

    private static IReadOnlyList<RuleResult> Evaluate(FactSet facts, params (string Id, string Text)[] rules)
    {
        var set = YamlRuleCompiler.CompileSources(rules.ToDictionary(r => $"rules/{r.Id}-t.yaml", r => r.Text));
        Assert.Empty(set.Diagnostics.Where(d => d.Severity == Diagnostics.DiagnosticSeverity.Error).Select(d => d.ToString()));
        return new Evaluator(set).Evaluate(facts);
    }

    // Records compare lists by reference; compare what users see instead.
    private static List<string> Flat(IEnumerable<RuleResult> results) =>
        results.Select(r => $"{r.Key}|{r.Status}|{r.Message}|{string.Join(",", r.Evidence)}|{r.UnknownReason}").ToList();

    [Fact]
    public void Every_subject_gets_exactly_one_result_per_rule()
    {
        var facts = new FactSet
        {
            Accounts = [TestFacts.Account(Management, true), TestFacts.Account(Member)],
            RootCredentials = [Root(Management, false), Root(Member, true)],
        };
        var results = Evaluate(facts, ("TT0001", TestRule.Yaml("TT0001", "true", TestRule.NoMfa)));
        Assert.Equal(2, results.Count);
        Assert.Equal(ResultStatus.Fail, results.Single(r => r.AccountId == Management).Status);
        Assert.Equal(ResultStatus.Pass, results.Single(r => r.AccountId == Member).Status);
        Assert.Equal($"{Management} fails", results.Single(r => r.AccountId == Management).Message);
    }

    [Fact]
    public void Several_violations_of_one_subject_make_one_failing_result_with_evidence()
    {
        var facts = new FactSet
        {
            Accounts = [TestFacts.Account(Management, true)],
            WorkloadResources =
            [
                new(Management, "eu-west-1", "AWS::S3::Bucket", "arn:aws:s3:::b1", "b1"),
                new(Management, "eu-west-1", "AWS::S3::Bucket", "arn:aws:s3:::b2", "b2"),
            ],
        };
        var when = """
  - fact: WorkloadResource
    as: resource
    where: resource.AccountId == account.Id
""";
        var result = Assert.Single(Evaluate(facts, ("TT0002", TestRule.Yaml("TT0002", "account.IsManagement", when, "\"{resource.Name} found\""))));
        Assert.Equal(ResultStatus.Fail, result.Status);
        Assert.Equal("b1 found (and 1 more)", result.Message);
        Assert.Equal(["arn:aws:s3:::b1", "arn:aws:s3:::b2"], result.Evidence);
    }

    [Fact]
    public void A_collection_error_for_a_fact_the_rule_reads_makes_the_result_unknown_not_pass()
    {
        var facts = new FactSet
        {
            Accounts = [TestFacts.Account(Management, true)],
            CollectionErrors = [new("RootCredential", Management, "iam:GetCredentialReport", "AccessDenied", "denied")],
        };
        var result = Assert.Single(Evaluate(facts, ("TT0003", TestRule.Yaml("TT0003", "true", TestRule.NoMfa))));
        Assert.Equal(ResultStatus.Unknown, result.Status);
        Assert.Contains("RootCredential could not be collected (iam:GetCredentialReport: AccessDenied)", result.UnknownReason);
    }

    [Fact]
    public void An_absence_based_rule_is_unknown_when_its_data_is_missing_even_though_the_absence_matched()
    {
        var facts = new FactSet
        {
            Accounts = [TestFacts.Account(Management, true)],
            CollectionErrors = [new("RootCredential", null, "iam:GetCredentialReport", "Throttling", "slow down")],
        };
        var result = Assert.Single(Evaluate(facts, ("TT0004", TestRule.Yaml("TT0004", "true", NoEvidenceOfMfa))));
        Assert.Equal(ResultStatus.Unknown, result.Status);
    }

    [Fact]
    public void Evidence_found_is_conclusive_for_an_absence_rule_even_when_other_data_is_missing()
    {
        var facts = new FactSet
        {
            Accounts = [TestFacts.Account(Management, true)],
            RootCredentials = [Root(Management, true)],
            CollectionErrors = [new("RootCredential", Management, "iam:GetAccountSummary", "Throttling", "slow down", "us-east-1")],
        };
        Assert.Equal(ResultStatus.Pass, Assert.Single(Evaluate(facts, ("TT0017", TestRule.Yaml("TT0017", "true", NoEvidenceOfMfa)))).Status);
    }

    [Fact]
    public void A_pass_of_a_positive_rule_is_unknown_when_its_data_is_missing()
    {
        var facts = new FactSet
        {
            Accounts = [TestFacts.Account(Management, true)],
            RootCredentials = [Root(Management, true)],
            CollectionErrors = [new("RootCredential", Management, "iam:GetAccountSummary", "Throttling", "slow down")],
        };
        Assert.Equal(ResultStatus.Unknown, Assert.Single(Evaluate(facts, ("TT0018", TestRule.Yaml("TT0018", "true", TestRule.NoMfa)))).Status);
    }

    private static readonly string NoMfaUnlessNoCredentials = TestRule.Yaml("TT0030", "true", NoEvidenceOfMfa) + """
notApplicable:
  when:
    - fact: RootCredential
      as: credential
      where: [ "credential.AccountId == account.Id", "credential.HasNoCredentials" ]
  message: "{account.Id} has nothing to protect ({credential.ResourceId})"
""";

    [Fact]
    public void A_subject_the_rule_declares_not_applicable_is_neither_failed_nor_passed()
    {
        var facts = new FactSet
        {
            Accounts = [TestFacts.Account(Management, true), TestFacts.Account(Member)],
            // The management account's root has no credential at all; the member's has a password and no MFA.
            RootCredentials = [new(Management, false, null, false, false, null, false, null), Root(Member, false)],
        };
        Assert.Equal(
            [$"TT0030|{Management}|{TestFacts.Account(Management).Arn}|NotApplicable|{Management} has nothing to protect (arn:aws:iam::{Management}:root)||",
             $"TT0030|{Member}|{TestFacts.Account(Member).Arn}|Fail|{Member} fails||"],
            Flat(Evaluate(facts, ("TT0030", NoMfaUnlessNoCredentials)).Sorted()));
    }

    [Fact]
    public void Not_applicable_is_decided_on_data_that_was_read_never_on_missing_data()
    {
        var facts = new FactSet
        {
            Accounts = [TestFacts.Account(Management, true)],
            CollectionErrors = [new("RootCredential", Management, "iam:GetCredentialReport", "AccessDenied", "no")],
        };
        Assert.Equal(ResultStatus.Unknown, Assert.Single(Evaluate(facts, ("TT0030", NoMfaUnlessNoCredentials))).Status);
    }

    [Fact]
    public void Absent_evidence_without_a_collection_error_fails()
    {
        var result = Assert.Single(Evaluate(new FactSet { Accounts = [TestFacts.Account(Management, true)] }, ("TT0005", TestRule.Yaml("TT0005", "true", NoEvidenceOfMfa))));
        Assert.Equal(ResultStatus.Fail, result.Status);
    }

    [Fact]
    public void A_positive_violation_still_fails_when_other_data_of_the_same_type_is_missing()
    {
        var facts = new FactSet
        {
            Accounts = [TestFacts.Account(Management, true)],
            RootCredentials = [Root(Management, false)],
            CollectionErrors = [new("RootCredential", Management, "iam:GetAccountSummary", "AccessDenied", "denied")],
        };
        Assert.Equal(ResultStatus.Fail, Assert.Single(Evaluate(facts, ("TT0006", TestRule.Yaml("TT0006", "true", TestRule.NoMfa)))).Status);
    }

    [Fact]
    public void A_rule_that_throws_is_unknown_and_does_not_stop_the_others()
    {
        var facts = new FactSet { Accounts = [TestFacts.Account(Management, true)], RootCredentials = [Root(Management, false)] };
        var throwing = """
  - fact: RootCredential
    as: credential
    where: credential.AccountId.Substring(50) == "x"
""";
        var results = Evaluate(facts, ("TT0007", TestRule.Yaml("TT0007", "true", throwing)), ("TT0008", TestRule.Yaml("TT0008", "true", TestRule.NoMfa)));
        var broken = results.Single(r => r.RuleId == "TT0007");
        Assert.Equal(ResultStatus.Unknown, broken.Status);
        Assert.Contains("failed while evaluating", broken.UnknownReason);
        Assert.Equal(ResultStatus.Fail, results.Single(r => r.RuleId == "TT0008").Status);
    }

    [Fact]
    public void A_rule_judges_only_the_accounts_its_subject_matches_and_a_fault_elsewhere_does_not_reach_its_results()
    {
        // The management-account rule's condition throws on the member's credential: the member is not the rule's
        // subject, so the rule says nothing about it; the management account's verdict and the member rule's stand.
        var facts = new FactSet
        {
            Accounts = [TestFacts.Account(Management, true), TestFacts.Account(Member), TestFacts.Account("333333333333")],
            RootCredentials = [Root(Management, false), new RootCredential(Member, true, null, false, false, null, false, null), Root("333333333333", true)],
        };
        var throwsOnMember = """
  - fact: RootCredential
    as: credential
    where: [ "credential.AccountId == account.Id", "credential.AccountId.Substring(credential.AccountId.StartsWith(\"2\") ? 50 : 0) != \"\"" ]
""";
        var results = Evaluate(facts,
            ("TT0020", TestRule.Yaml("TT0020", "account.IsManagement", throwsOnMember)),
            ("TT0021", TestRule.Yaml("TT0021", "!account.IsManagement", TestRule.NoMfa)));
        Assert.Equal(ResultStatus.Fail, Assert.Single(results, r => r.RuleId == "TT0020").Status);
        Assert.Equal(Management, results.Single(r => r.RuleId == "TT0020").AccountId);
        var members = results.Where(r => r.RuleId == "TT0021").OrderBy(r => r.AccountId).ToList();
        Assert.Equal([(Member, ResultStatus.Fail), ("333333333333", ResultStatus.Pass)], members.Select(r => (r.AccountId, r.Status)));
    }

    [Fact]
    public void A_subject_condition_that_throws_in_a_member_account_still_makes_that_account_unknown()
    {
        var facts = new FactSet
        {
            Accounts = [TestFacts.Account(Management, true), TestFacts.Account(Member)],
            RootCredentials = [Root(Management, false), Root(Member, false)],
        };
        var results = Evaluate(facts, ("TT0022", TestRule.Yaml("TT0022", "account.Name.Substring(account.IsManagement ? 0 : 99) != \"\"", TestRule.NoMfa)));
        Assert.Equal(ResultStatus.Fail, results.Single(r => r.AccountId == Management).Status);
        var member = results.Single(r => r.AccountId == Member);
        Assert.Equal(ResultStatus.Unknown, member.Status);
        Assert.Contains("failed while evaluating", member.UnknownReason);
    }

    [Fact]
    public void Subjects_that_could_not_be_collected_are_reported_as_unknown()
    {
        var facts = new FactSet { CollectionErrors = [new("Account", null, "organizations:ListAccounts", "AccessDeniedException", "denied")] };
        var result = Assert.Single(Evaluate(facts, ("TT0009", TestRule.Yaml("TT0009", "true", TestRule.NoMfa))));
        Assert.Equal(ResultStatus.Unknown, result.Status);
        Assert.Equal("Account (not collected)", result.Resource);
    }

    [Theory]
    [InlineData(true, "unknown")]   // the 'not' group decides with the list: a device that could not be read might have matched
    [InlineData(false, "fail")]     // only the message reads the list: the failure stands and says what was not read
    public void A_context_list_read_inside_not_makes_a_failure_unknown_when_its_type_is_missing(bool readInsideNot, string expected)
    {
        var when = $$"""
  - collect: MfaDevice
    as: devices
    each: device
    where: device.AccountId == account.Id
  - not:
      - fact: RootCredential
        as: credential
        where: [ "credential.AccountId == account.Id", "{{(readInsideNot ? "devices.Any(d => d.BoundToRoot)" : "credential.MfaActive")}}" ]
""";
        var facts = new FactSet
        {
            Accounts = [TestFacts.Account(Management, true)],
            RootCredentials = [Root(Management, false)],
            CollectionErrors = [new("MfaDevice", Management, "iam:ListVirtualMFADevices", "AccessDenied", "denied")],
        };
        var result = Assert.Single(Evaluate(facts, ("TT0030", TestRule.Yaml("TT0030", "true", when, "\"{devices.Count()} devices\""))));
        Assert.Equal(expected, result.Status.ToString().ToLowerInvariant());
    }

    [Fact]
    public void Collect_counts_matching_facts()
    {
        var when = """
  - collect: MfaDevice
    as: devices
    each: device
    where: [ "device.AccountId == account.Id", "device.BoundToRoot" ]
    having: devices.Count() < 2
""";
        var facts = new FactSet
        {
            Accounts = [TestFacts.Account(Management, true), TestFacts.Account(Member)],
            MfaDevices =
            [
                new(Management, "arn:aws:iam::111111111111:mfa/a", "virtual", "arn:aws:iam::111111111111:root", null),
                new(Management, "arn:aws:iam::111111111111:mfa/b", "hardware", "arn:aws:iam::111111111111:root", null),
                new(Member, "arn:aws:iam::222222222222:mfa/a", "virtual", "arn:aws:iam::222222222222:user/alice", null),
            ],
        };
        var results = Evaluate(facts, ("TT0010", TestRule.Yaml("TT0010", "true", when, "\"{devices.Count()} root devices\"")));
        Assert.Equal(ResultStatus.Pass, results.Single(r => r.AccountId == Management).Status);
        var member = results.Single(r => r.AccountId == Member);
        Assert.Equal(ResultStatus.Fail, member.Status);
        Assert.Equal("0 root devices", member.Message);
    }

    [Fact]
    public void Exists_and_any_groups_match()
    {
        var when = """
  - exists:
      - fact: MfaDevice
        as: device
        where: device.AccountId == account.Id
  - any:
      - fact: RootCredential
        as: credential
        where: [ "credential.AccountId == account.Id", "!credential.MfaActive" ]
      - fact: IamUser
        as: user
        where: user.AccountId == account.Id
""";
        var facts = new FactSet
        {
            Accounts = [TestFacts.Account(Management, true), TestFacts.Account(Member)],
            MfaDevices = [new(Management, "s1", "virtual", null, null), new(Member, "s2", "virtual", null, null)],
            RootCredentials = [Root(Management, false), Root(Member, true)],
        };
        var results = Evaluate(facts, ("TT0011", TestRule.Yaml("TT0011", "true", when)));
        Assert.Equal(ResultStatus.Fail, results.Single(r => r.AccountId == Management).Status);
        Assert.Equal(ResultStatus.Pass, results.Single(r => r.AccountId == Member).Status);
    }

    [Fact]
    public void Organization_rules_run_once_and_account_rules_once_per_account()
    {
        var orgRule = """
id: TT0012
title: org
severity: low
category: Test
recommendation: orgs_best-practices_mgmt-acct
rationale: r
remediation: r
subject: { fact: Organization, as: org }
when:
  - not:
      - fact: OrganizationFeatures
        as: features
        where: features.RootCredentialsManagement
message: "{org.Id} lacks centralized root access"
""";
        var facts = new FactSet
        {
            Organization = new("o-x", "arn:aws:organizations::111111111111:organization/o-x", "ALL", Management, "aws@example.com", []),
            Accounts = Enumerable.Range(0, 20).Select(i => TestFacts.Account((222222222200 + i).ToString(), i == 0)).ToList(),
        };
        var results = Evaluate(facts, ("TT0012", orgRule), ("TT0013", TestRule.Yaml("TT0013", "true", NoEvidenceOfMfa)));
        Assert.Single(results, r => r.RuleId == "TT0012");
        Assert.Equal(20, results.Count(r => r.RuleId == "TT0013"));
    }

    [Fact]
    public void Results_are_sorted_and_identical_across_runs()
    {
        var facts = new FactSet
        {
            Accounts = Enumerable.Range(0, 200).Select(i => TestFacts.Account((300000000000 + (i * 7919 % 200)).ToString(), i == 0)).ToList(),
            RootCredentials = Enumerable.Range(0, 200).Select(i => Root((300000000000 + i).ToString(), i % 3 == 0)).ToList(),
        };
        var first = Evaluate(facts, ("TT0014", TestRule.Yaml("TT0014", "true", TestRule.NoMfa)));
        var second = Evaluate(facts, ("TT0014", TestRule.Yaml("TT0014", "true", TestRule.NoMfa)));
        Assert.Equal(Flat(first), Flat(second));
        Assert.Equal(first.OrderBy(r => r.AccountId, StringComparer.Ordinal).Select(r => r.AccountId), first.Select(r => r.AccountId));
    }

    [Fact]
    public void Parameters_are_usable_in_expressions_and_can_be_overridden()
    {
        var text = TestRule.Yaml("TT0015", "true", """
  - fact: RootCredential
    as: credential
    where: [ "credential.AccountId == account.Id", "Lists.Contains(flagged, account.Id)" ]
""").Replace("subject:", "parameters:\n  flagged: [\"111111111111\"]\nsubject:");
        var facts = new FactSet { Accounts = [TestFacts.Account(Management, true), TestFacts.Account(Member)], RootCredentials = [Root(Management, true), Root(Member, true)] };
        var defaults = Evaluate(facts, ("TT0015", text));
        Assert.Equal(ResultStatus.Fail, defaults.Single(r => r.AccountId == Management).Status);

        var overridden = YamlRuleCompiler.CompileSources(new Dictionary<string, string> { ["rules/TT0015-t.yaml"] = text }, new CompileOptions
        {
            ParameterOverrides = new Dictionary<string, IReadOnlyDictionary<string, object>> { ["TT0015"] = new Dictionary<string, object> { ["flagged"] = new List<string> { Member } } },
        });
        var results = new Evaluator(overridden).Evaluate(facts);
        Assert.Equal(ResultStatus.Pass, results.Single(r => r.AccountId == Management).Status);
        Assert.Equal(ResultStatus.Fail, results.Single(r => r.AccountId == Member).Status);
    }

    [Fact]
    public void Sharding_splits_accounts_and_the_union_equals_the_whole()
    {
        var facts = new FactSet
        {
            Accounts = Enumerable.Range(0, 60).Select(i => TestFacts.Account((400000000000 + i).ToString(), i == 0)).ToList(),
            RootCredentials = Enumerable.Range(0, 60).Select(i => Root((400000000000 + i).ToString(), i % 2 == 0)).ToList(),
        };
        var set = YamlRuleCompiler.CompileSources(new Dictionary<string, string> { ["rules/TT0016-t.yaml"] = TestRule.Yaml("TT0016", "true", TestRule.NoMfa) });
        var evaluator = new Evaluator(set);
        var whole = evaluator.Evaluate(facts);
        var shards = Enumerable.Range(0, 4).Select(k => evaluator.Evaluate(facts, new Shard(k, 4))).ToList();
        Assert.All(shards, s => Assert.NotEmpty(s));
        Assert.Equal(Flat(whole), Flat(shards.SelectMany(s => s).Sorted()));
    }
}
