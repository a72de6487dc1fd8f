namespace PolicyEngine.Core.Facts;

/// <summary>The organization as DescribeOrganization reports it.</summary>
public sealed record Organization(
    string Id,
    string Arn,
    string FeatureSet,
    string ManagementAccountId,
    string ManagementAccountEmail,
    IReadOnlyList<string> EnabledPolicyTypes) : IOrganizationFact
{
    public string AccountId => ManagementAccountId;
    public string ResourceId => Arn;
    public bool AllFeatures => FeatureSet == "ALL";
}

/// <summary>An account of the organization; <see cref="IsManagement"/> marks the management account.</summary>
public sealed record Account(
    string Id,
    string Arn,
    string Name,
    string Email,
    string State,
    bool IsManagement,
    string? JoinedMethod = null,
    DateTimeOffset? JoinedTimestamp = null) : IFact
{
    public string AccountId => Id;
    public string ResourceId => Arn;
    public bool IsActive => State == "ACTIVE";
}

/// <summary>An AWS service with trusted access to the organization.</summary>
public sealed record TrustedService(string ManagementAccountId, string ServicePrincipal, DateTimeOffset? DateEnabled) : IOrganizationFact
{
    public string AccountId => ManagementAccountId;
    public string ResourceId => ServicePrincipal;
}

/// <summary>A member account registered as delegated administrator for a service.</summary>
public sealed record DelegatedAdministrator(
    string ManagementAccountId,
    string DelegateAccountId,
    string ServicePrincipal,
    DateTimeOffset? DelegationEnabledDate) : IOrganizationFact
{
    public string AccountId => ManagementAccountId;
    public string ResourceId => $"{ServicePrincipal}/{DelegateAccountId}";
}

/// <summary>
/// A service control policy, the roots, OUs or accounts it is attached to, and its policy document as DescribePolicy
/// returns it (<see cref="Content"/> is null when the document could not be read). <see cref="TargetIds"/> is null when
/// ListTargetsForPolicy could not be read: where the policy applies is then unknown, which is not "attached nowhere".
/// </summary>
public sealed record ServiceControlPolicy(
    string ManagementAccountId,
    string Id,
    string Arn,
    string Name,
    bool AwsManaged,
    IReadOnlyList<string>? TargetIds,
    string? Content = null) : IOrganizationFact
{
    public string AccountId => ManagementAccountId;
    public string ResourceId => Arn;
}

/// <summary>
/// Where a member account sits in the organization: the root and the OUs above it, top down (ListRoots,
/// ListOrganizationalUnitsForParent, ListAccountsForParent). The SCPs attached to these and to the account apply to it.
/// </summary>
public sealed record AccountPath(string AccountId, IReadOnlyList<string> ParentIds) : IFact
{
    public string ResourceId => string.Join("/", [.. ParentIds, AccountId]);

    /// <summary>Every target whose SCPs govern the account: the root, each OU on the way down, and the account itself.</summary>
    public IReadOnlyList<string> Targets => [.. ParentIds, AccountId];
}

/// <summary>
/// IAM's organization features (ListOrganizationsFeatures): centralized root access management. When IAM answered
/// that the features cannot be on (trusted access for IAM off, no all-features mode, no organization),
/// <see cref="EnabledFeatures"/> is empty and <see cref="NotAvailableReason"/> says why.
/// </summary>
public sealed record OrganizationFeatures(string ManagementAccountId, IReadOnlyList<string> EnabledFeatures, string? NotAvailableReason = null) : IOrganizationFact
{
    public string AccountId => ManagementAccountId;
    public string ResourceId => $"arn:aws:iam::{ManagementAccountId}:organizations-features";
    public bool RootCredentialsManagement => EnabledFeatures.Contains("RootCredentialsManagement");
    public bool RootSessions => EnabledFeatures.Contains("RootSessions");
}
