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
        !rule.IsOrganizationRule && rule.Definitions.All(d => d.LeftHandSide is AndElement { ChildElements: var elements } && Proved(elements));

    private static bool Proved(IEnumerable<RuleElement> elements)
    {
        // The subject pattern comes first in every definition: the declarations proved to be its account's start with it.
        using var each = elements.GetEnumerator();
        if (!each.MoveNext() || each.Current is not PatternElement { Source: null } subject || IsShared(subject.ValueType)) return false;
        var local = new HashSet<string>(StringComparer.Ordinal) { subject.Declaration.Name };
        while (each.MoveNext())
            if (!Proved(each.Current, local)) return false;
        return true;
    }

    private static bool Proved(RuleElement element, HashSet<string> local) => element switch
    {
        PatternElement { Source: AggregateElement { Source: PatternElement item } } => Joined(item, local),
        PatternElement { Source: null } pattern => Joined(pattern, local) && Prove(pattern, local),
        // Declarations inside a group are the group's own: proved on a copy, they never prove an outer pattern.
        NotElement not => Proved(not.Source, [.. local]),
        ExistsElement exists => Proved(exists.Source, [.. local]),
        AndElement and => Group(and.ChildElements, [.. local]),
        OrElement or => or.ChildElements.All(branch => Proved(branch, [.. local])),
        _ => false,
    };

    /// <summary>A joined pattern of an account's facts is the subject's account too, and can prove later patterns.</summary>
    private static bool Prove(PatternElement pattern, HashSet<string> local)
    {
        if (!IsShared(pattern.ValueType)) local.Add(pattern.Declaration.Name);
        return true;
    }

    private static bool Group(IEnumerable<RuleElement> elements, HashSet<string> local) => elements.All(e => Proved(e, local));

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
