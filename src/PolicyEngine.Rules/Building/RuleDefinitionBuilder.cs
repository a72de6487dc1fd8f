using System.Linq.Expressions;
using NRules.RuleModel;
using NRules.RuleModel.Builders;
using PolicyEngine.Core.Facts;
using PolicyEngine.Rules.Binding;
using PolicyEngine.Rules.Diagnostics;
using PolicyEngine.Rules.Syntax;

namespace PolicyEngine.Rules.Building;

/// <summary>
/// Turns the match part of a rule into NRules definitions through RuleBuilder, binding each condition against the
/// aliases declared before it (NRules itself does not check declaration order or types).
/// </summary>
internal sealed class RuleDefinitionBuilder(RuleSyntax rule, IReadOnlyDictionary<string, object> constants, DiagnosticBag diagnostics)
{
    private static readonly HashSet<string> ReservedNames = ["it", "parent", "root", "np", "now", "today", "true", "false", "null", "new", "iif"];

    private readonly HashSet<string> _allAliases = CollectAliases(rule);
    private readonly HashSet<string> _declared = [];
    private readonly HashSet<string> _factTypes = [];
    private readonly HashSet<string> _usedConstants = new(StringComparer.Ordinal);

    /// <summary>The parameters (and now/today) that the expressions bound so far resolved.</summary>
    public IReadOnlySet<string> UsedConstants => _usedConstants;

    public IReadOnlySet<string> FactTypes => _factTypes;
    public bool DependsOnAbsence { get; private set; }

    /// <summary>The fact types read inside 'not' groups and 'collect' elements: missing data of these could fake a violation.</summary>
    public IReadOnlySet<string> AbsenceFactTypes => _absenceFactTypes;

    /// <summary>Aliases visible after the whole match part: the subject and top-level patterns, for the fail message.</summary>
    public BindingScope? MessageScope { get; private set; }

    public BindingScope? SubjectScope { get; private set; }

    /// <summary>Aliases visible to the evidence note: the subject and the evidence's top-level patterns.</summary>
    public BindingScope? EvidenceScope { get; private set; }

    private readonly HashSet<string> _absenceFactTypes = [];

    /// <summary>The violation's top-level context lists ('collect' without 'having'): alias to fact type.</summary>
    private readonly Dictionary<string, string> _contextLists = new(StringComparer.Ordinal);
    private int _absenceDepth;
    private bool _recordAbsence;

    /// <summary>Aliases visible to the pass message: the subject and the top-level context collects (see <see cref="BuildSubject"/>).</summary>
    public BindingScope? PassScope { get; private set; }

    /// <summary>
    /// The subject, with the top-level 'collect' elements that have no 'having' and bind with the subject alone: such a
    /// collect always matches (perhaps empty), so it changes no verdict, and a pass message can say what was seen.
    /// </summary>
    public IRuleDefinition? BuildSubject(string name) =>
        Build(name, [.. rule.When.OfType<CollectSyntax>().Where(c => c.Having.Count == 0)], scope => PassScope = scope, contextOnly: true);

    public IRuleDefinition? BuildViolation(string name)
    {
        _recordAbsence = true;
        try
        {
            return Build(name, rule.When, scope => MessageScope = scope);
        }
        finally
        {
            _recordAbsence = false;
        }
    }

    public IRuleDefinition? BuildEvidence(string name) =>
        rule.Evidence is { } evidence ? Build(name, evidence.When, scope => EvidenceScope = scope) : null;

    private IRuleDefinition? Build(string name, IReadOnlyList<ElementSyntax>? elements, Action<BindingScope> scopeAfter, bool contextOnly = false)
    {
        _declared.Clear();
        var errorsBefore = diagnostics.Items.Count(d => d.Severity == DiagnosticSeverity.Error);
        var builder = new RuleBuilder();
        builder.Name(name);
        var lhs = builder.LeftHandSide();
        var scope = new BindingScope(rule.Id.Value, [], constants, _allAliases, _usedConstants);

        scope = AddPattern(lhs, rule.Subject, scope) ?? scope;
        SubjectScope = scope;
        if (elements is not null)
        {
            foreach (var element in elements)
                if (!contextOnly || BindsAlone((CollectSyntax)element, scope))
                    scope = AddElement(lhs, element, scope, topLevel: true);
            scopeAfter(scope);
        }

        Expression<Action<IContext>> action = context => RuleActions.Matched(context);
        builder.RightHandSide().Action(action);

        if (diagnostics.Items.Count(d => d.Severity == DiagnosticSeverity.Error) > errorsBefore) return null;
        try
        {
            return builder.Build();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            diagnostics.Add(DiagnosticDescriptors.RuleBuildFailed.Create(rule.Id.Location, e.Message));
            return null;
        }
    }

    private BindingScope AddElement(GroupBuilder group, ElementSyntax element, BindingScope scope, bool topLevel)
    {
        switch (element)
        {
            case PatternSyntax pattern:
                return AddPattern(group, pattern, scope) ?? scope;
            case CollectSyntax { Having.Count: 0 } context:
                // Without 'having' the list is context for later conditions and messages: a failure found while it is
                // incomplete stands (the message says what was not read), so its type is not one whose absence is tested
                // unless a condition inside a 'not' group reads it (see AddConditions).
                if (_recordAbsence && topLevel) _contextLists[context.Alias.Value] = context.FactType.Value;
                return AddCollect(group, context, scope) ?? scope;
            case CollectSyntax collect:
                if (_recordAbsence) DependsOnAbsence = true;
                _absenceDepth++;
                try
                {
                    return AddCollect(group, collect, scope) ?? scope;
                }
                finally
                {
                    _absenceDepth--;
                }
            case GroupSyntax { Kind: GroupKind.Any } any:
                var or = group.Group(GroupType.Or);
                foreach (var branch in any.Elements)
                    AddElement(or.Group(GroupType.And), branch, scope, topLevel: false);
                return scope;
            case GroupSyntax nested:
                var absence = nested.Kind == GroupKind.Not;
                if (absence && _recordAbsence) DependsOnAbsence = true;
                var inner = absence ? group.Not().Group(GroupType.And) : group.Exists().Group(GroupType.And);
                var innerScope = scope;
                if (absence) _absenceDepth++;
                foreach (var child in nested.Elements)
                    innerScope = AddElement(inner, child, innerScope, topLevel: false);
                if (absence) _absenceDepth--;
                return scope; // aliases inside not/exists are local to the group
            default:
                throw new InvalidOperationException($"Unexpected element {element.GetType().Name}");
        }
    }

    private BindingScope? AddPattern(GroupBuilder group, PatternSyntax syntax, BindingScope scope)
    {
        var type = ResolveFactType(syntax.FactType);
        if (type is null || !DeclareAlias(syntax.Alias)) return null;
        var pattern = group.Pattern(type, syntax.Alias.Value);
        var withAlias = scope.With(pattern.Declaration.ToParameterExpression());
        AddConditions(pattern, syntax.Where, withAlias);
        return withAlias;
    }

    private BindingScope? AddCollect(GroupBuilder group, CollectSyntax syntax, BindingScope scope)
    {
        var type = ResolveFactType(syntax.FactType);
        if (type is null || !DeclareAlias(syntax.Alias) || !DeclareAlias(syntax.Each)) return null;
        var listType = typeof(IEnumerable<>).MakeGenericType(type);
        var pattern = group.Pattern(listType, syntax.Alias.Value);
        var aggregate = pattern.Aggregate();
        aggregate.Collect();
        var item = aggregate.Pattern(type, syntax.Each.Value);
        AddConditions(item, syntax.Where, scope.With(item.Declaration.ToParameterExpression()));
        var withList = scope.With(pattern.Declaration.ToParameterExpression());
        AddConditions(pattern, syntax.Having, withList);
        return withList;
    }

    /// <summary>Whether a collect's item conditions bind with only the aliases in <paramref name="scope"/>.</summary>
    private static bool BindsAlone(CollectSyntax collect, BindingScope scope)
    {
        if (FactCatalog.Find(collect.FactType.Value) is not { } type) return false;
        var item = scope.With(Expression.Parameter(type.ClrType, collect.Each.Value));
        var scratch = new DiagnosticBag();
        return collect.Where.All(condition => ExpressionBinder.BindCondition(condition, item, scratch) is not null);
    }

    private void AddConditions(PatternBuilder pattern, IReadOnlyList<ExpressionSyntax> conditions, BindingScope scope)
    {
        foreach (var condition in conditions)
        {
            if (ExpressionBinder.BindCondition(condition, scope, diagnostics) is not { } lambda) continue;
            pattern.Condition(lambda);
            NoteContextListsReadInAbsence(lambda);
        }
    }

    /// <summary>
    /// A condition inside a 'not' group that reads a context list decides the absence with it (SCPs that deny an action,
    /// say): a fact of that type that could not be collected could fake the violation, as if it were read in the group.
    /// </summary>
    private void NoteContextListsReadInAbsence(LambdaExpression condition)
    {
        if (!_recordAbsence || _absenceDepth == 0) return;
        foreach (var parameter in condition.Parameters)
            if (parameter.Name is { } alias && _contextLists.TryGetValue(alias, out var factType))
                _absenceFactTypes.Add(factType);
    }

    private Type? ResolveFactType(Located<string> name)
    {
        if (FactCatalog.Find(name.Value) is { } factType)
        {
            _factTypes.Add(factType.Name);
            if (_recordAbsence && _absenceDepth > 0) _absenceFactTypes.Add(factType.Name);
            return factType.ClrType;
        }
        diagnostics.Add(DiagnosticDescriptors.UnknownFactType.CreateWithSuggestion(name.Location,
            Suggestions.DidYouMean(name.Value, FactCatalog.All.Select(f => f.Name)), name.Value));
        return null;
    }

    private bool DeclareAlias(Located<string> alias)
    {
        var name = alias.Value;
        string? problem = null;
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z][A-Za-z0-9]*$"))
            problem = "an alias is a lower-camel-case name such as 'account' or 'trail'.";
        else if (ReservedNames.Contains(name))
            problem = "it is a reserved word of the expression language.";
        else if (constants.ContainsKey(name))
            problem = "a rule parameter has the same name.";
        if (problem is not null)
        {
            diagnostics.Add(DiagnosticDescriptors.InvalidAlias.Create(alias.Location, name, problem));
            return false;
        }
        if (!_declared.Add(name))
        {
            diagnostics.Add(DiagnosticDescriptors.DuplicateAlias.Create(alias.Location, name));
            return false;
        }
        return true;
    }

    private static HashSet<string> CollectAliases(RuleSyntax rule)
    {
        var aliases = new HashSet<string>(StringComparer.Ordinal) { rule.Subject.Alias.Value };
        void Walk(IEnumerable<ElementSyntax> elements)
        {
            foreach (var element in elements)
            {
                switch (element)
                {
                    case PatternSyntax p: aliases.Add(p.Alias.Value); break;
                    case CollectSyntax c: aliases.Add(c.Alias.Value); aliases.Add(c.Each.Value); break;
                    case GroupSyntax g: Walk(g.Elements); break;
                }
            }
        }
        Walk(rule.When);
        if (rule.Evidence is { } evidence) Walk(evidence.When);
        return aliases;
    }
}

/// <summary>The action every compiled rule runs. Results are recorded by the evaluator's action interceptor, so it does nothing itself.</summary>
public static class RuleActions
{
    public static void Matched(IContext context)
    {
    }
}
