using PolicyEngine.Tooling.Testing;
using PolicyEngine.Evaluation.Tracing;

namespace PolicyEngine.Tooling.Tests;

/// <summary>The trace of a shipped rule on known facts, as `rules test --explain` prints it.</summary>
public class ExplainTests
{
    private static string Explain(string ruleId, string caseSelector)
    {
        var runs = RuleTestRunner.Explain(Repo.Path("rules"), ruleId, caseSelector, out var diagnostics, out var problem);
        Assert.Empty(diagnostics.Select(d => d.ToString()));
        Assert.Null(problem);
        var (_, run) = Assert.Single(runs!);
        var output = new StringWriter();
        foreach (var trace in run.Traces) TraceText.Write(trace, ExplainTarget.ResultFor(run.Results, trace), output);
        return output.ToString();
    }

    [Fact]
    public void A_failing_not_rule_shows_the_condition_that_turned_the_fact_away_with_its_values()
    {
        var text = Explain("MA0401", "1");
        Assert.StartsWith("MA0401 fail for Account arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/111111111111 (account 111111111111)", text);
        Assert.Contains("rules/mfa/MA0401-root-mfa-not-enabled.yaml(33,10): account.IsManagement: true  [account.IsManagement = true]", text);
        Assert.Contains("when: matched: the subject fails", text);
        Assert.Contains("MA0401-root-mfa-not-enabled.yaml(36,5): not: holds: nothing inside matched", text);
        Assert.Contains("MA0401-root-mfa-not-enabled.yaml(37,9): fact RootCredential as credential: no fact matched (1 considered)", text);
        Assert.Contains("MA0401-root-mfa-not-enabled.yaml(41,13): credential.MfaActive: false  [credential.MfaActive = false]", text);
        Assert.Contains("notApplicable: did not match: the rule applies", text);
    }

    [Fact]
    public void A_passing_case_names_the_fact_matched_inside_the_not_group()
    {
        var text = Explain("MA0401", "root with MFA passes");
        Assert.Contains("MA0401 pass", text);
        Assert.Contains("not: fails: 1 match(es) inside  <- decides: the part stops here", text);
        Assert.Contains("fact RootCredential as credential: matched 1 fact(s)", text);
        Assert.Contains("matched: RootCredential arn:aws:iam::111111111111:root", text);
    }

    [Fact]
    public void Facts_missing_because_collection_failed_are_named()
    {
        var text = Explain("MA0401", "credential report not readable is unknown");
        Assert.Contains("MA0401 unknown", text);
        Assert.Contains("not collected: RootCredential could not be collected (iam:GetCredentialReport: AccessDenied) in 111111111111", text);
    }

    [Fact]
    public void An_unknown_rule_or_case_is_a_clear_problem()
    {
        Assert.Null(RuleTestRunner.Explain(Repo.Path("rules"), "MA9999", null, out _, out var noRule));
        Assert.Contains("no rule 'MA9999'", noRule);
        Assert.Null(RuleTestRunner.Explain(Repo.Path("rules"), "MA0401", "no such case", out _, out var noCase));
        Assert.Contains("no test case named 'no such case'", noCase);
    }

    [Fact]
    public void The_shipped_cases_traced_agree_with_the_evaluator()
    {
        // Coverage traces every case over all its facts and reports any verdict that differs from the evaluator's.
        var run = RuleTestRunner.RunDirectory(Repo.Path("rules"), coverage: true);
        Assert.Empty(run.Outcomes.Where(o => !o.Passed).Select(o => $"{o.RuleId} '{o.CaseName}': {string.Join("; ", o.Problems)}"));
        Assert.True(run.Coverage!.Rules.Count >= 30);
        // The shipped pack is held to full condition coverage: every condition, pattern and group went both ways.
        Assert.Empty(run.Coverage.Rules.SelectMany(r => r.NotCovered.Select(p => $"{r.File}({p.Line},{p.Column}) {p.Label}: true in {p.CasesTrue}, false in {p.CasesFalse}")));
        Assert.Equal(100.0, run.Coverage.Percent);
    }
}
