using System.Runtime.CompilerServices;
using PolicyEngine.Core.Facts;
using PolicyEngine.Policies;

namespace PolicyEngine.Rules.Helpers;

/// <summary>
/// Who holds administrative rights through the principals collected for an account (<see cref="AccessPrincipal"/>),
/// read with <see cref="IdentityPolicy"/>. A person or role reached several ways counts once.
/// </summary>
public static class Access
{
    // Each principal's policies are read once per snapshot, however often a rule asks.
    private static readonly ConditionalWeakTable<AccessPrincipal, Grant> Grants = [];

    private sealed record Grant(string? Right, IReadOnlyList<string> Unreadable);

    /// <summary>How many distinct principals hold administrative rights.</summary>
    public static int AdministratorCount(IEnumerable<AccessPrincipal> principals) =>
        Administrators(principals).Select(a => a.Principal).Distinct(StringComparer.Ordinal).Count();

    /// <summary>The administrators, one entry per principal with the ways it holds the right: "IAM user alice (AdministratorAccess)".</summary>
    public static string Describe(IEnumerable<AccessPrincipal> principals)
    {
        var entries = Administrators(principals)
            .GroupBy(a => a.Principal, StringComparer.Ordinal)
            .Select(g => $"{g.First().Kind} {g.First().Name} ({string.Join("; ", g.Select(a => (a.Via.Length == 0 ? "" : a.Via + ": ") + GrantOf(a).Right))})")
            .Order(StringComparer.Ordinal)
            .ToList();
        return entries.Count == 0 ? "none" : string.Join(", ", entries);
    }

    /// <summary>Policy documents that could not be read, named so that a result can say what it did not see ("" when none).</summary>
    public static string Unreadable(IEnumerable<AccessPrincipal> principals) =>
        string.Join("; ", principals.SelectMany(p => GrantOf(p).Unreadable.Select(reason => $"a policy of {p.Kind} {p.Name}: {reason}")).Distinct());

    private static IEnumerable<AccessPrincipal> Administrators(IEnumerable<AccessPrincipal> principals) =>
        principals.Where(p => GrantOf(p).Right is not null);

    private static Grant GrantOf(AccessPrincipal principal) => Grants.GetValue(principal, p =>
    {
        var unreadable = new List<string>();
        var documents = new List<PolicyDocument>();
        foreach (var text in p.PolicyDocuments)
        {
            if (PolicyDocument.TryParse(text, out var error) is { } document) documents.Add(document);
            else unreadable.Add(error ?? "not a policy document");
        }
        return new Grant(IdentityPolicy.AdministrativeGrant(p.ManagedPolicyArns, documents), unreadable);
    });
}
