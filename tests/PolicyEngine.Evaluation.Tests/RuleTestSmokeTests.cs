using PolicyEngine.Evaluation.Testing;

namespace PolicyEngine.Evaluation.Tests;

public class ShippedRuleTests
{
    [Fact]
    public void Every_shipped_rule_test_case_passes()
    {
        var run = RuleTestRunner.RunDirectory(Repo.Path("rules"));
        Assert.Empty(run.Diagnostics.Where(d => d.Severity == Rules.Diagnostics.DiagnosticSeverity.Error).Select(d => d.ToString()));
        Assert.NotEmpty(run.Outcomes);
        Assert.Empty(run.Outcomes.Where(o => !o.Passed).Select(o => $"{o.RuleId} '{o.CaseName}': {string.Join("; ", o.Problems)}"));
    }
}
