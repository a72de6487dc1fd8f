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

/// <summary>
/// One way a principal can act in the management account, with the policies that decide what it may do there:
/// an IAM user (its own and its groups' policies), an IAM role that another account or an identity provider can assume
/// (service roles are left out: no person signs in as them), or an IAM Identity Center user or group assigned a
/// permission set provisioned to the account. <see cref="Principal"/> identifies the person or role (an ARN, or
/// "identitystore:&lt;store&gt;/user/&lt;id&gt;"); a principal reached several ways has one fact per way (<see cref="Via"/>).
/// <see cref="PolicyDocuments"/> are the JSON documents that apply (inline and the managed ones whose documents were
/// read); <see cref="ManagedPolicyArns"/> names every managed policy, so AWS managed ones are recognised by name.
/// </summary>
public sealed record AccessPrincipal(
    string AccountId,
    string Kind,
    string Name,
    string Principal,
    string Via,
    IReadOnlyList<string> ManagedPolicyArns,
    IReadOnlyList<string> PolicyDocuments) : IFact
{
    public const string IamUserKind = "IAM user";
    public const string IamRoleKind = "IAM role";
    public const string IdentityCenterUserKind = "Identity Center user";
    public const string IdentityCenterGroupKind = "Identity Center group";

    public string ResourceId => Via.Length == 0 ? Principal : $"{Principal} ({Via})";
}
