namespace PolicyEngine.Core.Facts;

/// <summary>
/// The root user's credentials: the credential report's root row combined with the IAM account summary.
/// Dates that the report gives as N/A, not_supported or no_information are null.
/// </summary>
public sealed record RootCredential(
    string AccountId,
    bool PasswordEnabled,
    DateTimeOffset? PasswordLastUsed,
    bool MfaActive,
    bool AccessKey1Active,
    DateTimeOffset? AccessKey1LastUsed,
    bool AccessKey2Active,
    DateTimeOffset? AccessKey2LastUsed,
    bool SigningCertificatesPresent = false) : IFact
{
    public string ResourceId => $"arn:aws:iam::{AccountId}:root";
    public bool AccessKeysPresent => AccessKey1Active || AccessKey2Active;

    /// <summary>True when root has no password and no access keys (for example after centralized root access removed them).</summary>
    public bool HasNoCredentials => !PasswordEnabled && !AccessKeysPresent && !SigningCertificatesPresent;

    /// <summary>The latest of the password's and both access keys' last use: the first date present is not enough.</summary>
    public DateTimeOffset? LastUsed => new[] { PasswordLastUsed, AccessKey1LastUsed, AccessKey2LastUsed }.Max();
}

/// <summary>An MFA device. <see cref="UserArn"/> is the ARN of the user it is bound to, if any.</summary>
public sealed record MfaDevice(
    string AccountId,
    string SerialNumber,
    string Type,
    string? UserArn,
    DateTimeOffset? EnableDate) : IFact
{
    public string ResourceId => SerialNumber;

    /// <summary>Bound to the root user: matched on the user ARN, because root devices may carry any serial name.</summary>
    public bool BoundToRoot => UserArn is not null && UserArn.EndsWith(":root", StringComparison.Ordinal);

    public bool IsVirtual => Type == "virtual";
}

/// <summary>An IAM user.</summary>
public sealed record IamUser(
    string AccountId,
    string UserName,
    string Arn,
    DateTimeOffset CreateDate,
    DateTimeOffset? PasswordLastUsed,
    bool HasConsolePassword,
    int ActiveAccessKeys) : IFact
{
    public string ResourceId => Arn;
}
