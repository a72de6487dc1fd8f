namespace PolicyEngine.Policies;

public enum ReachKind
{
    /// <summary>The statement applies to every principal of the account.</summary>
    Everyone,

    /// <summary>The statement applies to every principal except the named ones (a break-glass exemption, say).</summary>
    AllButNamed,

    /// <summary>The statement applies only in some circumstances, or exempts principals too broadly to count.</summary>
    Conditional,

    /// <summary>The statement's conditions can never hold in this account (it exempts the whole account, say).</summary>
    Nobody,
}

/// <summary>Whom a statement applies to in one account, read from its Condition and Resource elements.</summary>
public sealed record StatementReach(ReachKind Kind, IReadOnlyList<string> Exempted, string? Reason)
{
    private static readonly string[] PrincipalKeys = ["aws:PrincipalArn", "aws:userid", "aws:username"];
    private const string AccountKey = "aws:PrincipalAccount";

    /// <summary>
    /// Classifies the statement for principals of <paramref name="accountId"/>. Conditions are ANDed, so the statement
    /// applies when all hold. A negated match on the principal's identity (ArnNotLike aws:PrincipalArn, ...) exempts the
    /// principals it names; a value that names no one in particular ("*", "arn:aws:iam::*:role/*") exempts everyone and
    /// makes the statement conditional. aws:PrincipalAccount is decided for the account at hand. Any other key depends on
    /// the request (region, tags, MFA, ...), so the statement does not reliably apply.
    /// </summary>
    public static StatementReach Of(PolicyStatement statement, string accountId)
    {
        if (!statement.CoversEveryResource)
            return new(ReachKind.Conditional, [], $"it is limited to {(statement.NotResource ? "resources other than " : "the resources ")}{string.Join(", ", statement.Resources)}");
        var exempted = new List<string>();
        var unreliable = new List<string>();
        foreach (var clause in statement.Conditions)
        {
            var op = WithoutIfExists(clause.Operator);
            if (clause.Key.Equals(AccountKey, StringComparison.OrdinalIgnoreCase) && IsStringOperator(op))
            {
                if (!Holds(op, clause.Values, accountId))
                    return new(ReachKind.Nobody, [], $"its condition {clause} excludes account {accountId}");
                continue;
            }
            if (PrincipalKeys.Any(k => k.Equals(clause.Key, StringComparison.OrdinalIgnoreCase)) && IsNegated(op))
            {
                var broad = clause.Values.Where(v => NamesNoOne(clause.Key, v)).ToList();
                if (broad.Count > 0)
                    unreliable.Add($"its condition {clause} exempts every principal matching {string.Join(", ", broad)}");
                else
                    exempted.AddRange(clause.Values);
                continue;
            }
            unreliable.Add($"it applies only when {clause}");
        }
        if (unreliable.Count > 0) return new(ReachKind.Conditional, exempted, string.Join("; ", unreliable));
        return exempted.Count > 0
            ? new(ReachKind.AllButNamed, exempted.Distinct(StringComparer.Ordinal).ToList(), null)
            : new(ReachKind.Everyone, [], null);
    }

    /// <summary>aws:PrincipalArn and aws:PrincipalAccount are always in the request, so the IfExists form means the same.</summary>
    private static string WithoutIfExists(string op) =>
        op.EndsWith("IfExists", StringComparison.Ordinal) ? op[..^"IfExists".Length] : op;

    private static bool IsStringOperator(string op) =>
        op is "StringEquals" or "StringNotEquals" or "StringLike" or "StringNotLike" or "StringEqualsIgnoreCase" or "StringNotEqualsIgnoreCase";

    private static bool IsNegated(string op) =>
        op is "StringNotEquals" or "StringNotLike" or "StringNotEqualsIgnoreCase" or "ArnNotEquals" or "ArnNotLike";

    /// <summary>Whether a string condition on a single-valued key holds for <paramref name="value"/>.</summary>
    private static bool Holds(string op, IReadOnlyList<string> values, string value)
    {
        var ignoreCase = op.EndsWith("IgnoreCase", StringComparison.Ordinal);
        var like = op.Contains("Like", StringComparison.Ordinal);
        var any = values.Any(v => like
            ? Wildcard.Matches(v, value, ignoreCase: false)
            : string.Equals(v, value, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));
        return op.Contains("Not", StringComparison.Ordinal) ? !any : any;
    }

    /// <summary>
    /// True when an exemption value names no principal in particular: only wildcards, or an ARN whose principal name is
    /// only wildcards (every role, every user). "arn:aws:iam::*:role/BreakGlass" names one role in every account, which
    /// is a deliberate break-glass exemption; an aws:userid of "AROAID:*" names one role's sessions.
    /// </summary>
    internal static bool NamesNoOne(string key, string value)
    {
        static bool OnlyWildcards(string s) => s.Length == 0 || s.All(c => c is '*' or '?');
        if (OnlyWildcards(value)) return true;
        if (key.Equals("aws:userid", StringComparison.OrdinalIgnoreCase))
            return OnlyWildcards(value.Split(':')[0]);
        if (key.Equals("aws:PrincipalArn", StringComparison.OrdinalIgnoreCase))
        {
            var parts = value.Split(':', 6);
            if (parts.Length < 6) return false;
            var name = parts[5].Split('/')[^1];
            return OnlyWildcards(name);
        }
        return false;
    }
}
