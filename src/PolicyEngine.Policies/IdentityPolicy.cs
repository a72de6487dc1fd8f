namespace PolicyEngine.Policies;

/// <summary>
/// Reads a principal's identity policies for administrative rights in its account: every action (AWS's
/// AdministratorAccess, an Allow of "*" or "*:*"), or the actions that change the organization itself. SCPs do not
/// restrict the management account, so its principals' own policies decide. A Deny in the same policies takes a right
/// away only when it applies to every resource without conditions; an Allow counts whatever its conditions (an MFA
/// condition still leaves an administrator). Permissions boundaries are not read, so the count may be high, never low.
/// </summary>
public static class IdentityPolicy
{
    /// <summary>AWS managed policies that grant administration by their name alone (their documents may not have been read).</summary>
    private static readonly Dictionary<string, string> AdministrativeManagedPolicies = new(StringComparer.Ordinal)
    {
        ["AdministratorAccess"] = "every action",
        ["AWSOrganizationsFullAccess"] = "organizations:*",
    };

    /// <summary>
    /// The Organizations operations that change the organization (botocore's organizations model, 2016-11-28: every
    /// operation but Describe*, List*, tagging and a member's answers to handshakes).
    /// </summary>
    public static readonly IReadOnlyList<string> OrganizationAdministrationActions =
    [
        "organizations:AttachPolicy", "organizations:DetachPolicy", "organizations:CreatePolicy", "organizations:UpdatePolicy",
        "organizations:DeletePolicy", "organizations:EnablePolicyType", "organizations:DisablePolicyType",
        "organizations:CreateAccount", "organizations:CreateGovCloudAccount", "organizations:CloseAccount",
        "organizations:InviteAccountToOrganization", "organizations:RemoveAccountFromOrganization", "organizations:MoveAccount",
        "organizations:CreateOrganizationalUnit", "organizations:UpdateOrganizationalUnit", "organizations:DeleteOrganizationalUnit",
        "organizations:EnableAWSServiceAccess", "organizations:DisableAWSServiceAccess",
        "organizations:RegisterDelegatedAdministrator", "organizations:DeregisterDelegatedAdministrator",
        "organizations:PutResourcePolicy", "organizations:DeleteResourcePolicy", "organizations:EnableAllFeatures",
        "organizations:DeleteOrganization", "organizations:CancelHandshake",
        "organizations:InviteOrganizationToTransferResponsibility", "organizations:TerminateResponsibilityTransfer",
        "organizations:UpdateResponsibilityTransfer",
    ];

    /// <summary>
    /// What administrative right the policies grant, in words ("AdministratorAccess", "every action (*)",
    /// "organizations:AttachPolicy, …"), or null when they grant none.
    /// </summary>
    /// <param name="managedPolicyArns">The ARNs of the managed policies attached (AWS managed ones are recognised by name).</param>
    /// <param name="documents">The policy documents that apply (inline, and managed ones whose documents were read).</param>
    public static string? AdministrativeGrant(IEnumerable<string> managedPolicyArns, IEnumerable<PolicyDocument> documents)
    {
        var statements = documents.SelectMany(d => d.Statements).ToList();
        var denies = statements.Where(s => s.Effect == Effect.Deny && s.Conditions.Count == 0 && s.CoversEveryResource).ToList();
        bool Denied(string action) => denies.Any(d => d.CoversAction(action));

        foreach (var arn in managedPolicyArns)
        {
            if (AwsManagedName(arn) is { } name && AdministrativeManagedPolicies.TryGetValue(name, out var grants)
                && !Denied(grants == "every action" ? "iam:CreateUser" : "organizations:AttachPolicy") && !DeniesEverything(denies))
                return name;
        }

        var allows = statements.Where(s => s.Effect == Effect.Allow).ToList();
        if (allows.Any(s => !s.NotAction && s.Actions.Any(MatchesEveryAction)) && !DeniesEverything(denies) && !Denied("iam:CreateUser"))
            return "every action (*)";

        var organizationRights = OrganizationAdministrationActions
            .Where(action => allows.Any(s => s.CoversAction(action)) && !Denied(action))
            .ToList();
        if (organizationRights.Count == 0) return null;
        return organizationRights.Count == OrganizationAdministrationActions.Count
            ? "every organizations administration action"
            : string.Join(", ", organizationRights.Take(3)) + (organizationRights.Count > 3 ? $" and {organizationRights.Count - 3} more" : "");
    }

    /// <summary>True when the ARN names an AWS managed policy (account "aws", any partition); returns its name.</summary>
    public static string? AwsManagedName(string arn)
    {
        var parts = arn.Split(':', 6);
        if (parts.Length < 6 || parts[0] != "arn" || parts[2] != "iam" || parts[4] != "aws" || !parts[5].StartsWith("policy/", StringComparison.Ordinal))
            return null;
        return parts[5].Split('/')[^1];
    }

    /// <summary>A pattern such as "*", "*:*" or "**" that every action name matches.</summary>
    private static bool MatchesEveryAction(string pattern) =>
        pattern.Length > 0 && pattern.All(c => c is '*' or ':') && pattern.Contains('*');

    private static bool DeniesEverything(IEnumerable<PolicyStatement> denies) =>
        denies.Any(d => !d.NotAction && d.Actions.Any(MatchesEveryAction));
}
