using PolicyEngine.Core.Facts;

namespace PolicyEngine.Rules.Helpers;

/// <summary>
/// Where and how to delegate a trusted service's administration to a member account, for MA0103's message: the member
/// accounts that already administer other services, and the call that registers a delegated administrator.
/// </summary>
public static class Delegation
{
    /// <summary>
    /// Services whose delegated administrator is registered through the service's own API, which also sets the service
    /// up for the organization (each service's organization guide); the others register through Organizations.
    /// </summary>
    private static readonly Dictionary<string, string> OwnCommands = new(StringComparer.Ordinal)
    {
        ["guardduty.amazonaws.com"] = "aws guardduty enable-organization-admin-account --admin-account-id",
        ["securityhub.amazonaws.com"] = "aws securityhub enable-organization-admin-account --admin-account-id",
        ["macie.amazonaws.com"] = "aws macie2 enable-organization-admin-account --admin-account-id",
        ["inspector2.amazonaws.com"] = "aws inspector2 enable-delegated-admin-account --delegated-admin-account-id",
        ["detective.amazonaws.com"] = "aws detective enable-organization-admin-account --account-id",
        ["fms.amazonaws.com"] = "aws fms associate-admin-account --admin-account",
        ["ipam.amazonaws.com"] = "aws ec2 enable-ipam-organization-admin-account --delegated-admin-account-id",
        ["auditmanager.amazonaws.com"] = "aws auditmanager register-organization-admin-account --admin-account-id",
    };

    /// <summary>The command that makes a member account the service's delegated administrator, with ACCOUNT_ID to fill in.</summary>
    public static string How(string servicePrincipal) =>
        OwnCommands.TryGetValue(servicePrincipal, out var command)
            ? $"{command} ACCOUNT_ID"
            : $"aws organizations register-delegated-administrator --service-principal {servicePrincipal} --account-id ACCOUNT_ID";

    /// <summary>
    /// Where to delegate: the member accounts that are already delegated administrators of other services, those with
    /// the most services first (one team usually runs the security or platform services), or a sentence saying that none is yet.
    /// </summary>
    public static string Where(IEnumerable<DelegatedAdministrator> delegates, string managementAccountId)
    {
        var candidates = delegates
            .Where(d => d.DelegateAccountId != managementAccountId)
            .GroupBy(d => d.DelegateAccountId, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(2)
            .Select(g => $"member account {g.Key} (already delegated administrator for {string.Join(", ", g.Select(d => d.ServicePrincipal).Order(StringComparer.Ordinal))})")
            .ToList();
        return candidates.Count == 0
            ? "a member account run by the team that operates the service (no member account is a delegated administrator yet; a security tooling account is the usual home of security services)"
            : string.Join(" or ", candidates);
    }
}
