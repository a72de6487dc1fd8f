using System.Runtime.CompilerServices;
using PolicyEngine.Aws.Clients.Account;
using PolicyEngine.Aws.Clients.CloudTrail;
using PolicyEngine.Aws.Clients.CloudWatch;
using PolicyEngine.Aws.Clients.CloudWatchLogs;
using PolicyEngine.Aws.Clients.EventBridge;
using PolicyEngine.Aws.Clients.Iam;
using PolicyEngine.Aws.Clients.IdentityCenter;
using PolicyEngine.Aws.Clients.Organizations;
using PolicyEngine.Aws.Clients.Sts;
using PolicyEngine.Aws.Clients.CloudControl;
using PolicyEngine.Aws.Clients.CostExplorer;
using PolicyEngine.Aws.Collection;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Resilience;

namespace PolicyEngine.Aws.Tests.Collection;

/// <summary>
/// In-memory stand-ins for every service interface, as an official SDK client would stand in for a hand-written one:
/// an empty organization of one management account unless a test sets more. <see cref="Fail"/> makes an operation fail.
/// </summary>
internal sealed class FakeAws : IStsClient, IOrganizationsClient, IIamClient, IAccountClient, ICloudTrailClient, IEventBridgeClient,
    ICloudWatchLogsClient, ICloudWatchClient, ICloudControlClient, ICostExplorerClient, IIdentityCenterClient
{
    public const string Management = "111111111111";

    public List<OrganizationAccount> Accounts { get; } = [Account(Management)];
    public List<PolicySummary> Policies { get; } = [];
    public HashSet<string> Failing { get; } = new(StringComparer.Ordinal);

    /// <summary>Operations that answer with a given error code (the service's "no" or "not set up").</summary>
    public Dictionary<string, string> Answers { get; } = new(StringComparer.Ordinal);

    public List<TrailInfo> Trails { get; } = [];
    public List<EventRuleInfo> Rules { get; } = [];

    /// <summary>ListAccounts fails after yielding this many accounts (a failure on a later page).</summary>
    public int? AccountsFailAfter { get; set; }

    public static OrganizationAccount Account(string id) =>
        new(id, $"arn:aws:organizations::{Management}:account/o-1/{id}", $"acct-{id}", $"{id}@example.com", "ACTIVE", "CREATED", null);

    public AwsClientSet Clients() => new()
    {
        Sts = this, Organizations = this, Iam = this, Account = this, CloudTrail = this, EventBridge = this,
        CloudWatchLogs = this, CloudWatch = this, CloudControl = this, CostExplorer = this, IdentityCenter = this, Statistics = new CallStatistics(),
    };

    public FakeAws Fail(AwsOperation operation)
    {
        Failing.Add(operation.IamAction);
        return this;
    }

    public FakeAws AnswerError(AwsOperation operation, string errorCode)
    {
        Answers[operation.IamAction] = errorCode;
        return this;
    }

    private Task<T> Answer<T>(AwsOperation operation, T value) =>
        Failing.Contains(operation.IamAction)
            ? Task.FromException<T>(new AwsServiceException(operation, "AccessDeniedException", $"not authorized to perform {operation.IamAction}", region: "eu-west-1"))
            : Answers.TryGetValue(operation.IamAction, out var code)
                ? Task.FromException<T>(new AwsServiceException(operation, code, $"{operation.IamAction} answered {code}", region: "eu-west-1"))
                : Task.FromResult(value);

    public Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken ct) =>
        Task.FromResult(new CallerIdentity(Management, $"arn:aws:iam::{Management}:user/auditor", "AIDA"));

    public Task<OrganizationDescription> DescribeOrganizationAsync(CancellationToken ct) =>
        Answer(OrganizationsClient.DescribeOrganization, new OrganizationDescription("o-1", "arn:aws:organizations::111111111111:organization/o-1",
            "ALL", Management, "root@example.com", ["SERVICE_CONTROL_POLICY"]));

    public async IAsyncEnumerable<OrganizationAccount> ListAccountsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        for (var i = 0; i < Accounts.Count; i++)
        {
            if (i == AccountsFailAfter)
                throw new AwsServiceException(OrganizationsClient.ListAccounts, "TooManyRequestsException", "throttled on every attempt");
            await Task.Yield();
            yield return Accounts[i];
        }
    }

    public Task<IReadOnlyList<DelegatedAdministratorAccount>> ListDelegatedAdministratorsAsync(CancellationToken ct) =>
        Answer(OrganizationsClient.ListDelegatedAdministrators, (IReadOnlyList<DelegatedAdministratorAccount>)[]);

    public Task<IReadOnlyList<DelegatedService>> ListDelegatedServicesForAccountAsync(string accountId, CancellationToken ct) =>
        Answer(OrganizationsClient.ListDelegatedServicesForAccount, (IReadOnlyList<DelegatedService>)[]);

    public Task<IReadOnlyList<EnabledServicePrincipal>> ListAwsServiceAccessAsync(CancellationToken ct) =>
        Answer(OrganizationsClient.ListAwsServiceAccess, (IReadOnlyList<EnabledServicePrincipal>)[]);

    public Task<IReadOnlyList<PolicySummary>> ListServiceControlPoliciesAsync(CancellationToken ct) =>
        Answer(OrganizationsClient.ListPolicies, (IReadOnlyList<PolicySummary>)Policies);

    public Task<IReadOnlyList<PolicyTarget>> ListTargetsForPolicyAsync(string policyId, CancellationToken ct) =>
        PolicyTargetErrors.TryGetValue(policyId, out var code)
            ? Task.FromException<IReadOnlyList<PolicyTarget>>(new AwsServiceException(OrganizationsClient.ListTargetsForPolicy, code, "refused"))
            : Answer(OrganizationsClient.ListTargetsForPolicy, (IReadOnlyList<PolicyTarget>)(PolicyTargets.TryGetValue(policyId, out var targets)
                ? targets.Select(t => new PolicyTarget(t, t.StartsWith("ou-", StringComparison.Ordinal) ? "ORGANIZATIONAL_UNIT" : "ACCOUNT")).ToList()
                : [new("r-root", "ROOT")]));

    /// <summary>The error code ListTargetsForPolicy answers for a policy, instead of its targets.</summary>
    public Dictionary<string, string> PolicyTargetErrors { get; } = new(StringComparer.Ordinal);

    /// <summary>Where each policy is attached ("r-root" unless set).</summary>
    public Dictionary<string, string[]> PolicyTargets { get; } = new(StringComparer.Ordinal);

    /// <summary>Where each account sits below the root ("r-root" unless set): account id → OU ids, top down.</summary>
    public Dictionary<string, string[]> OrganizationalUnits { get; } = new(StringComparer.Ordinal);

    public Task<string> DescribePolicyContentAsync(string policyId, CancellationToken ct) =>
        policyId.Contains("secret", StringComparison.Ordinal)
            ? Task.FromException<string>(new AwsServiceException(OrganizationsClient.DescribePolicy, "AccessDeniedException", "not authorized"))
            : Answer(OrganizationsClient.DescribePolicy, """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""");

    public Task<IReadOnlyList<string>> ListRootsAsync(CancellationToken ct) =>
        Answer(OrganizationsClient.ListRoots, (IReadOnlyList<string>)["r-root"]);

    public Task<IReadOnlyList<string>> ListOrganizationalUnitsForParentAsync(string parentId, CancellationToken ct) =>
        Answer(OrganizationsClient.ListOrganizationalUnitsForParent, (IReadOnlyList<string>)OrganizationalUnits.Values
            .SelectMany(path => path.Zip(path.Prepend("r-root")).Where(pair => pair.Second == parentId).Select(pair => pair.First))
            .Distinct().ToList());

    public Task<IReadOnlyList<string>> ListAccountsForParentAsync(string parentId, CancellationToken ct) =>
        Answer(OrganizationsClient.ListAccountsForParent, (IReadOnlyList<string>)Accounts.Select(a => a.Id)
            .Where(id => (OrganizationalUnits.TryGetValue(id, out var path) && path.Length > 0 ? path[^1] : "r-root") == parentId).ToList());

    public Task<IReadOnlyDictionary<string, int>> GetAccountSummaryAsync(CancellationToken ct) =>
        Answer(IamClient.GetAccountSummary, (IReadOnlyDictionary<string, int>)new Dictionary<string, int> { ["AccountPasswordPresent"] = 1, ["AccountMFAEnabled"] = 1 });

    public Task<CredentialReport> GetCredentialReportAsync(CancellationToken ct) =>
        Answer(IamClient.GetCredentialReport, CredentialReport.Parse($"{Protocols.CredentialReportTests.Header}\n{Protocols.CredentialReportTests.RootRow}\n"));

    public Task<IReadOnlyList<VirtualMfaDeviceInfo>> ListVirtualMfaDevicesAsync(CancellationToken ct) =>
        Answer(IamClient.ListVirtualMfaDevices, (IReadOnlyList<VirtualMfaDeviceInfo>)[]);

    public Task<IReadOnlyList<IamUserInfo>> ListUsersAsync(CancellationToken ct) => Answer(IamClient.ListUsers, (IReadOnlyList<IamUserInfo>)[]);

    public Task<OrganizationsFeaturesInfo> ListOrganizationsFeaturesAsync(CancellationToken ct) =>
        Answer(IamClient.ListOrganizationsFeatures, new OrganizationsFeaturesInfo("o-1", []));

    public Task<ContactInformationInfo> GetContactInformationAsync(string? accountId, CancellationToken ct) =>
        Answer(AccountClient.GetContactInformation, new ContactInformationInfo("Jane", "+1", null, "US"));

    public Task<AlternateContactInfo?> GetAlternateContactAsync(string contactType, string? accountId, CancellationToken ct) =>
        Answer(AccountClient.GetAlternateContact, (AlternateContactInfo?)null);

    public Task<IReadOnlyList<TrailInfo>> DescribeTrailsAsync(string region, CancellationToken ct) =>
        Answer(CloudTrailClient.DescribeTrails, (IReadOnlyList<TrailInfo>)Trails);

    public Task<bool> GetTrailIsLoggingAsync(string trailArn, string region, CancellationToken ct) => Answer(CloudTrailClient.GetTrailStatus, true);

    public Task<EventSelectorsInfo> GetEventSelectorsAsync(string trailArn, string region, CancellationToken ct) =>
        Answer(CloudTrailClient.GetEventSelectors, new EventSelectorsInfo([], []));

    public Task<IReadOnlyList<EventRuleInfo>> ListRulesAsync(string region, CancellationToken ct) => Answer(EventBridgeClient.ListRules, (IReadOnlyList<EventRuleInfo>)Rules);

    public Task<IReadOnlyList<RuleTargetInfo>> ListTargetsByRuleAsync(string ruleName, string region, CancellationToken ct) =>
        Answer(EventBridgeClient.ListTargetsByRule, (IReadOnlyList<RuleTargetInfo>)[]);

    public Task<IReadOnlyList<MetricFilterInfo>> DescribeMetricFiltersAsync(string region, CancellationToken ct) =>
        Answer(CloudWatchLogsClient.DescribeMetricFilters, (IReadOnlyList<MetricFilterInfo>)[]);

    public Task<IReadOnlyList<MetricAlarmInfo>> DescribeMetricAlarmsAsync(string region, CancellationToken ct) =>
        Answer(CloudWatchClient.DescribeAlarms, (IReadOnlyList<MetricAlarmInfo>)[]);

    public Task<IReadOnlyList<string>> ListEnabledRegionsAsync(CancellationToken ct) => Answer(AccountClient.ListRegions, (IReadOnlyList<string>)["eu-west-1"]);

    /// <summary>Resources Cloud Control lists, by (type, region).</summary>
    public Dictionary<(string Type, string Region), List<CloudResource>> Resources { get; } = [];

    public Task<IReadOnlyList<CloudResource>> ListResourcesAsync(string typeName, string region, CancellationToken ct) =>
        Answer(CloudControlClient.ListResources, (IReadOnlyList<CloudResource>)(Resources.GetValueOrDefault((typeName, region)) ?? []));

    public List<ServiceCost> Costs { get; } = [];

    public Task<IReadOnlyList<ServiceCost>> GetCostByServiceAsync(string linkedAccountId, DateOnly start, DateOnly end, CancellationToken ct) =>
        Answer(CostExplorerClient.GetCostAndUsage, (IReadOnlyList<ServiceCost>)Costs);

    /// <summary>What GetAccountAuthorizationDetails returns (nobody unless a test sets more).</summary>
    public AuthorizationDetails Authorization { get; set; } = new([], [], [], new Dictionary<string, string>());

    public Task<AuthorizationDetails> GetAccountAuthorizationDetailsAsync(CancellationToken ct) =>
        Answer(IamClient.GetAccountAuthorizationDetails, Authorization);

    /// <summary>Identity Center: instances by region, permission sets by ARN, assignments by permission set, members by group.</summary>
    public Dictionary<string, List<IdentityCenterInstance>> Instances { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, PermissionSetPolicies> PermissionSets { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<AccountAssignment>> Assignments { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<string>> GroupMembers { get; } = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<IdentityCenterInstance>> ListInstancesAsync(string region, CancellationToken ct) =>
        Answer(IdentityCenterClient.ListInstances, (IReadOnlyList<IdentityCenterInstance>)(Instances.GetValueOrDefault(region) ?? []));

    public Task<IReadOnlyList<string>> ListPermissionSetsProvisionedToAccountAsync(IdentityCenterInstance instance, string accountId, CancellationToken ct) =>
        Answer(IdentityCenterClient.ListPermissionSetsProvisionedToAccount, (IReadOnlyList<string>)PermissionSets.Keys.ToList());

    public Task<PermissionSetPolicies> DescribePermissionSetAsync(IdentityCenterInstance instance, string permissionSetArn, CancellationToken ct) =>
        Answer(IdentityCenterClient.DescribePermissionSet, PermissionSets[permissionSetArn]);

    public Task<IReadOnlyList<AccountAssignment>> ListAccountAssignmentsAsync(IdentityCenterInstance instance, string accountId, string permissionSetArn, CancellationToken ct) =>
        Answer(IdentityCenterClient.ListAccountAssignments, (IReadOnlyList<AccountAssignment>)(Assignments.GetValueOrDefault(permissionSetArn) ?? []));

    public Task<string> DescribeUserNameAsync(IdentityCenterInstance instance, string userId, CancellationToken ct) =>
        Answer(IdentityCenterClient.DescribeUser, $"user-{userId}");

    public Task<string> DescribeGroupNameAsync(IdentityCenterInstance instance, string groupId, CancellationToken ct) =>
        Answer(IdentityCenterClient.DescribeGroup, $"group-{groupId}");

    public Task<IReadOnlyList<string>> ListGroupMembersAsync(IdentityCenterInstance instance, string groupId, CancellationToken ct) =>
        Answer(IdentityCenterClient.ListGroupMemberships, (IReadOnlyList<string>)(GroupMembers.GetValueOrDefault(groupId) ?? []));
}
