using PolicyEngine.Tooling.Testing;
using PolicyEngine.Rules;

namespace PolicyEngine.Tooling.Tests;

/// <summary>The shipped rules' own test cases, one test per rule so that a failure names its rule.</summary>
public class ShippedRuleTests
{
    private static readonly Lazy<RuleTestRun> Run = new(() => RuleTestRunner.RunDirectory(Repo.Path("rules")));

    public static TheoryData<string> RuleIds() =>
        [.. YamlRuleCompiler.CompileDirectory(Repo.Path("rules")).Rules.Select(r => r.Id).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_test_case_of_the_rule_passes(string ruleId)
    {
        var outcomes = Run.Value.Outcomes.Where(o => o.RuleId == ruleId).ToList();
        Assert.NotEmpty(outcomes);
        Assert.Empty(outcomes.Where(o => !o.Passed).Select(o => $"{o.RuleId} '{o.CaseName}': {string.Join("; ", o.Problems)}"));
        // A shipped rule without a failing and a passing case (PE1403) does not ship.
        Assert.Empty(Run.Value.Diagnostics.Where(d => d.Message.Contains($"'{ruleId}'", StringComparison.Ordinal)).Select(d => d.ToString()));
    }

    [Fact]
    public void The_shipped_rules_and_their_tests_have_no_diagnostics()
    {
        // Errors and warnings alike.
        Assert.Empty(Run.Value.Diagnostics.Select(d => d.ToString()));
        Assert.NotEmpty(Run.Value.Outcomes);
    }
}
