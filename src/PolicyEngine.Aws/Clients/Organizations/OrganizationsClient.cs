using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Protocols;

namespace PolicyEngine.Aws.Clients.Organizations;

/// <summary>AWS Organizations over JSON 1.1 (AWSOrganizationsV20161128); replaceable by AWSSDK.Organizations behind <see cref="IOrganizationsClient"/>.</summary>
public sealed class OrganizationsClient(AwsHttpClient http) : IOrganizationsClient
{
    public static readonly AwsOperation DescribeOrganization = new(AwsServices.Organizations, "DescribeOrganization");
    public static readonly AwsOperation ListAccounts = new(AwsServices.Organizations, "ListAccounts");
    public static readonly AwsOperation ListDelegatedAdministrators = new(AwsServices.Organizations, "ListDelegatedAdministrators");
    public static readonly AwsOperation ListDelegatedServicesForAccount = new(AwsServices.Organizations, "ListDelegatedServicesForAccount");
    public static readonly AwsOperation ListAwsServiceAccess = new(AwsServices.Organizations, "ListAWSServiceAccessForOrganization");
    public static readonly AwsOperation ListPolicies = new(AwsServices.Organizations, "ListPolicies");
    public static readonly AwsOperation ListTargetsForPolicy = new(AwsServices.Organizations, "ListTargetsForPolicy");
    public static readonly AwsOperation DescribePolicy = new(AwsServices.Organizations, "DescribePolicy");
    public static readonly AwsOperation ListRoots = new(AwsServices.Organizations, "ListRoots");
    public static readonly AwsOperation ListOrganizationalUnitsForParent = new(AwsServices.Organizations, "ListOrganizationalUnitsForParent");
    public static readonly AwsOperation ListAccountsForParent = new(AwsServices.Organizations, "ListAccountsForParent");

    private const int MaxResults = 20;
    private readonly JsonRpcProtocol _rpc = new(http);

    public async Task<OrganizationDescription> DescribeOrganizationAsync(CancellationToken ct)
    {
        var org = (await _rpc.CallAsync(DescribeOrganization, null, ct).ConfigureAwait(false)).Obj("Organization");
        var enabledTypes = org.Array("AvailablePolicyTypes")
            .Where(t => t.Str("Status") == "ENABLED")
            .Select(t => t.Str("Type") ?? "")
            .ToList();
        return new OrganizationDescription(org.Str("Id") ?? "", org.Str("Arn") ?? "", org.Str("FeatureSet") ?? "",
            org.Str("MasterAccountId") ?? "", org.Str("MasterAccountEmail") ?? "", enabledTypes);
    }

    public IAsyncEnumerable<OrganizationAccount> ListAccountsAsync(CancellationToken ct) =>
        Pagination.StreamAsync(ListAccounts, FetchPage(ListAccounts, new JsonObject(), "Accounts", a => new OrganizationAccount(
            a.Str("Id") ?? "", a.Str("Arn") ?? "", a.Str("Name") ?? "", a.Str("Email") ?? "",
            a.Str("State") ?? a.Str("Status") ?? "", a.Str("JoinedMethod"), a.EpochSeconds("JoinedTimestamp")), ct), ct);

    public Task<IReadOnlyList<DelegatedAdministratorAccount>> ListDelegatedAdministratorsAsync(CancellationToken ct) =>
        ListAsync(ListDelegatedAdministrators, new JsonObject(), "DelegatedAdministrators", a => new DelegatedAdministratorAccount(
            a.Str("Id") ?? "", a.Str("Name") ?? "", a.EpochSeconds("DelegationEnabledDate")), ct);

    public Task<IReadOnlyList<DelegatedService>> ListDelegatedServicesForAccountAsync(string accountId, CancellationToken ct) =>
        ListAsync(ListDelegatedServicesForAccount, new JsonObject { ["AccountId"] = accountId }, "DelegatedServices", s => new DelegatedService(
            s.Str("ServicePrincipal") ?? "", s.EpochSeconds("DelegationEnabledDate")), ct);

    public Task<IReadOnlyList<EnabledServicePrincipal>> ListAwsServiceAccessAsync(CancellationToken ct) =>
        ListAsync(ListAwsServiceAccess, new JsonObject(), "EnabledServicePrincipals", s => new EnabledServicePrincipal(
            s.Str("ServicePrincipal") ?? "", s.EpochSeconds("DateEnabled")), ct);

    public Task<IReadOnlyList<PolicySummary>> ListServiceControlPoliciesAsync(CancellationToken ct) =>
        ListAsync(ListPolicies, new JsonObject { ["Filter"] = "SERVICE_CONTROL_POLICY" }, "Policies", p => new PolicySummary(
            p.Str("Id") ?? "", p.Str("Arn") ?? "", p.Str("Name") ?? "", p.Bool("AwsManaged")), ct);

    public Task<IReadOnlyList<PolicyTarget>> ListTargetsForPolicyAsync(string policyId, CancellationToken ct) =>
        ListAsync(ListTargetsForPolicy, new JsonObject { ["PolicyId"] = policyId }, "Targets", t => new PolicyTarget(
            t.Str("TargetId") ?? "", t.Str("Type") ?? ""), ct);

    public async Task<string> DescribePolicyContentAsync(string policyId, CancellationToken ct)
    {
        var policy = (await _rpc.CallAsync(DescribePolicy, new JsonObject { ["PolicyId"] = policyId }, ct).ConfigureAwait(false)).Obj("Policy");
        return policy.Str("Content") ?? throw new AwsServiceException(DescribePolicy, AwsErrorCodes.Unparseable, $"DescribePolicy returned no Content for {policyId}");
    }

    public Task<IReadOnlyList<string>> ListRootsAsync(CancellationToken ct) =>
        ListAsync(ListRoots, new JsonObject(), "Roots", r => r.Str("Id") ?? "", ct);

    public Task<IReadOnlyList<string>> ListOrganizationalUnitsForParentAsync(string parentId, CancellationToken ct) =>
        ListAsync(ListOrganizationalUnitsForParent, new JsonObject { ["ParentId"] = parentId }, "OrganizationalUnits", u => u.Str("Id") ?? "", ct);

    public Task<IReadOnlyList<string>> ListAccountsForParentAsync(string parentId, CancellationToken ct) =>
        ListAsync(ListAccountsForParent, new JsonObject { ["ParentId"] = parentId }, "Accounts", a => a.Str("Id") ?? "", ct);

    /// <summary>Every Organizations listing pages the same way: NextToken in and out, MaxResults up to 20.</summary>
    private Task<IReadOnlyList<T>> ListAsync<T>(AwsOperation operation, JsonObject input, string listName, Func<JsonElement, T> map, CancellationToken ct) =>
        Pagination.AllAsync(operation, FetchPage(operation, input, listName, map, ct), ct);

    private Func<string?, Task<Page<T>>> FetchPage<T>(AwsOperation operation, JsonObject input, string listName, Func<JsonElement, T> map, CancellationToken ct) =>
        _rpc.TokenPages(operation, input, listName, map, MaxResults, ct);
}
