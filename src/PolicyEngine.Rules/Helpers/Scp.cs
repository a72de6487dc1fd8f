using System.Runtime.CompilerServices;
using PolicyEngine.Core.Facts;
using PolicyEngine.Policies;

namespace PolicyEngine.Rules.Helpers;

/// <summary>
/// Service control policies for rule expressions: whether the SCPs on a member account's path deny an action, and a
/// sentence saying why, from <see cref="ScpEvaluator"/>. A rule collects the policies and the account's path and
/// passes both.
/// </summary>
public static class Scp
{
    // Each policy's document is parsed once per snapshot, however many accounts it governs.
    private static readonly ConditionalWeakTable<ServiceControlPolicy, AttachedPolicy> Parsed = [];

    /// <summary>True when the action is denied to every principal of the account, or to all but named ones.</summary>
    public static bool Denies(IEnumerable<ServiceControlPolicy> policies, IEnumerable<AccountPath> paths, string action) =>
        Evaluate(policies, paths, action)?.IsDenied ?? false;

    /// <summary>What the SCPs on the account's path do to the action, with the policies, exemptions and unreadable policies.</summary>
    public static string Explain(IEnumerable<ServiceControlPolicy> policies, IEnumerable<AccountPath> paths, string action) =>
        Evaluate(policies, paths, action)?.Explanation
        ?? $"whether {action} is denied is unknown: the account's place in the organization (its root and OUs) was not collected";

    /// <summary>The exempted principals, comma-separated, or "" when the Deny has none.</summary>
    public static string Exempted(IEnumerable<ServiceControlPolicy> policies, IEnumerable<AccountPath> paths, string action) =>
        string.Join(", ", Evaluate(policies, paths, action)?.Exempted ?? []);

    private static ScpVerdict? Evaluate(IEnumerable<ServiceControlPolicy> policies, IEnumerable<AccountPath> paths, string action)
    {
        var path = paths.FirstOrDefault();
        if (path is null) return null;
        var all = policies as IReadOnlyCollection<ServiceControlPolicy> ?? policies.ToList();
        var levels = path.Targets
            .Select(target => new ScpLevel(target, all
                .Where(p => p.TargetIds?.Contains(target, StringComparer.Ordinal) ?? true)
                .Select(p => p.TargetIds is null ? Attached(p) with { AttachmentUnknown = true } : Attached(p))
                .ToList()))
            .ToList();
        return ScpEvaluator.Evaluate(levels, path.AccountId, action);
    }

    private static AttachedPolicy Attached(ServiceControlPolicy policy) =>
        Parsed.GetValue(policy, p => AttachedPolicy.FromText(p.Id, p.Name, p.Content, "its document could not be read; see the collection errors"));
}
