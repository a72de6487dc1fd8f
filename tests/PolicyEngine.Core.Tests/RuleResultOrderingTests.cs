using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;

namespace PolicyEngine.Core.Tests;

public class RuleResultOrderingTests
{
    private static RuleResult Result(string rule, string account, string resource, ResultStatus status, string message) => new()
    {
        RuleId = rule, Recommendation = "r", Status = status, Severity = Severity.High, AccountId = account, Resource = resource, Message = message,
    };

    [Fact]
    public void Results_are_ordered_by_rule_account_and_resource_and_ties_by_status_and_message_whatever_the_input_order()
    {
        var expected = new[]
        {
            Result("MA0101", "111111111111", "arn:a", ResultStatus.Pass, "b"),
            Result("MA0101", "111111111111", "arn:b", ResultStatus.Pass, "a"),
            Result("MA0101", "222222222222", "arn:a", ResultStatus.Pass, "a"),
            // One resource listed twice in a snapshot, with different values: still one order.
            Result("MA0102", "111111111111", "arn:a", ResultStatus.Fail, "b"),
            Result("MA0102", "111111111111", "arn:a", ResultStatus.Fail, "c"),
            Result("MA0102", "111111111111", "arn:a", ResultStatus.Pass, "a"),
        };
        foreach (var input in new[] { expected.Reverse().ToArray(), [.. expected.Skip(3), .. expected.Take(3)] })
        {
            Assert.Equal(expected, input.Sorted());
            var list = input.ToList();
            list.Sort(RuleResultOrdering.Comparer);
            Assert.Equal(expected, list);
        }
    }
}
