namespace PolicyEngine.Core.Facts;

/// <summary>
/// A fact that could not be collected: which fact type, for which account (or the whole organization),
/// which API call failed and why. Rules that read that fact type report unknown rather than pass.
/// </summary>
public sealed record CollectionError(
    string FactType,
    string? AccountId,
    string Api,
    string ErrorCode,
    string Message,
    string? Region = null)
{
    public bool IsOrganizationWide => AccountId is null;
}
