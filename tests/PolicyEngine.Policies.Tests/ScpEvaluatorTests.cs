using PolicyEngine.Policies;

namespace PolicyEngine.Policies.Tests;

/// <summary>SCP semantics as the Organizations user guide describes them, one policy shape per test.</summary>
public sealed class ScpEvaluatorTests
{
    private const string Member = "222222222222";
    private const string Leave = "organizations:LeaveOrganization";
    private const string FullAccess = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    private static AttachedPolicy Policy(string id, string json) => AttachedPolicy.FromText(id, id, json);

    private static string Deny(string actionElement, string extra = "") =>
        $$"""{"Version":"2012-10-17","Statement":[{"Sid":"Keep","Effect":"Deny",{{actionElement}},"Resource":"*"{{extra}}}]}""";

    private static string Cond(string op, string key, string value) =>
        ",\"Condition\":{\"" + op + "\":{\"" + key + "\":\"" + value + "\"}}";

    /// <summary>Root with FullAWSAccess, one OU and the account; <paramref name="atOu"/> is attached to the OU.</summary>
    private static ScpVerdict Evaluate(AttachedPolicy? atOu, string action = Leave, AttachedPolicy? atAccount = null) =>
        ScpEvaluator.Evaluate(
        [
            new("r-root", [Policy("p-FullAWSAccess", FullAccess)]),
            new("ou-workloads", atOu is null ? [Policy("p-FullAWSAccess", FullAccess)] : [Policy("p-FullAWSAccess", FullAccess), atOu]),
            new(Member, atAccount is null ? [Policy("p-FullAWSAccess", FullAccess)] : [Policy("p-FullAWSAccess", FullAccess), atAccount]),
        ], Member, action);

    [Theory]
    [InlineData("\"Action\":\"organizations:LeaveOrganization\"")]
    [InlineData("\"Action\":[\"organizations:LeaveOrganization\",\"account:CloseAccount\"]")]
    [InlineData("\"Action\":\"organizations:*\"")]
    [InlineData("\"Action\":\"*\"")]
    [InlineData("\"Action\":\"organizations:Leave*\"")]
    [InlineData("\"Action\":\"Organizations:leaveorganization\"")]
    [InlineData("\"Action\":\"organizations:L?aveOrganization\"")]
    [InlineData("\"NotAction\":[\"s3:*\",\"ec2:*\"]")]
    public void ADenyThatCoversTheAction_DeniesEveryone(string actionElement)
    {
        var verdict = Evaluate(Policy("p-keep", Deny(actionElement)));

        Assert.Equal(ScpDecision.Denied, verdict.Decision);
        Assert.Empty(verdict.Exempted);
        Assert.Contains("p-keep attached to ou-workloads", Assert.Single(verdict.DeniedBy));
    }

    [Theory]
    [InlineData("\"Action\":\"organizations:CreateAccount\"")]
    [InlineData("\"Action\":\"organizations:Leave\"")]
    [InlineData("\"Action\":\"account:*\"")]
    [InlineData("\"NotAction\":\"organizations:*\"")]
    [InlineData("\"NotAction\":[\"organizations:LeaveOrganization\"]")]
    public void ADenyThatLeavesTheActionOut_DoesNotDeny(string actionElement)
    {
        var verdict = Evaluate(Policy("p-other", Deny(actionElement)));

        Assert.Equal(ScpDecision.NotDenied, verdict.Decision);
        Assert.Contains($"no SCP on the path denies {Leave}", verdict.Explanation);
    }

    [Fact]
    public void ANotActionDenyThatLetsTheActionThrough_IsNamed()
    {
        var verdict = Evaluate(Policy("p-guard", Deny("\"NotAction\":[\"organizations:*\",\"s3:*\"]")));

        Assert.Equal(ScpDecision.NotDenied, verdict.Decision);
        Assert.Contains("the Deny in p-guard (statement 'Keep') lists it under NotAction", verdict.Explanation);
    }

    [Fact]
    public void CloseAccountIsMatchedOnItsOwnName()
    {
        var policy = Policy("p-keep", Deny("\"Action\":[\"organizations:LeaveOrganization\"]"));

        Assert.Equal(ScpDecision.NotDenied, Evaluate(policy, "account:CloseAccount").Decision);
        Assert.Equal(ScpDecision.Denied, Evaluate(Policy("p-close", Deny("\"Action\":\"account:Close*\"")), "account:CloseAccount").Decision);
    }

    [Theory]
    [InlineData("ArnNotLike", "arn:aws:iam::*:role/BreakGlass")]
    [InlineData("ArnNotEquals", "arn:aws:iam::222222222222:role/OrgAdmin")]
    [InlineData("StringNotLike", "arn:aws:iam::*:role/break-glass-*")]
    [InlineData("ArnNotLikeIfExists", "arn:aws:iam::*:role/BreakGlass")]
    public void ADenyExemptingANamedPrincipal_DeniesEveryoneElse_AndNamesTheExemption(string op, string arn)
    {
        var verdict = Evaluate(Policy("p-keep", Deny("\"Action\":\"organizations:LeaveOrganization\"",
            Cond(op, "aws:PrincipalArn", arn))));

        Assert.Equal(ScpDecision.Denied, verdict.Decision);
        Assert.Equal([arn], verdict.Exempted);
        Assert.Contains($"except for {arn}", verdict.Explanation);
    }

    [Theory]
    [InlineData("ArnNotLike", "aws:PrincipalArn", "*")]
    [InlineData("ArnNotLike", "aws:PrincipalArn", "arn:aws:iam::*:role/*")]
    [InlineData("StringNotLike", "aws:PrincipalArn", "arn:aws:iam::*:*")]
    [InlineData("StringNotLike", "aws:userid", "*:*")]
    public void ADenyExemptingEveryone_DoesNotCount_AndSaysWhy(string op, string key, string value)
    {
        var verdict = Evaluate(Policy("p-leaky", Deny("\"Action\":\"organizations:*\"", Cond(op, key, value))));

        Assert.Equal(ScpDecision.NotDenied, verdict.Decision);
        Assert.Contains($"exempts every principal matching {value}", Assert.Single(verdict.Ignored));
    }

    [Theory]
    [InlineData("StringEquals", "aws:RequestedRegion", "eu-west-1")]
    [InlineData("Bool", "aws:MultiFactorAuthPresent", "false")]
    [InlineData("ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:role/Developer")]
    [InlineData("StringEquals", "aws:PrincipalTag/team", "sandbox")]
    public void ADenyThatAppliesOnlySometimes_DoesNotCount(string op, string key, string value)
    {
        var verdict = Evaluate(Policy("p-cond", Deny("\"Action\":\"organizations:LeaveOrganization\"", Cond(op, key, value))));

        Assert.Equal(ScpDecision.NotDenied, verdict.Decision);
        Assert.Contains("applies only when", Assert.Single(verdict.Ignored));
    }

    [Fact]
    public void AnExemptionAndAnotherCondition_Together_DoNotCount()
    {
        var verdict = Evaluate(Policy("p-cond", Deny("\"Action\":\"organizations:LeaveOrganization\"",
            ""","Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/BreakGlass"},"StringEquals":{"aws:RequestedRegion":"us-east-1"}}""")));

        Assert.Equal(ScpDecision.NotDenied, verdict.Decision);
    }

    [Theory]
    [InlineData("StringNotEquals", "222222222222", ScpDecision.NotDenied)]
    [InlineData("StringNotEquals", "333333333333", ScpDecision.Denied)]
    [InlineData("StringEquals", "222222222222", ScpDecision.Denied)]
    [InlineData("StringLike", "3*", ScpDecision.NotDenied)]
    public void PrincipalAccountConditions_AreDecidedForTheAccount(string op, string value, ScpDecision expected)
    {
        var verdict = Evaluate(Policy("p-acct", Deny("\"Action\":\"organizations:LeaveOrganization\"", Cond(op, "aws:PrincipalAccount", value))));

        Assert.Equal(expected, verdict.Decision);
    }

    [Fact]
    public void ADenyLimitedToSomeResources_DoesNotCount()
    {
        var json = """{"Statement":{"Effect":"Deny","Action":"account:CloseAccount","Resource":"arn:aws:account::111111111111:account/o-x/333333333333"}}""";

        var verdict = Evaluate(Policy("p-res", json), "account:CloseAccount");

        Assert.Equal(ScpDecision.NotDenied, verdict.Decision);
        Assert.Contains("limited to the resources", Assert.Single(verdict.Ignored));
    }

    [Fact]
    public void ADenyAtTheRoot_OrOnTheAccount_CoversTheAccount()
    {
        var deny = Policy("p-keep", Deny("\"Action\":\"organizations:LeaveOrganization\""));

        var atRoot = ScpEvaluator.Evaluate(
            [new("r-root", [Policy("p-FullAWSAccess", FullAccess), deny]), new("ou-a", [Policy("p-FullAWSAccess", FullAccess)]), new(Member, [Policy("p-FullAWSAccess", FullAccess)])],
            Member, Leave);
        var atAccount = Evaluate(null, Leave, deny);

        Assert.Equal(ScpDecision.Denied, atRoot.Decision);
        Assert.Contains("attached to r-root", atRoot.DeniedBy[0]);
        Assert.Equal(ScpDecision.Denied, atAccount.Decision);
        Assert.Contains($"attached to {Member}", atAccount.DeniedBy[0]);
    }

    [Fact]
    public void ALevelWithoutAnAllow_DeniesImplicitly()
    {
        var allowList = Policy("p-allowlist", """{"Statement":[{"Effect":"Allow","Action":["s3:*","ec2:*"],"Resource":"*"}]}""");

        var verdict = Evaluate(null);
        var implicitDeny = ScpEvaluator.Evaluate(
            [new("r-root", [Policy("p-FullAWSAccess", FullAccess)]), new("ou-a", [allowList]), new(Member, [Policy("p-FullAWSAccess", FullAccess)])],
            Member, Leave);

        Assert.Equal(ScpDecision.NotDenied, verdict.Decision);
        Assert.Equal(ScpDecision.Denied, implicitDeny.Decision);
        Assert.Contains("absence of any Allow", implicitDeny.DeniedBy[0]);
        Assert.Empty(implicitDeny.Exempted);
    }

    [Fact]
    public void NoScpAtTheRoot_MeansScpsAreNotInEffect()
    {
        var verdict = ScpEvaluator.Evaluate([new("r-root", []), new(Member, [])], Member, Leave);

        Assert.Equal(ScpDecision.NotDenied, verdict.Decision);
        Assert.Contains("not in effect", verdict.Explanation);
    }

    [Fact]
    public void AnUnreadablePolicy_MakesTheAnswerUnknown_UnlessAReadableDenyDecides()
    {
        var unreadable = AttachedPolicy.FromText("p-secret", "Secret", null, "organizations:DescribePolicy: AccessDeniedException");

        var unknown = Evaluate(unreadable);
        var decided = Evaluate(unreadable, Leave, Policy("p-keep", Deny("\"Action\":\"organizations:*\"")));

        Assert.Equal(ScpDecision.Unknown, unknown.Decision);
        Assert.Contains("Secret (p-secret) attached to ou-workloads (organizations:DescribePolicy: AccessDeniedException)", unknown.Explanation);
        Assert.Equal(ScpDecision.Denied, decided.Decision);
        Assert.Single(decided.Unreadable);
    }

    [Fact]
    public void AnUnreadablePolicy_KeepsAnImplicitDenyOpen_AtItsLevel()
    {
        var unreadable = AttachedPolicy.FromText("p-secret", "Secret", null);
        var allowList = Policy("p-allowlist", """{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""");

        var verdict = ScpEvaluator.Evaluate(
            [new("r-root", [Policy("p-FullAWSAccess", FullAccess)]), new("ou-a", [allowList, unreadable]), new(Member, [Policy("p-FullAWSAccess", FullAccess)])],
            Member, Leave);

        Assert.Equal(ScpDecision.Unknown, verdict.Decision);
    }

    /// <summary>An allow-list path (root FullAWSAccess; the OU allows only s3) plus a policy whose targets are unknown, seen at every level.</summary>
    private static ScpVerdict WithUnknownTargets(AttachedPolicy maybeAttached, string ouPolicy = """{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""")
    {
        var maybe = maybeAttached with { AttachmentUnknown = true };
        return ScpEvaluator.Evaluate(
        [
            new("r-root", [Policy("p-FullAWSAccess", FullAccess), maybe]),
            new("ou-a", [Policy("p-ou", ouPolicy), maybe]),
            new(Member, [Policy("p-FullAWSAccess", FullAccess), maybe]),
        ], Member, Leave);
    }

    [Fact]
    public void APolicyWithUnknownTargets_ThatMayAllowTheAction_KeepsAnImplicitDenyOpen()
    {
        // Had the collector dropped it, the OU's allow-list would read as a conclusive implicit deny: a wrong pass.
        var verdict = WithUnknownTargets(Policy("p-lost", FullAccess));

        Assert.Equal(ScpDecision.Unknown, verdict.Decision);
        Assert.Contains("p-lost (its targets could not be listed, so where it applies is unknown)", verdict.Explanation);
    }

    [Fact]
    public void APolicyWithUnknownTargets_ThatCannotAllowTheAction_LeavesTheImplicitDenyStanding()
    {
        var verdict = WithUnknownTargets(Policy("p-lost", """{"Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}"""));

        Assert.Equal(ScpDecision.Denied, verdict.Decision);
    }

    [Fact]
    public void ADenyInAPolicyWithUnknownTargets_IsNotCounted_ButKeepsTheAnswerOpen()
    {
        var verdict = WithUnknownTargets(Policy("p-lost", Deny("\"Action\":\"organizations:*\"")), ouPolicy: FullAccess);

        Assert.Equal(ScpDecision.Unknown, verdict.Decision);
        Assert.Empty(verdict.DeniedBy);
    }

    [Fact]
    public void APolicyWithUnknownTargets_ThatNeitherAllowsNorDenies_LeavesAnOpenPathOpen()
    {
        var verdict = WithUnknownTargets(Policy("p-lost", """{"Statement":[{"Effect":"Deny","Action":"ec2:*","Resource":"*"}]}"""), ouPolicy: FullAccess);

        Assert.Equal(ScpDecision.NotDenied, verdict.Decision);
    }

    [Fact]
    public void AnUnreadablePolicyWithUnknownTargets_KeepsAnOpenPathUnknown()
    {
        var verdict = WithUnknownTargets(AttachedPolicy.FromText("p-lost", "Lost", null, "organizations:DescribePolicy: AccessDeniedException"), ouPolicy: FullAccess);

        Assert.Equal(ScpDecision.Unknown, verdict.Decision);
        Assert.Contains("Lost (p-lost) (its targets could not be listed, so where it applies is unknown; organizations:DescribePolicy: AccessDeniedException)", verdict.Explanation);
    }

    [Fact]
    public void TextThatIsNotAPolicy_IsUnreadable_WithTheReason()
    {
        var broken = AttachedPolicy.FromText("p-broken", "Broken", """{"Statement":[{"Effect":"Deny"}]}""");

        Assert.Null(broken.Document);
        Assert.Contains("neither Action nor NotAction", broken.UnreadableReason);
        Assert.Equal(ScpDecision.Unknown, Evaluate(broken).Decision);
    }

    [Fact]
    public void AnAllowNeverOverridesADeny()
    {
        var both = Policy("p-both", """{"Statement":[{"Effect":"Allow","Action":"organizations:LeaveOrganization","Resource":"*"},{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}""");

        Assert.Equal(ScpDecision.Denied, Evaluate(both).Decision);
    }

    [Fact]
    public void TwoExemptingDenies_ListEveryExemption()
    {
        var a = Policy("p-a", Deny("\"Action\":\"organizations:LeaveOrganization\"", ""","Condition":{"ArnNotLike":{"aws:PrincipalArn":["arn:aws:iam::*:role/BreakGlass","arn:aws:iam::*:role/OrgAdmin"]}}"""));
        var b = Policy("p-b", Deny("\"Action\":\"organizations:*\"", ""","Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/OrgAdmin"}}"""));

        var verdict = Evaluate(a, Leave, b);

        Assert.Equal(ScpDecision.Denied, verdict.Decision);
        Assert.Equal(["arn:aws:iam::*:role/BreakGlass", "arn:aws:iam::*:role/OrgAdmin"], verdict.Exempted);
        Assert.Equal(2, verdict.DeniedBy.Count);
    }
}
