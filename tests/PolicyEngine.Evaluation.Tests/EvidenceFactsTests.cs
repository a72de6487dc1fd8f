using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Results;
using PolicyEngine.Evaluation.Tests.Support;
using PolicyEngine.Rules;

namespace PolicyEngine.Evaluation.Tests;

/// <summary>Every result carries the facts that made its verdict, including those weighed inside not, exists and any groups.</summary>
public class EvidenceFactsTests
{
    private const string Management = "111111111111";

    private static readonly Account ManagementAccount =
        new(Management, $"arn:aws:organizations::{Management}:account/o-x/{Management}", "Mgmt", "aws@example.com", "ACTIVE", true);

    private static RootCredential Root(bool mfa) => new(Management, true, null, mfa, false, null, false, null);

    private const string NoEvidenceOfMfa = """
  - not:
      - fact: RootCredential
        as: credential
        where: [ "credential.AccountId == account.Id", "credential.MfaActive" ]
""";

    private static RuleResult Evaluate(FactSet facts, string when)
    {
        var rules = YamlRuleCompiler.CompileSources(new Dictionary<string, string> { ["rules/TE0001-t.yaml"] = TestRule.Yaml("TE0001", "account.IsManagement", when) });
        Assert.False(rules.HasErrors, string.Join("\n", rules.Diagnostics));
        return Assert.Single(new Evaluator(rules).Evaluate(facts));
    }

    [Fact]
    public void A_failure_on_an_absence_names_the_fact_the_not_group_turned_away_and_the_value_that_did()
    {
        var result = Evaluate(new FactSet { Accounts = [ManagementAccount], RootCredentials = [Root(mfa: false)] }, NoEvidenceOfMfa);

        Assert.Equal(ResultStatus.Fail, result.Status);
        var subject = Assert.Single(result.Facts, f => f.Where == "subject");
        Assert.Equal(("Account", ManagementAccount.Arn, "true"), (subject.Type, subject.ResourceId, subject.Values["account.IsManagement"]));
        var credential = Assert.Single(result.Facts, f => f.Where == "when/not");
        Assert.Equal("RootCredential", credential.Type);
        Assert.Equal($"arn:aws:iam::{Management}:root", credential.ResourceId);
        Assert.False(credential.Matched);
        Assert.Equal("credential.MfaActive", credential.FailedCondition);
        Assert.Equal("false", credential.Values["credential.MfaActive"]);
        Assert.Equal($"\"{Management}\"", credential.Values["credential.AccountId"]);
    }

    [Fact]
    public void A_pass_names_the_fact_matched_inside_the_not_group()
    {
        var result = Evaluate(new FactSet { Accounts = [ManagementAccount], RootCredentials = [Root(mfa: true)] }, NoEvidenceOfMfa);

        Assert.Equal(ResultStatus.Pass, result.Status);
        var credential = Assert.Single(result.Facts, f => f.Where == "when/not");
        Assert.True(credential.Matched);
        Assert.Equal("true", credential.Values["credential.MfaActive"]);
    }

    [Fact]
    public void Facts_matched_inside_any_and_exists_groups_are_named()
    {
        const string when = """
  - any:
      - fact: RootCredential
        as: noMfa
        where: [ "noMfa.AccountId == account.Id", "!noMfa.MfaActive" ]
      - exists:
          - fact: IamUser
            as: user
            where: [ "user.AccountId == account.Id" ]
""";
        var user = new IamUser(Management, "deploy-bot", $"arn:aws:iam::{Management}:user/deploy-bot", DateTimeOffset.UnixEpoch, null, false, 1);
        var result = Evaluate(new FactSet { Accounts = [ManagementAccount], RootCredentials = [Root(mfa: false)], IamUsers = [user] }, when);

        Assert.Equal(ResultStatus.Fail, result.Status);
        Assert.Contains(result.Facts, f => f is { Where: "when/any", Type: "RootCredential", Matched: true });
        Assert.Contains(result.Facts, f => f is { Where: "when/any/exists", Type: "IamUser", Matched: true } && f.ResourceId == user.Arn);
    }

    [Fact]
    public void An_unknown_result_carries_no_facts()
    {
        var facts = new FactSet
        {
            Accounts = [ManagementAccount],
            CollectionErrors = [new CollectionError(nameof(RootCredential), Management, "iam:GetCredentialReport", "AccessDenied", "denied")],
        };
        var result = Evaluate(facts, NoEvidenceOfMfa);
        Assert.Equal(ResultStatus.Unknown, result.Status);
        Assert.Empty(result.Facts);
    }

    [Fact]
    public void A_list_of_every_organization_wide_fact_is_one_entry_with_its_count_and_a_filtered_list_names_its_facts()
    {
        const string when = """
  - collect: ServiceControlPolicy
    as: policies
    each: policy
  - collect: AlternateContact
    as: contacts
    each: contact
    where: [ "contact.AccountId == account.Id" ]
    having: [ "contacts.Count() == 0 || policies.Count() > 0" ]
""";
        var policies = Enumerable.Range(1, 3).Select(i => new ServiceControlPolicy(Management, $"p-{i}",
            $"arn:aws:organizations::{Management}:policy/o-x/service_control_policy/p-{i}", $"policy-{i}", false, ["r-1"])).ToList();
        var contact = new AlternateContact(Management, "SECURITY", true, null, null);
        var result = Evaluate(new FactSet { Accounts = [ManagementAccount], ServiceControlPolicies = policies, AlternateContacts = [contact] }, when);

        Assert.Equal(ResultStatus.Fail, result.Status);
        var whole = Assert.Single(result.Facts, f => f.Type == "ServiceControlPolicy");
        Assert.Equal((3, "", "when", true), (whole.Count, whole.ResourceId, whole.Where, whole.Matched));
        Assert.Equal("ServiceControlPolicy: all 3 (when, matched)", whole.Describe());
        var listed = Assert.Single(result.Facts, f => f.Type == "AlternateContact");
        Assert.Null(listed.Count);
        Assert.Equal(contact.ResourceId, listed.ResourceId);
    }

    [Fact]
    public void An_organization_rule_judged_once_lists_each_fact_of_a_whole_list()
    {
        var rule = TestRule.Yaml("TE0002", "true", """
  - collect: ServiceControlPolicy
    as: policies
    each: policy
    having: [ "policies.Count() > 0" ]
""", message: "\"{organization.Id} fails\"").Replace("  fact: Account\n  as: account\n  where: 'true'", "  fact: Organization\n  as: organization");
        var rules = YamlRuleCompiler.CompileSources(new Dictionary<string, string> { ["rules/TE0002-t.yaml"] = rule });
        Assert.False(rules.HasErrors, string.Join("\n", rules.Diagnostics));
        var policies = Enumerable.Range(1, 2).Select(i => new ServiceControlPolicy(Management, $"p-{i}",
            $"arn:aws:organizations::{Management}:policy/o-x/service_control_policy/p-{i}", $"policy-{i}", false, ["r-1"])).ToList();
        var organization = new Organization("o-x", $"arn:aws:organizations::{Management}:organization/o-x", "ALL", Management, "aws@example.com", []);

        var result = Assert.Single(new Evaluator(rules).Evaluate(new FactSet { Accounts = [ManagementAccount], Organization = organization, ServiceControlPolicies = policies }));

        Assert.Equal(ResultStatus.Fail, result.Status);
        Assert.Equal(policies.Select(p => p.Arn), result.Facts.Where(f => f.Type == "ServiceControlPolicy").Select(f => f.ResourceId));
        Assert.All(result.Facts, f => Assert.Null(f.Count));
    }
}
