using PolicyEngine.Aws.Clients.Organizations;
using PolicyEngine.Aws.Collection;
using PolicyEngine.Core.Facts;

namespace PolicyEngine.Aws.Tests.Collection;

/// <summary>What the collectors make of partial failures, with in-memory clients behind the service interfaces.</summary>
public sealed class CollectorSemanticsTests
{
    private static readonly CollectorOptions Options = new() { Region = "eu-west-1" };

    private static async Task<FactSet> CollectAsync(FakeAws aws) =>
        (await new OrganizationCollector().CollectAsync(aws.Clients(), Options, null, CancellationToken.None)).Facts;

    [Fact]
    public async Task AListingThatFailsMidway_KeepsTheAccountsRead_AndRecordsTheFamilyAsIncomplete()
    {
        var aws = new FakeAws { AccountsFailAfter = 3 };
        aws.Accounts.AddRange(Enumerable.Range(2, 5).Select(i => FakeAws.Account($"{i:D12}")));

        var facts = await CollectAsync(aws);

        Assert.Equal(3, facts.Accounts.Count);
        Assert.True(Assert.Single(facts.Accounts, a => a.Id == FakeAws.Management).IsManagement);
        var error = Assert.Single(facts.CollectionErrors);
        Assert.Equal((nameof(Account), (string?)null, "organizations:ListAccounts", "TooManyRequestsException"),
            (error.FactType, error.AccountId, error.Api, error.ErrorCode));
        // The two members read before the failure still had their security contact asked for.
        Assert.Equal(3 + 2, facts.AlternateContacts.Count);
    }

    [Fact]
    public async Task APolicyWhoseTargetsCannotBeListed_IsKeptWithUnknownTargets_NotReportedAsAttachedToNothing()
    {
        var aws = new FakeAws();
        aws.Policies.Add(new PolicySummary("p-ok", "arn:aws:organizations::aws:policy/service_control_policy/p-ok", "ok", false));
        aws.Policies.Add(new PolicySummary("p-denied", "arn:aws:organizations::aws:policy/service_control_policy/p-denied", "denied", false));
        aws.PolicyTargetErrors["p-denied"] = "AccessDeniedException";

        var facts = await CollectAsync(aws);

        Assert.Equal(["r-root"], Assert.Single(facts.ServiceControlPolicies, p => p.Id == "p-ok").TargetIds);
        Assert.Null(Assert.Single(facts.ServiceControlPolicies, p => p.Id == "p-denied").TargetIds);
        var error = Assert.Single(facts.CollectionErrors);
        Assert.Equal((nameof(ServiceControlPolicy), (string?)null, "AccessDeniedException"), (error.FactType, error.AccountId, error.ErrorCode));
    }

    [Fact]
    public async Task APolicyDeletedAfterTheListing_IsLeftOut_WithoutAnError()
    {
        var aws = new FakeAws();
        aws.Policies.Add(new PolicySummary("p-ok", "arn:aws:organizations::aws:policy/service_control_policy/p-ok", "ok", false));
        aws.Policies.Add(new PolicySummary("p-gone", "arn:aws:organizations::aws:policy/service_control_policy/p-gone", "gone", false));
        aws.PolicyTargetErrors["p-gone"] = "PolicyNotFoundException";

        var facts = await CollectAsync(aws);

        Assert.Equal("p-ok", Assert.Single(facts.ServiceControlPolicies).Id);
        Assert.Empty(facts.CollectionErrors);
    }

    [Theory]
    [InlineData("ServiceAccessNotEnabledException", "trusted access for IAM (iam.amazonaws.com) is not enabled in AWS Organizations")]
    [InlineData("OrganizationNotInAllFeaturesModeException", "the organization does not have all features enabled")]
    [InlineData("OrganizationNotFoundException", "no organization is associated with the account")]
    public async Task IamSayingTheFeaturesCannotBeOn_IsAFact_NotAnUnreadableFeatureList(string code, string reason)
    {
        var facts = await CollectAsync(new FakeAws().AnswerError(Clients.Iam.IamClient.ListOrganizationsFeatures, code));

        Assert.Empty(facts.CollectionErrors);
        Assert.Equal(((IReadOnlyList<string>)[], reason), (facts.OrganizationFeatures!.EnabledFeatures, facts.OrganizationFeatures.NotAvailableReason));
    }

    [Fact]
    public async Task AFeatureListTheCallerMayNotRead_StaysACollectionError()
    {
        var facts = await CollectAsync(new FakeAws().AnswerError(Clients.Iam.IamClient.ListOrganizationsFeatures, "AccountNotManagementOrDelegatedAdministratorException"));

        Assert.Null(facts.OrganizationFeatures);
        Assert.Equal((nameof(OrganizationFeatures), "AccountNotManagementOrDelegatedAdministratorException"), facts.CollectionErrors.Select(e => (e.FactType, e.ErrorCode)).Single());
    }

    [Fact]
    public async Task ATrailOrRuleDeletedWhileBeingRead_IsGone_NotUnreadable()
    {
        var aws = new FakeAws()
            .AnswerError(Clients.CloudTrail.CloudTrailClient.GetTrailStatus, "TrailNotFoundException")
            .AnswerError(Clients.EventBridge.EventBridgeClient.ListTargetsByRule, "ResourceNotFoundException");
        aws.Trails.Add(new Clients.CloudTrail.TrailInfo("gone", "arn:aws:cloudtrail:eu-west-1:111111111111:trail/gone", "eu-west-1", true, false, true, "b", null, null));
        aws.Rules.Add(new Clients.EventBridge.EventRuleInfo("gone", "arn:aws:events:eu-west-1:111111111111:rule/gone", "ENABLED", null));

        var facts = await CollectAsync(aws);

        Assert.Empty(facts.CloudTrailTrails);
        Assert.Empty(facts.EventBridgeRules);
        Assert.Empty(facts.CollectionErrors);
    }

    [Fact]
    public async Task ALogGroupInAnotherAccount_IsNamedAsNotCollected_ForThatAccount()
    {
        var aws = new FakeAws();
        aws.Trails.Add(new Clients.CloudTrail.TrailInfo("org", "arn:aws:cloudtrail:eu-west-1:111111111111:trail/org", "eu-west-1", true, true, true, "b",
            "arn:aws:logs:eu-west-1:444444444444:log-group:org-trail:*", null));

        var facts = await CollectAsync(aws);

        var error = Assert.Single(facts.CollectionErrors);
        Assert.Equal((nameof(MetricFilter), "444444444444", "logs:DescribeMetricFilters", "InAnotherAccount", "eu-west-1"),
            (error.FactType, error.AccountId, error.Api, error.ErrorCode, error.Region));
        Assert.Contains("log group org-trail in account 444444444444", error.Message);
    }

    [Fact]
    public async Task EachAccountsPath_ListsTheRootAndItsOus_TopDown()
    {
        var aws = new FakeAws();
        aws.Accounts.AddRange([FakeAws.Account("222222222222"), FakeAws.Account("333333333333")]);
        aws.OrganizationalUnits["222222222222"] = ["ou-prod", "ou-prod-eu"];
        aws.OrganizationalUnits["333333333333"] = ["ou-sandbox"];

        var facts = await CollectAsync(aws);

        var paths = facts.AccountPaths.ToDictionary(p => p.AccountId, p => p.ParentIds);
        Assert.Equal(["r-root"], paths[FakeAws.Management]);
        Assert.Equal(["r-root", "ou-prod", "ou-prod-eu"], paths["222222222222"]);
        Assert.Equal(["r-root", "ou-sandbox"], paths["333333333333"]);
        Assert.Empty(facts.CollectionErrors);
    }

    [Fact]
    public async Task AnScpWhoseDocumentCannotBeRead_IsKeptWithoutIt_AndOnlyTheAccountsItGovernsAreIncomplete()
    {
        var aws = new FakeAws();
        aws.Accounts.AddRange([FakeAws.Account("222222222222"), FakeAws.Account("333333333333")]);
        aws.OrganizationalUnits["222222222222"] = ["ou-prod"];
        aws.OrganizationalUnits["333333333333"] = ["ou-sandbox"];
        aws.Policies.Add(new PolicySummary("p-full", "arn:aws:organizations::aws:policy/service_control_policy/p-full", "FullAWSAccess", true));
        aws.Policies.Add(new PolicySummary("p-secret", "arn:aws:organizations::111111111111:policy/o-1/service_control_policy/p-secret", "Secret", false));
        aws.PolicyTargets["p-secret"] = ["ou-prod"];

        var facts = await CollectAsync(aws);

        Assert.Contains("\"Allow\"", Assert.Single(facts.ServiceControlPolicies, p => p.Id == "p-full").Content);
        Assert.Null(Assert.Single(facts.ServiceControlPolicies, p => p.Id == "p-secret").Content);
        var error = Assert.Single(facts.CollectionErrors);
        Assert.Equal((nameof(ServiceControlPolicy), "222222222222", "organizations:DescribePolicy", "p-secret"), (error.FactType, error.AccountId, error.Api, error.Resource));
        Assert.Contains("ServiceControlPolicy p-secret could not be collected", error.Describe());
    }

    [Fact]
    public async Task AnUnreadableTree_IsAnOrganizationWideError_AndPathsAlreadyFoundAreKept()
    {
        var aws = new FakeAws().Fail(OrganizationsClient.ListOrganizationalUnitsForParent);
        aws.Policies.Add(new PolicySummary("p-secret", "arn:aws:organizations::111111111111:policy/o-1/service_control_policy/p-secret", "Secret", false));

        var facts = await CollectAsync(aws);

        Assert.Equal(["r-root"], Assert.Single(facts.AccountPaths).ParentIds);
        Assert.Equal([(nameof(AccountPath), (string?)null), (nameof(ServiceControlPolicy), null)],
            facts.CollectionErrors.Select(e => (e.FactType, e.AccountId)).ToList());
    }

    [Fact]
    public async Task UnsetAlternateContacts_AreFactsWithIsSetFalse()
    {
        var facts = await CollectAsync(new FakeAws());

        Assert.Equal(["BILLING", "OPERATIONS", "SECURITY"], facts.AlternateContacts.Select(c => c.Type).Order());
        Assert.All(facts.AlternateContacts, c => Assert.False(c.IsSet));
        Assert.Empty(facts.CollectionErrors);
    }

    [Fact]
    public async Task RootCredential_NeedsBothTheSummaryAndTheReport()
    {
        var facts = await CollectAsync(new FakeAws().Fail(Clients.Iam.IamClient.GetAccountSummary));

        Assert.Empty(facts.RootCredentials);
        Assert.Equal((nameof(RootCredential), FakeAws.Management, "iam:GetAccountSummary"),
            facts.CollectionErrors.Select(e => (e.FactType, e.AccountId, e.Api)).Single());
    }

    [Fact]
    public async Task RootPassword_ComesFromTheSummary_BecauseTheReportSaysNotSupported()
    {
        var root = Assert.Single((await CollectAsync(new FakeAws())).RootCredentials);

        Assert.True(root.PasswordEnabled);
        Assert.True(root.MfaActive);
    }

    [Fact]
    public async Task RegionalErrorsNameTheRegion_GlobalOnesDoNot()
    {
        var facts = await CollectAsync(new FakeAws()
            .Fail(Clients.CloudWatchLogs.CloudWatchLogsClient.DescribeMetricFilters)
            .Fail(OrganizationsClient.ListAwsServiceAccess));

        Assert.Equal("eu-west-1", Assert.Single(facts.CollectionErrors, e => e.FactType == nameof(MetricFilter)).Region);
        var trusted = Assert.Single(facts.CollectionErrors, e => e.FactType == nameof(TrustedService));
        Assert.Null(trusted.Region);
        Assert.True(trusted.IsOrganizationWide);
    }
}
