using PolicyEngine.Evaluation.Testing;

namespace PolicyEngine.Evaluation.Tests;

public class ShippedRuleTests
{
    [Fact]
    public void Every_shipped_rule_test_case_passes()
    {
        var run = RuleTestRunner.RunDirectory(Repo.Path("rules"));
        // Errors and warnings alike: a shipped rule without a failing and a passing case (PE1403) does not ship.
        Assert.Empty(run.Diagnostics.Select(d => d.ToString()));
        Assert.NotEmpty(run.Outcomes);
        Assert.Empty(run.Outcomes.Where(o => !o.Passed).Select(o => $"{o.RuleId} '{o.CaseName}': {string.Join("; ", o.Problems)}"));
    }
}
