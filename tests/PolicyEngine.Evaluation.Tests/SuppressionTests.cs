using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;
using PolicyEngine.Evaluation.Outcomes;
using PolicyEngine.Diagnostics;

namespace PolicyEngine.Evaluation.Tests;

public class SuppressionTests
{
    private static RuleResult Result(ResultStatus status, string account = "111111111111") => new()
    {
        RuleId = "MA0502", Recommendation = "r", Status = status, Severity = Severity.Medium,
        AccountId = account, Resource = $"arn:aws:organizations::111111111111:account/o-x/{account}", Message = "m",
    };

    private static SuppressionRule Rule(string account, string resource = "*", string expires = "2027-01-01") =>
        new("MA0502", account, resource, "accepted", "owner@example.com", DateOnly.Parse(expires), SourceLocation.FileOnly("policyengine.yaml"));

    [Fact]
    public void Only_failing_results_are_suppressed_never_unknown_or_passing_ones()
    {
        var outcome = Suppressions.Apply([Result(ResultStatus.Fail), Result(ResultStatus.Unknown), Result(ResultStatus.Pass)], [Rule("*")], new DateOnly(2026, 11, 25));
        Assert.Equal([ResultStatus.Suppressed, ResultStatus.Unknown, ResultStatus.Pass], outcome.Results.Select(r => r.Status));
        Assert.Equal("accepted", outcome.Results[0].Suppression!.Justification);
        Assert.Empty(outcome.Diagnostics);
    }

    [Fact]
    public void Account_and_resource_patterns_match_whole_values()
    {
        var results = new[] { Result(ResultStatus.Fail, "410000000801"), Result(ResultStatus.Fail, "310000000801") };
        var outcome = Suppressions.Apply(results, [Rule("4100000008*", "arn:aws:organizations::*")], new DateOnly(2026, 11, 25));
        Assert.Equal([ResultStatus.Suppressed, ResultStatus.Fail], outcome.Results.Select(r => r.Status));
    }

    [Fact]
    public void An_expired_suppression_still_counts_as_used_but_says_it_expired()
    {
        var outcome = Suppressions.Apply([Result(ResultStatus.Fail)], [Rule("*", expires: "2026-11-24")], new DateOnly(2026, 11, 25));
        Assert.Equal(ResultStatus.Fail, Assert.Single(outcome.Results).Status);
        Assert.Equal("PE2101", Assert.Single(outcome.Diagnostics).Id);
    }

    [Fact]
    public void A_pattern_that_would_backtrack_in_a_regular_expression_neither_throws_nor_hangs()
    {
        // "*a*a*…*b" against a long run of 'a's is the classic catastrophic case for a backtracking regex with a timeout.
        var pattern = string.Concat(Enumerable.Repeat("*a", 40)) + "*b";
        var result = Result(ResultStatus.Fail) with { Resource = new string('a', 20_000) };
        var outcome = Suppressions.Apply([result], [Rule("*", pattern)], new DateOnly(2026, 11, 25));
        Assert.Equal(ResultStatus.Fail, Assert.Single(outcome.Results).Status);
        Assert.Equal("PE2102", Assert.Single(outcome.Diagnostics).Id);
    }
}
