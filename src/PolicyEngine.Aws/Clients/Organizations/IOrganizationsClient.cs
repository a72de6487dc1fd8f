namespace PolicyEngine.Aws.Clients.Organizations;

/// <summary>The AWS Organizations reads the collectors need. Listings are complete (every page followed).</summary>
public interface IOrganizationsClient
{
    Task<OrganizationDescription> DescribeOrganizationAsync(CancellationToken ct);
    /// <summary>Every account, page by page (as the SDK's ListAccounts paginator yields them); a failure surfaces mid-stream.</summary>
    IAsyncEnumerable<OrganizationAccount> ListAccountsAsync(CancellationToken ct);
    Task<IReadOnlyList<DelegatedAdministratorAccount>> ListDelegatedAdministratorsAsync(CancellationToken ct);
    Task<IReadOnlyList<DelegatedService>> ListDelegatedServicesForAccountAsync(string accountId, CancellationToken ct);
    Task<IReadOnlyList<EnabledServicePrincipal>> ListAwsServiceAccessAsync(CancellationToken ct);
    Task<IReadOnlyList<PolicySummary>> ListServiceControlPoliciesAsync(CancellationToken ct);
    Task<IReadOnlyList<PolicyTarget>> ListTargetsForPolicyAsync(string policyId, CancellationToken ct);
    /// <summary>The policy document (DescribePolicy's Policy.Content), as the JSON text AWS stores.</summary>
    Task<string> DescribePolicyContentAsync(string policyId, CancellationToken ct);
    Task<IReadOnlyList<string>> ListRootsAsync(CancellationToken ct);
    Task<IReadOnlyList<string>> ListOrganizationalUnitsForParentAsync(string parentId, CancellationToken ct);
    Task<IReadOnlyList<string>> ListAccountsForParentAsync(string parentId, CancellationToken ct);
}

public sealed record OrganizationDescription(
    string Id, string Arn, string FeatureSet, string ManagementAccountId, string ManagementAccountEmail, IReadOnlyList<string> EnabledPolicyTypes);

/// <summary>An account as ListAccounts reports it; <see cref="State"/> is read in preference to the retiring Status.</summary>
public sealed record OrganizationAccount(string Id, string Arn, string Name, string Email, string State, string? JoinedMethod, DateTimeOffset? JoinedTimestamp);

public sealed record DelegatedAdministratorAccount(string AccountId, string Name, DateTimeOffset? DelegationEnabledDate);

public sealed record DelegatedService(string ServicePrincipal, DateTimeOffset? DelegationEnabledDate);

public sealed record EnabledServicePrincipal(string ServicePrincipal, DateTimeOffset? DateEnabled);

public sealed record PolicySummary(string Id, string Arn, string Name, bool AwsManaged);

public sealed record PolicyTarget(string TargetId, string Type);
