namespace PolicyEngine.Core.Rules;

/// <summary>
/// The recommendations of AWS's "Best practices for the management account", by their anchors on that page: the
/// version the rule pack was built from (best-practices_*), then the checks added from the rewritten page (bp_mgmt-acct_*)
/// that have no counterpart in the older one. Every rule's other anchors are in its framework mappings.
/// </summary>
public static class Recommendations
{
    public const string PageUrl = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_best-practices_mgmt-acct.html";

    public static readonly IReadOnlyList<Recommendation> All =
    [
        new("orgs_best-practices_mgmt-acct", "Use the root user only for tasks that require it"),
        new("best-practices_mgmt-use", "Use the management account only for tasks that require the management account"),
        new("best-practices_mgmt-acct_email-address", "Use a group email address for the management account's root user"),
        new("best-practices_mgmt-acct_complex-password", "Use a complex password for the management account's root user"),
        new("best-practices_mgmt-acct_mfa", "Enable MFA for your root user credentials"),
        new("best-practices_mgmt-acct_phone-number", "Add a phone number to the account contact information"),
        new("best-practices_mgmt-acct_review-access", "Review and keep track of who has access"),
        new("best-practices_mgmt-acct_document-processes", "Document the processes for using the root user credentials"),
        new("best-practices_mgmt-acct_monitor-access", "Apply controls to monitor access to the root user credentials"),
        new("bp_mgmt-acct_default-controls", "Prevent inadvertent account departures and closures with an SCP"),
        new("bp_mgmt-acct_limit-access", "Limit who has access to the management account"),
    ];

    public static Recommendation? Find(string anchor) => All.FirstOrDefault(r => r.Anchor == anchor);
}

public sealed record Recommendation(string Anchor, string Title)
{
    public string Url => $"{Recommendations.PageUrl}#{Anchor}";
}
