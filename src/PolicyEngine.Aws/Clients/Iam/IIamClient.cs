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
}

public sealed record VirtualMfaDeviceInfo(string SerialNumber, string? UserArn, DateTimeOffset? EnableDate);

public sealed record IamUserInfo(string UserName, string Arn, DateTimeOffset CreateDate, DateTimeOffset? PasswordLastUsed);

public sealed record OrganizationsFeaturesInfo(string? OrganizationId, IReadOnlyList<string> EnabledFeatures);
