namespace PolicyEngine.Core.Facts;

/// <summary>
/// Dated evidence that a person records for what no API can show (how the root password is kept, who can recover
/// the MFA device, which procedures are written down). Every attestation belongs to the management account.
/// </summary>
public interface IAttestation : IFact
{
    string AttestedBy { get; }
    DateOnly AttestedOn { get; }
    string? Evidence { get; }
}

/// <summary>The root user's e-mail address is a distribution list that reaches senior managers.</summary>
public sealed record RootEmailAttestation(
    string AccountId, string AttestedBy, DateOnly AttestedOn, string? Evidence,
    bool IsDistributionList, int SeniorManagerRecipients) : IAttestation
{
    public string ResourceId => $"attestation:{AccountId}:root-email";
}

/// <summary>How the root password is stored and who holds it.</summary>
public sealed record RootPasswordAttestation(
    string AccountId, string AttestedBy, DateOnly AttestedOn, string? Evidence,
    string Storage, int Custodians, string Location, bool AccessLogged, bool StorageDependsOnAws) : IAttestation
{
    public string ResourceId => $"attestation:{AccountId}:root-password";
}

/// <summary>The root MFA device: its kind, where it is kept and whether it serves this account alone.</summary>
public sealed record MfaDeviceAttestation(
    string AccountId, string AttestedBy, DateOnly AttestedOn, string? Evidence,
    string DeviceType, bool BatteryPowered, DateOnly? ExpiresOn, bool DedicatedToAccount, string Location, bool AccessLogged) : IAttestation
{
    public string ResourceId => $"attestation:{AccountId}:root-mfa-device";
}

/// <summary>The phone behind the account's contact number: where it is kept and whether access to it is logged.</summary>
public sealed record PhoneAttestation(
    string AccountId, string AttestedBy, DateOnly AttestedOn, string? Evidence,
    string Location, bool AccessLogged) : IAttestation
{
    public string ResourceId => $"attestation:{AccountId}:root-phone";
}

/// <summary>The last review of who can reach each root credential, and how many people can recover each.</summary>
public sealed record AccessReviewAttestation(
    string AccountId, string AttestedBy, DateOnly AttestedOn, string? Evidence,
    DateOnly? LastReviewedOn, int EmailRecoverers, int PasswordRecoverers, int MfaRecoverers, int PhoneRecoverers) : IAttestation
{
    public string ResourceId => $"attestation:{AccountId}:access-review";
}

/// <summary>The root-credential procedures that are written down, and when root access and the phone were last tested.</summary>
public sealed record ProcedureAttestation(
    string AccountId, string AttestedBy, DateOnly AttestedOn, string? Evidence,
    IReadOnlyList<string> DocumentedScenarios, DateOnly? LastRootAccessTestOn, DateOnly? LastPhoneTestOn) : IAttestation
{
    public string ResourceId => $"attestation:{AccountId}:procedures";
}

/// <summary>The people who receive root-activity alerts know how to validate and escalate them.</summary>
public sealed record AlertResponseAttestation(
    string AccountId, string AttestedBy, DateOnly AttestedOn, string? Evidence,
    bool RespondersTrained, string? Runbook) : IAttestation
{
    public string ResourceId => $"attestation:{AccountId}:alert-response";
}
