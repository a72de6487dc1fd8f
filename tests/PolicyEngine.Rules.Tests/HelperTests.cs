using System.Reflection;
using PolicyEngine.Diagnostics;
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

    /// <summary>The public CIS root-usage filter as its versions, Security Hub and users write it: all select root activity.</summary>
    [Theory]
    [InlineData("""{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }""")]
    [InlineData("""{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}""")]
    [InlineData("""{ $.userIdentity.type = Root && $.userIdentity.invokedBy NOT EXISTS && $.eventType != AwsServiceEvent }""")]
    [InlineData("""{ ($.userIdentity.type = "Root") && ($.userIdentity.invokedBy NOT EXISTS) && ($.eventType != "AwsServiceEvent") }""")]
    [InlineData("""{($.userIdentity.type="Root")&&($.userIdentity.invokedBy NOT EXISTS)&&($.eventType!="AwsServiceEvent")}""")]
    [InlineData("{\n  $.userIdentity.type = \"Root\"\n  && $.userIdentity.invokedBy not exists\n  && $.eventType != \"AwsServiceEvent\"\n}")]
    [InlineData("""{ $.userIdentity.type = "Root" }""")]
    [InlineData("""{ $.userIdentity.type = Ro* }""")]
    [InlineData("""{ $.userIdentity.arn = "arn:aws:iam::*:root" }""")]
    [InlineData("""{ $.userIdentity.type = "Root" || $.eventName = "Never" }""")]
    [InlineData("""{ $.userIdentity.type = %^Ro+t$% && $.userIdentity.invokedBy IS NULL || $.userIdentity.type = "Root" }""")]
    public void Root_usage_filters_select_root_activity_however_they_are_spelt(string pattern)
    {
        Assert.True(LogFilters.SelectsRootActivity(pattern));
        Assert.True(LogFilters.SeesRootSignIns(pattern) && LogFilters.SeesRootApiCalls(pattern));
    }

    /// <summary>Filters that look alike but do not single out root's activity.</summary>
    [Theory]
    [InlineData("""{ $.userIdentity.type != "Root" }""")]
    [InlineData("""{ $.eventName = "ConsoleLogin" }""")]
    [InlineData("""{ ($.eventName = "ConsoleLogin") || ($.eventName = "CreateAccessKey") }""")]
    [InlineData("""{ $.userIdentity.type = "root" }""")]
    [InlineData("""{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy EXISTS }""")]
    [InlineData("""{ $.userIdentity.type = "Root" && $.eventType = "AwsServiceEvent" }""")]
    [InlineData("""{ $.userIdentity.type = "Root" || $.userIdentity.type = "IAMUser" }""")]
    [InlineData("""{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy IS NULL }""")]
    [InlineData("""{ $.userIdentity.Type = "Root" }""")]
    [InlineData("{ $.userIdentity.type = \"Root\" ")]
    [InlineData("Root")]
    [InlineData("")]
    [InlineData(null)]
    public void Look_alike_filters_do_not_select_root_activity(string? pattern) =>
        Assert.False(LogFilters.SelectsRootActivity(pattern));

    [Theory]
    [InlineData("""{ $.userIdentity.type = "Root" && $.eventName = "ConsoleLogin" }""", true, false)]
    [InlineData("""{ $.userIdentity.type = "Root" && $.eventType = "AwsApiCall" }""", false, true)]
    [InlineData("""{ $.userIdentity.type = "Root" && $.awsRegion = "us-east-1" }""", true, false)]
    public void A_filter_may_see_root_sign_ins_or_calls_only(string pattern, bool signIns, bool calls) =>
        Assert.Equal((signIns, calls), (LogFilters.SeesRootSignIns(pattern), LogFilters.SeesRootApiCalls(pattern)));

    [Theory]
    [InlineData("""{"detail-type":["AWS API Call via CloudTrail","AWS Console Sign In via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}""", true, true)]
    [InlineData("""{"detail-type":["AWS Console Signin via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}""", true, false)]
    [InlineData("""{"detail":{"userIdentity":{"type":[{"prefix":"Ro"}]}}}""", true, true)]
    [InlineData("""{"detail":{"userIdentity":{"arn":[{"suffix":":root"}]}}}""", true, true)]
    [InlineData("""{"detail":{"userIdentity":{"type":[{"equals-ignore-case":"root"}]}}}""", true, true)]
    [InlineData("""{"$or":[{"detail":{"userIdentity":{"type":["Root"]}}},{"detail":{"eventName":["Never"]}}]}""", true, true)]
    [InlineData("""{"source":["aws.signin"],"detail":{"userIdentity":{"type":["Root"]}}}""", true, false)]
    [InlineData("""{"detail-type":["AWS Health Event"],"detail":{"userIdentity":{"type":["Root"]}}}""", false, false)]
    [InlineData("""{"detail":{"userIdentity":{"type":["IAMUser"]}}}""", false, false)]
    [InlineData("""{"detail":{"userIdentity":{"type":[{"anything-but":"IAMUser"}]}}}""", false, false)]
    [InlineData("""{"detail-type":["AWS Console Sign In via CloudTrail"]}""", false, false)]
    [InlineData("not json", false, false)]
    public void Event_patterns_are_matched_against_root_events(string pattern, bool signIns, bool calls) =>
        Assert.Equal((signIns, calls), (EventPatterns.SeesRootSignIns(pattern), EventPatterns.SeesRootApiCalls(pattern)));

    [Fact]
    public void Diagnostic_ids_are_unique_in_the_one_table()
    {
        var ids = DiagnosticDescriptors.All.Select(d => d.Id).ToList();
        Assert.Equal(typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static).Count(f => f.FieldType == typeof(DiagnosticDescriptor)), ids.Count);
        Assert.True(ids.Count >= 39); // PE10xx to PE21xx, all of them here
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^PE[0-9]{4}$", id));
    }
}
