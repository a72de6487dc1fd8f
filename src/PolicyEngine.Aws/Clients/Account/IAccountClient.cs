namespace PolicyEngine.Aws.Clients.Account;

/// <summary>
/// Account Management reads. <c>accountId</c> null means the caller's own account: the management account must not name
/// itself (AWS refuses it) and names a member only with trusted access for account.amazonaws.com.
/// </summary>
public interface IAccountClient
{
    Task<ContactInformationInfo> GetContactInformationAsync(string? accountId, CancellationToken ct);

    /// <summary>The contact of that type, or null when none is set (the service's 404 for an unset contact).</summary>
    Task<AlternateContactInfo?> GetAlternateContactAsync(string contactType, string? accountId, CancellationToken ct);

    /// <summary>The regions enabled for the caller's account (enabled by default or opted in), sorted.</summary>
    Task<IReadOnlyList<string>> ListEnabledRegionsAsync(CancellationToken ct);
}

public sealed record ContactInformationInfo(string FullName, string? PhoneNumber, string? CompanyName, string? CountryCode);

public sealed record AlternateContactInfo(string Type, string? Name, string? EmailAddress, string? PhoneNumber);

public static class AlternateContactTypes
{
    public const string Security = "SECURITY";
    public const string Billing = "BILLING";
    public const string Operations = "OPERATIONS";
    public static readonly IReadOnlyList<string> All = [Security, Billing, Operations];
}
