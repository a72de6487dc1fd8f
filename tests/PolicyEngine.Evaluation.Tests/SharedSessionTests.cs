using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Results;
using PolicyEngine.Evaluation.Tests.Support;
using PolicyEngine.Rules;

namespace PolicyEngine.Evaluation.Tests;

/// <summary>
/// Member accounts whose rules join only within an account share NRules sessions (<see cref="Evaluator.AccountsPerSession"/>
/// at a time); every verdict must be the one the account gets in a session of its own.
/// </summary>
public class SharedSessionTests
{
    private const string Management = TestFacts.Management;

    /// <summary>More members than two shared sessions hold, so that some sessions are full and one is not.</summary>
    private static readonly string[] Members = [.. Enumerable.Range(0, Evaluator.AccountsPerSession * 2 + 5).Select(i => $"2{i:D11}")];

    /// <summary>Every third member's root user has no MFA; every member has a credential.</summary>
    private static FactSet Organization() => new()
    {
        Accounts = [TestFacts.Account(Management, true), .. Members.Select(id => TestFacts.Account(id))],
        RootCredentials = [new RootCredential(Management, true, null, true, false, null, false, null),
            .. Members.Select((id, i) => new RootCredential(id, true, null, i % 3 != 0, false, null, false, null))],
        ServiceControlPolicies = [new ServiceControlPolicy(Management, "p-1", "arn:aws:organizations::111111111111:policy/o-x/service_control_policy/p-1", "deny-leave", false, [])],
    };

    private static RuleSet Compile(params (string Id, string When)[] rules)
    {
        var set = YamlRuleCompiler.CompileSources(rules.ToDictionary(r => $"rules/{r.Id}-t.yaml", r => TestRule.Yaml(r.Id, "!account.IsManagement", r.When)));
        Assert.Empty(set.Diagnostics.Where(d => d.Severity == Diagnostics.DiagnosticSeverity.Error).Select(d => d.ToString()));
        return set;
    }

    private static List<string> Flat(IEnumerable<RuleResult> results) =>
        results.Select(r => $"{r.Key}|{r.Status}|{r.Message}|{r.UnknownReason}|{string.Join(";", r.Facts.Select(f => $"{f.Type}:{f.ResourceId}:{f.Where}:{f.Matched}"))}").ToList();

    /// <summary>Each member evaluated in an organization of its own (management account and that member): one session each.</summary>
    private static List<string> AccountByAccount(RuleSet rules, FactSet facts) => Flat(Members
        .SelectMany(member => new Evaluator(rules).Evaluate(facts.Where(f => f.AccountId is Management || f.AccountId == member, _ => true)))
        .Where(r => r.AccountId != Management)
        .Sorted());

    private const string JoinedNoMfa = """
  - fact: RootCredential
    as: credential
    where: [ "credential.AccountId == account.Id", "!credential.MfaActive" ]
""";

    private const string JoinedThroughAnotherPattern = """
  - fact: Account
    as: same
    where: "same.Id == account.Id"
  - collect: ServiceControlPolicy
    as: policies
    each: policy
  - not:
      - fact: RootCredential
        as: credential
        where: [ "same.AccountId == credential.AccountId", "credential.MfaActive", "policies.Count() > 0" ]
""";

    /// <summary>No join: in a session of its own, a member sees only its own credential, so only its own MFA decides.</summary>
    private const string NotJoined = """
  - exists:
      - fact: RootCredential
        as: credential
        where: "!credential.MfaActive"
""";

    [Theory]
    [InlineData(JoinedNoMfa, true)]
    [InlineData(JoinedThroughAnotherPattern, true)]
    [InlineData(NotJoined, false)]
    [InlineData("""
  - fact: RootCredential
    as: credential
    where: [ "credential.AccountId != account.Id", "!credential.MfaActive" ]
""", false)]
    [InlineData("""
  - fact: RootCredential
    as: credential
    where: "credential.AccountId == account.Id || !credential.MfaActive"
""", false)]
    [InlineData("""
  - fact: RootCredential
    as: credential
    where: [ "credential.AccountId == account.Name", "!credential.MfaActive" ]
""", false)]
    public void A_rule_is_account_local_only_when_every_pattern_of_account_facts_joins_the_subjects_account(string when, bool local)
    {
        var rule = Compile(("TT0101", when)).Rules.Single();
        Assert.Equal(local, AccountLocality.IsLocal(rule));
        Assert.Equal(AccountByAccount(Compile(("TT0101", when)), Organization()), Flat(new Evaluator(Compile(("TT0101", when))).Evaluate(Organization()).Where(r => r.AccountId != Management)));
    }

    [Fact]
    public void Members_judged_together_get_the_verdicts_and_evidence_they_get_alone()
    {
        var rules = Compile(("TT0102", JoinedNoMfa), ("TT0103", JoinedThroughAnotherPattern));
        var together = Flat(new Evaluator(rules).Evaluate(Organization()).Where(r => r.AccountId != Management));
        Assert.Equal(Members.Length * 2, together.Count);
        Assert.Contains(together, r => r.Contains("|Fail|", StringComparison.Ordinal));
        Assert.Contains(together, r => r.Contains("|Pass|", StringComparison.Ordinal));
        Assert.Equal(AccountByAccount(rules, Organization()), together);
    }

    [Fact]
    public void A_rule_without_a_join_on_the_account_still_sees_only_each_accounts_own_facts()
    {
        var results = new Evaluator(Compile(("TT0104", NotJoined))).Evaluate(Organization()).Where(r => r.AccountId != Management).ToList();
        var failing = Members.Where((_, i) => i % 3 == 0).ToHashSet();
        Assert.All(results, r => Assert.Equal(failing.Contains(r.AccountId) ? ResultStatus.Fail : ResultStatus.Pass, r.Status));
    }

    [Fact]
    public void A_condition_that_throws_in_one_member_makes_only_that_member_unknown()
    {
        var broken = Members[Evaluator.AccountsPerSession + 1];
        var throwsForOne = $$"""
  - fact: RootCredential
    as: credential
    where: [ "credential.AccountId == account.Id", "credential.AccountId.Substring(credential.AccountId == \"{{broken}}\" ? 50 : 0) != \"\"", "!credential.MfaActive" ]
""";
        var rules = Compile(("TT0105", throwsForOne));
        Assert.True(AccountLocality.IsLocal(rules.Rules.Single()));
        var results = new Evaluator(rules).Evaluate(Organization()).Where(r => r.AccountId != Management).ToList();
        Assert.Equal(Members.Length, results.Count);
        var unknown = Assert.Single(results, r => r.Status == ResultStatus.Unknown);
        Assert.Equal(broken, unknown.AccountId);
        Assert.Contains("failed while evaluating", unknown.UnknownReason);
        Assert.Equal(AccountByAccount(rules, Organization()), Flat(results));
    }

    [Theory]
    [InlineData("MA0502")]
    [InlineData("MA0901")]
    [InlineData("MA0902")]
    public void The_shipped_rules_about_every_member_account_are_account_local(string id)
    {
        var shipped = YamlRuleCompiler.CompileDirectory(Repo.Path("rules"));
        Assert.True(AccountLocality.IsLocal(shipped.Rules.Single(r => r.Id == id)));
    }
}
