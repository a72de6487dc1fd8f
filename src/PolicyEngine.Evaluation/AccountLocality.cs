using System.Linq.Expressions;
using NRules.RuleModel;
using PolicyEngine.Core.Facts;
using PolicyEngine.Rules;
using IFact = PolicyEngine.Core.Facts.IFact;

namespace PolicyEngine.Evaluation;

/// <summary>
/// Whether a rule, run in one session over several member accounts' partitions, matches exactly what it matches in
/// each partition alone. That holds when no match can join facts of two accounts: the subject is an account's fact,
/// and every other pattern of an account's facts (in a collect, a not, exists or any group too) has a condition that
/// equates its account with that of a pattern already proved to be the subject's account (<c>path.AccountId ==
/// account.Id</c>). Organization-wide facts are the same in every partition, so patterns of them need no such
/// condition. Anything the proof does not recognize counts as not local, and such a rule keeps a session per account.
/// </summary>
internal static class AccountLocality
{
    public static bool IsLocal(CompiledRule rule) =>
        !rule.IsOrganizationRule && rule.Definitions.All(d => d.LeftHandSide is AndElement lhs && Proved(lhs));

    private static bool Proved(AndElement lhs)
    {
        // The subject pattern comes first in every definition: the declarations proved to be its account's start with it.
        if (lhs.ChildElements.FirstOrDefault() is not PatternElement { Source: null } subject || IsShared(subject.ValueType)) return false;
        HashSet<string> local = [subject.Declaration.Name];
        return lhs.ChildElements.Skip(1).All(element => Proved(element, local));
    }

    private static bool Proved(RuleElement element, HashSet<string> local)
    {
        switch (element)
        {
            case PatternElement { Source: AggregateElement { Source: PatternElement item } }:
                return Joined(item, local);
            case PatternElement { Source: null } pattern:
                if (!Joined(pattern, local)) return false;
                // A joined pattern of an account's facts is of the subject's account too, and can prove later patterns.
                if (!IsShared(pattern.ValueType)) local.Add(pattern.Declaration.Name);
                return true;
            // Declarations inside a group are the group's own: proved on a copy, they never prove an outer pattern.
            case NotElement not:
                return Proved(not.Source, [.. local]);
            case ExistsElement exists:
                return Proved(exists.Source, [.. local]);
            case AndElement and:
                HashSet<string> inner = [.. local];
                return and.ChildElements.All(child => Proved(child, inner));
            case OrElement or:
                return or.ChildElements.All(branch => Proved(branch, [.. local]));
            default:
                return false;
        }
    }

    /// <summary>A pattern of organization-wide facts, or of an account's facts joined on its account to a proved declaration.</summary>
    private static bool Joined(PatternElement pattern, HashSet<string> local)
    {
        if (pattern.Source is not null) return false;
        if (IsShared(pattern.ValueType)) return true;
        if (!typeof(IFact).IsAssignableFrom(pattern.ValueType)) return false;
        var self = pattern.Declaration.Name;
        return pattern.Expressions.Any(e => Conjuncts(e.Expression.Body).Any(c => EquatesAccounts(c, self, local)));
    }

    private static bool IsShared(Type type) => typeof(IOrganizationFact).IsAssignableFrom(type);

    private static IEnumerable<Expression> Conjuncts(Expression body) => body is BinaryExpression { NodeType: ExpressionType.AndAlso } and
        ? Conjuncts(and.Left).Concat(Conjuncts(and.Right))
        : [body];

    private static bool EquatesAccounts(Expression condition, string self, HashSet<string> local) =>
        condition is BinaryExpression { NodeType: ExpressionType.Equal } equal
        && AccountOf(equal.Left) is { } left && AccountOf(equal.Right) is { } right
        && ((left == self && local.Contains(right)) || (right == self && local.Contains(left)));

    /// <summary>The alias whose account ID the expression reads: <c>x.AccountId</c> of any fact, or <c>x.Id</c> of an <see cref="Account"/>.</summary>
    private static string? AccountOf(Expression expression) => expression is MemberExpression { Expression: ParameterExpression fact } member
        && typeof(IFact).IsAssignableFrom(fact.Type)
        && (member.Member.Name == nameof(IFact.AccountId) || (fact.Type == typeof(Account) && member.Member.Name == nameof(Account.Id)))
            ? fact.Name
            : null;
}
