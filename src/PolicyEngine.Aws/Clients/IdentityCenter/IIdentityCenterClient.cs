namespace PolicyEngine.Aws.Clients.IdentityCenter;

/// <summary>
/// IAM Identity Center, read-only: the instances of a region (sso-admin), the permission sets provisioned to an
/// account with their policies and assignments, and the identity store's names and group members. Identity Center is
/// regional: every call names the region of the instance.
/// </summary>
public interface IIdentityCenterClient
{
    Task<IReadOnlyList<IdentityCenterInstance>> ListInstancesAsync(string region, CancellationToken ct);
    Task<IReadOnlyList<string>> ListPermissionSetsProvisionedToAccountAsync(IdentityCenterInstance instance, string accountId, CancellationToken ct);

    /// <summary>The permission set's name and policies: AWS and customer managed, inline (null when it has none).</summary>
    Task<PermissionSetPolicies> DescribePermissionSetAsync(IdentityCenterInstance instance, string permissionSetArn, CancellationToken ct);

    Task<IReadOnlyList<AccountAssignment>> ListAccountAssignmentsAsync(IdentityCenterInstance instance, string accountId, string permissionSetArn, CancellationToken ct);

    /// <summary>The user's UserName, the group's DisplayName.</summary>
    Task<string> DescribeUserNameAsync(IdentityCenterInstance instance, string userId, CancellationToken ct);
    Task<string> DescribeGroupNameAsync(IdentityCenterInstance instance, string groupId, CancellationToken ct);

    /// <summary>The user IDs of the group's members.</summary>
    Task<IReadOnlyList<string>> ListGroupMembersAsync(IdentityCenterInstance instance, string groupId, CancellationToken ct);
}

public sealed record IdentityCenterInstance(string InstanceArn, string IdentityStoreId, string Region);

/// <param name="CustomerManagedPolicies">References by path and name ("/" + "Name"): the policy lives in each account.</param>
public sealed record PermissionSetPolicies(
    string Arn, string Name, IReadOnlyList<string> ManagedPolicyArns, IReadOnlyList<string> CustomerManagedPolicies, string? InlinePolicy);

/// <param name="PrincipalType">USER or GROUP.</param>
public sealed record AccountAssignment(string PermissionSetArn, string PrincipalType, string PrincipalId);
