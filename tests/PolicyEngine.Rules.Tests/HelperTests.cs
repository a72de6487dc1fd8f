using System.Reflection;
using PolicyEngine.Rules.Diagnostics;
using PolicyEngine.Rules.Helpers;

namespace PolicyEngine.Rules.Tests;

public class HelperTests
{
    [Theory]
    [InlineData("arn:aws:iam::111111111111:role/Admin", "arn:aws:iam::*:role/*", true)]
    [InlineData("ARN:AWS:IAM::1:ROLE/X", "arn:aws:iam::?:role/x", true)]
    [InlineData("abc", "a?c", true)]
    [InlineData("abc", "a?", false)]
    [InlineData("", "*", true)]
    [InlineData("", "?", false)]
    [InlineData("a.c", "a.c", true)]
    [InlineData("abc", "a.c", false)]
    [InlineData("x(1)+[y]", "x(1)+[*]", true)]
    [InlineData("aaa", "*a*a*a*", true)]
    [InlineData("aab", "*a*a*a*", false)]
    [InlineData(null, "*", false)]
    public void Globs_match_star_and_question_mark_and_nothing_else(string? value, string pattern, bool expected) =>
        Assert.Equal(expected, Text.Like(value, pattern));

    [Theory]
    [InlineData("{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }", true)]
    [InlineData("{$.userIdentity.type='Root'}", true)]
    [InlineData("{ $.userIdentity.type != \"Root\" }", false)]
    [InlineData("{ $.eventName = \"ConsoleLogin\" }", false)]
    [InlineData(null, false)]
    public void Root_usage_metric_filters_are_recognised(string? pattern, bool expected) =>
        Assert.Equal(expected, LogFilters.MatchesRootUsage(pattern));

    [Theory]
    [InlineData("""{"detail-type":["AWS API Call via CloudTrail","AWS Console Sign In via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}""", true)]
    [InlineData("""{"detail":{"userIdentity":{"type":[{"prefix":"Ro"}]}}}""", true)]
    [InlineData("""{"detail-type":["AWS Health Event"],"detail":{"userIdentity":{"type":["Root"]}}}""", false)]
    [InlineData("""{"detail":{"userIdentity":{"type":["IAMUser"]}}}""", false)]
    [InlineData("not json", false)]
    public void Root_activity_event_patterns_are_recognised(string pattern, bool expected) =>
        Assert.Equal(expected, EventPatterns.MatchesRootActivity(pattern));

    [Fact]
    public void Diagnostic_ids_are_unique_in_the_one_table()
    {
        var ids = typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id).ToList();
        Assert.True(ids.Count >= 39); // PE10xx to PE21xx, all of them here
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^PE[0-9]{4}$", id));
    }
}
