using System.Linq.Expressions;

namespace PolicyEngine.Rules.Binding;

/// <summary>
/// The names an expression can use at one point of a rule: the aliases declared so far (as lambda parameters, in
/// declaration order), the rule's parameters and the evaluation date (as constants). Every scope of a rule shares
/// <see cref="UsedConstants"/>, where the binder records the parameters it resolved.
/// </summary>
public sealed record BindingScope(
    string RuleId,
    IReadOnlyList<ParameterExpression> Aliases,
    IReadOnlyDictionary<string, object> Constants,
    IReadOnlySet<string> AllAliasesOfRule,
    ISet<string> UsedConstants)
{
    public BindingScope With(ParameterExpression alias) => this with { Aliases = [.. Aliases, alias] };

    public IEnumerable<string> VisibleNames =>
        Aliases.Select(a => a.Name!).Concat(Constants.Keys).Concat(Sandbox.HelperTypes.Select(t => t.Name));
}
