using System.Text.Json;
using System.Xml.Linq;
using PolicyEngine.Tooling.Coverage;
using PolicyEngine.Tooling.Testing;

namespace PolicyEngine.Tooling.Tests;

/// <summary>Coverage of a small rule pack whose cases are known: each probe's true and false counts, the gaps, the percentage and the machine formats.</summary>
public sealed class CoverageTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("policyengine-coverage-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private const string Rule = """
        id: TC0001
        title: Management root has no MFA
        severity: high
        category: Test
        recommendation: best-practices_mgmt-acct_mfa
        rationale: r
        remediation: r
        subject:
          fact: Account
          as: account
          where: account.IsManagement
        when:
          - not:
              - fact: RootCredential
                as: credential
                where:
                  - credential.AccountId == account.Id
                  - credential.MfaActive
        message: "{account.Id} has no MFA"
        """;

    private static string Case(string name, bool mfa, string status, bool member = false) => $$"""
          - name: {{name}}
            facts:
              accounts:
                - { id: "111111111111", arn: "arn:aws:organizations::111111111111:account/o-x/111111111111", name: M, email: m@example.com, state: ACTIVE, isManagement: true }
        {{(member ? """
                - { id: "222222222222", arn: "arn:aws:organizations::111111111111:account/o-x/222222222222", name: W, email: w@example.com, state: ACTIVE, isManagement: false }
        """ : "")}}
              rootCredentials:
                - { accountId: "111111111111", passwordEnabled: true, mfaActive: {{(mfa ? "true" : "false")}}, accessKey1Active: false, accessKey2Active: false }
        {{(member ? """
                - { accountId: "222222222222", passwordEnabled: true, mfaActive: true, accessKey1Active: false, accessKey2Active: false }
        """ : "")}}
            expect:
              - { account: "111111111111", status: {{status}} }
        """;

    private RuleCoverage Measure(params string[] cases)
    {
        File.WriteAllText(Path.Combine(_root, "TC0001-test.yaml"), Rule);
        File.WriteAllText(Path.Combine(_root, "TC0001-test.tests.yaml"), "rule: TC0001\ncases:\n" + string.Join("\n", cases) + "\n");
        var run = RuleTestRunner.RunDirectory(_root, coverage: true);
        Assert.Empty(run.Outcomes.Where(o => !o.Passed).Select(o => $"{o.CaseName}: {string.Join("; ", o.Problems)}"));
        return Assert.Single(run.Coverage!.Rules);
    }

    private static ProbeCoverage Probe(RuleCoverage rule, string label) => Assert.Single(rule.Probes, p => p.Label == label);

    [Fact]
    public void Each_probe_counts_the_cases_in_which_it_was_true_and_false()
    {
        var rule = Measure(Case("no MFA fails", mfa: false, "fail"), Case("MFA passes", mfa: true, "pass"));

        Assert.Equal(2, rule.Cases);
        Assert.Equal(["account.IsManagement", "not", "fact RootCredential as credential", "credential.AccountId == account.Id", "credential.MfaActive"],
            rule.Probes.Select(p => p.Label));
        Assert.Equal((2, 0), (Probe(rule, "account.IsManagement").CasesTrue, Probe(rule, "account.IsManagement").CasesFalse));
        // The not group held when MFA was missing (the rule fails), and did not when it was there.
        Assert.Equal((1, 1), (Probe(rule, "not").CasesTrue, Probe(rule, "not").CasesFalse));
        Assert.Equal((1, 1), (Probe(rule, "fact RootCredential as credential").CasesTrue, Probe(rule, "fact RootCredential as credential").CasesFalse));
        Assert.Equal((1, 1), (Probe(rule, "credential.MfaActive").CasesTrue, Probe(rule, "credential.MfaActive").CasesFalse));
        Assert.Equal((2, 0), (Probe(rule, "credential.AccountId == account.Id").CasesTrue, Probe(rule, "credential.AccountId == account.Id").CasesFalse));
        Assert.Equal(["account.IsManagement", "credential.AccountId == account.Id"], rule.NotCovered.Select(p => p.Label));
        Assert.Equal(8, rule.OutcomesCovered);
        Assert.Equal(80.0, rule.Percent);
        Assert.Equal(18, Probe(rule, "credential.MfaActive").Line);
        Assert.Equal(13, Probe(rule, "credential.MfaActive").Column);
    }

    [Fact]
    public void A_member_account_with_its_own_credential_exercises_the_subject_and_the_join_both_ways()
    {
        var rule = Measure(Case("no MFA fails, whatever a member has", mfa: false, "fail", member: true), Case("MFA passes", mfa: true, "pass"));

        Assert.Empty(rule.NotCovered.Select(p => p.Label));
        Assert.Equal(100.0, rule.Percent);
    }

    [Fact]
    public void Json_and_cobertura_carry_every_probe_line_and_branch()
    {
        var rule = Measure(Case("no MFA fails", mfa: false, "fail"), Case("MFA passes", mfa: true, "pass"));
        var report = new CoverageReport(_root, [rule]);

        using var json = JsonDocument.Parse(CoverageWriters.Json(report));
        Assert.Equal(80.0, json.RootElement.GetProperty("percent").GetDouble());
        var probe = json.RootElement.GetProperty("rules")[0].GetProperty("probes").EnumerateArray().Single(p => p.GetProperty("text").GetString() == "not");
        Assert.Equal(1, probe.GetProperty("casesTrue").GetInt32());
        Assert.Equal(1, probe.GetProperty("casesFalse").GetInt32());

        var xml = XDocument.Parse(CoverageWriters.Cobertura(report, DateTimeOffset.FromUnixTimeSeconds(1_800_000_000)));
        var coverage = xml.Root!;
        Assert.Equal("coverage", coverage.Name.LocalName);
        Assert.Equal("8", coverage.Attribute("branches-covered")!.Value);
        Assert.Equal("10", coverage.Attribute("branches-valid")!.Value);
        var cls = Assert.Single(coverage.Descendants("class"));
        Assert.Equal("TC0001-test.yaml", cls.Attribute("filename")!.Value);
        var lines = cls.Descendants("line").ToDictionary(l => int.Parse(l.Attribute("number")!.Value), l => l.Attribute("condition-coverage")!.Value);
        Assert.Equal("50% (1/2)", lines[11]);  // account.IsManagement: never false
        Assert.Equal("100% (2/2)", lines[18]); // credential.MfaActive
        Assert.Equal("2", cls.Descendants("line").Single(l => l.Attribute("number")!.Value == "18").Attribute("hits")!.Value);
    }
}
