namespace PolicyEngine.Core.Facts;

/// <summary>The account's primary contact information (Account GetContactInformation).</summary>
public sealed record ContactInformation(
    string AccountId,
    string FullName,
    string? PhoneNumber,
    string? CompanyName,
    string? CountryCode) : IFact
{
    public string ResourceId => $"arn:aws:account::{AccountId}:contact-information";
    public bool HasPhoneNumber => !string.IsNullOrWhiteSpace(PhoneNumber);
}

/// <summary>
/// An alternate contact of a given type. A contact type that is not set is recorded with <see cref="IsSet"/> false,
/// so that "missing" is a fact of its own rather than the absence of one.
/// </summary>
public sealed record AlternateContact(
    string AccountId,
    string Type,
    bool IsSet,
    string? Name = null,
    string? EmailAddress = null,
    string? PhoneNumber = null) : IFact
{
    public string ResourceId => $"arn:aws:account::{AccountId}:alternate-contact/{Type}";
}
