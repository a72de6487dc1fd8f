namespace PolicyEngine.Aws.Clients.Iam;

/// <summary>The IAM reads the collectors need, for the account whose credentials sign the calls.</summary>
public interface IIamClient
{
    /// <summary>GetAccountSummary's SummaryMap (AccountMFAEnabled, AccountAccessKeysPresent, …).</summary>
    Task<IReadOnlyDictionary<string, int>> GetAccountSummaryAsync(CancellationToken ct);

    /// <summary>Generates the credential report if needed, waits until it is complete and returns its rows.</summary>
    Task<CredentialReport> GetCredentialReportAsync(CancellationToken ct);

    Task<IReadOnlyList<VirtualMfaDeviceInfo>> ListVirtualMfaDevicesAsync(CancellationToken ct);
    Task<IReadOnlyList<IamUserInfo>> ListUsersAsync(CancellationToken ct);
    Task<OrganizationsFeaturesInfo> ListOrganizationsFeaturesAsync(CancellationToken ct);

    /// <summary>GetAccountAuthorizationDetails, every page: users, groups, roles and managed policies with their documents.</summary>
    Task<AuthorizationDetails> GetAccountAuthorizationDetailsAsync(CancellationToken ct);
}

public sealed record VirtualMfaDeviceInfo(string SerialNumber, string? UserArn, DateTimeOffset? EnableDate);

public sealed record IamUserInfo(string UserName, string Arn, DateTimeOffset CreateDate, DateTimeOffset? PasswordLastUsed);

public sealed record OrganizationsFeaturesInfo(string? OrganizationId, IReadOnlyList<string> EnabledFeatures);

/// <summary>A user, group or role with its attached managed policies, its inline policy documents (decoded JSON), its groups (users) and its trust policy (roles).</summary>
public sealed record IamEntityDetail(
    string Name, string Arn, string Path, IReadOnlyList<string> ManagedPolicyArns, IReadOnlyList<string> InlineDocuments,
    IReadOnlyList<string> Groups, string? TrustPolicy);

/// <summary>What GetAccountAuthorizationDetails returns; <see cref="PolicyDocuments"/> maps a managed policy's ARN to its default version's document.</summary>
public sealed record AuthorizationDetails(
    IReadOnlyList<IamEntityDetail> Users, IReadOnlyList<IamEntityDetail> Groups, IReadOnlyList<IamEntityDetail> Roles,
    IReadOnlyDictionary<string, string> PolicyDocuments);
