using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Protocols;

namespace PolicyEngine.Aws.Clients.IdentityCenter;

/// <summary>sso-admin (SWBExternalService) and identitystore (AWSIdentityStore), both JSON 1.1, in the instance's region.</summary>
public sealed class IdentityCenterClient(AwsHttpClient http) : IIdentityCenterClient
{
    public static readonly AwsOperation ListInstances = new(AwsServices.SsoAdmin, "ListInstances");
    public static readonly AwsOperation ListPermissionSetsProvisionedToAccount = new(AwsServices.SsoAdmin, "ListPermissionSetsProvisionedToAccount");
    public static readonly AwsOperation DescribePermissionSet = new(AwsServices.SsoAdmin, "DescribePermissionSet");
    public static readonly AwsOperation ListManagedPoliciesInPermissionSet = new(AwsServices.SsoAdmin, "ListManagedPoliciesInPermissionSet");
    public static readonly AwsOperation ListCustomerManagedPolicyReferencesInPermissionSet = new(AwsServices.SsoAdmin, "ListCustomerManagedPolicyReferencesInPermissionSet");
    public static readonly AwsOperation GetInlinePolicyForPermissionSet = new(AwsServices.SsoAdmin, "GetInlinePolicyForPermissionSet");
    public static readonly AwsOperation ListAccountAssignments = new(AwsServices.SsoAdmin, "ListAccountAssignments");
    public static readonly AwsOperation DescribeUser = new(AwsServices.IdentityStore, "DescribeUser");
    public static readonly AwsOperation DescribeGroup = new(AwsServices.IdentityStore, "DescribeGroup");
    public static readonly AwsOperation ListGroupMemberships = new(AwsServices.IdentityStore, "ListGroupMemberships");

    private const int MaxResults = 100;
    private readonly JsonRpcProtocol _rpc = new(http);

    public Task<IReadOnlyList<IdentityCenterInstance>> ListInstancesAsync(string region, CancellationToken ct) =>
        ListAsync(ListInstances, new JsonObject(), "Instances", region, i => new IdentityCenterInstance(
            i.Str("InstanceArn") ?? "", i.Str("IdentityStoreId") ?? "", region), ct);

    public Task<IReadOnlyList<string>> ListPermissionSetsProvisionedToAccountAsync(IdentityCenterInstance instance, string accountId, CancellationToken ct) =>
        ListAsync(ListPermissionSetsProvisionedToAccount, new JsonObject { ["InstanceArn"] = instance.InstanceArn, ["AccountId"] = accountId },
            "PermissionSets", instance.Region, p => p.ValueKind == JsonValueKind.String ? p.GetString()! : "", ct);

    public async Task<PermissionSetPolicies> DescribePermissionSetAsync(IdentityCenterInstance instance, string permissionSetArn, CancellationToken ct)
    {
        JsonObject Input() => new() { ["InstanceArn"] = instance.InstanceArn, ["PermissionSetArn"] = permissionSetArn };
        var described = _rpc.CallAsync(DescribePermissionSet, Input(), ct, instance.Region);
        var managed = ListAsync(ListManagedPoliciesInPermissionSet, Input(), "AttachedManagedPolicies", instance.Region, p => p.Str("Arn") ?? "", ct);
        var customer = ListAsync(ListCustomerManagedPolicyReferencesInPermissionSet, Input(), "CustomerManagedPolicyReferences", instance.Region,
            p => (p.Str("Path") ?? "/") + (p.Str("Name") ?? ""), ct);
        var inline = _rpc.CallAsync(GetInlinePolicyForPermissionSet, Input(), ct, instance.Region);
        await Task.WhenAll(described, managed, customer, inline).ConfigureAwait(false);
        var policy = (await inline.ConfigureAwait(false)).Str("InlinePolicy");
        return new PermissionSetPolicies(permissionSetArn, (await described.ConfigureAwait(false)).Obj("PermissionSet").Str("Name") ?? permissionSetArn,
            await managed.ConfigureAwait(false), await customer.ConfigureAwait(false), string.IsNullOrEmpty(policy) ? null : policy);
    }

    public Task<IReadOnlyList<AccountAssignment>> ListAccountAssignmentsAsync(IdentityCenterInstance instance, string accountId, string permissionSetArn, CancellationToken ct) =>
        ListAsync(ListAccountAssignments,
            new JsonObject { ["InstanceArn"] = instance.InstanceArn, ["AccountId"] = accountId, ["PermissionSetArn"] = permissionSetArn },
            "AccountAssignments", instance.Region,
            a => new AccountAssignment(a.Str("PermissionSetArn") ?? permissionSetArn, a.Str("PrincipalType") ?? "", a.Str("PrincipalId") ?? ""), ct);

    public async Task<string> DescribeUserNameAsync(IdentityCenterInstance instance, string userId, CancellationToken ct)
    {
        var user = await _rpc.CallAsync(DescribeUser, new JsonObject { ["IdentityStoreId"] = instance.IdentityStoreId, ["UserId"] = userId }, ct, instance.Region)
            .ConfigureAwait(false);
        return user.Str("UserName") ?? user.Str("DisplayName") ?? userId;
    }

    public async Task<string> DescribeGroupNameAsync(IdentityCenterInstance instance, string groupId, CancellationToken ct)
    {
        var group = await _rpc.CallAsync(DescribeGroup, new JsonObject { ["IdentityStoreId"] = instance.IdentityStoreId, ["GroupId"] = groupId }, ct, instance.Region)
            .ConfigureAwait(false);
        return group.Str("DisplayName") ?? groupId;
    }

    public Task<IReadOnlyList<string>> ListGroupMembersAsync(IdentityCenterInstance instance, string groupId, CancellationToken ct) =>
        ListAsync(ListGroupMemberships, new JsonObject { ["IdentityStoreId"] = instance.IdentityStoreId, ["GroupId"] = groupId },
            "GroupMemberships", instance.Region, m => m.Obj("MemberId").Str("UserId") ?? "", ct);

    /// <summary>Every Identity Center listing pages the same way: NextToken in and out, MaxResults up to 100.</summary>
    private Task<IReadOnlyList<T>> ListAsync<T>(AwsOperation operation, JsonObject input, string listName, string region, Func<JsonElement, T> map, CancellationToken ct) =>
        Pagination.AllAsync(operation, _rpc.TokenPages(operation, input, listName, map, MaxResults, ct, region), ct);
}
