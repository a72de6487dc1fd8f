using System.Linq.Expressions;
using NRules.RuleModel;
using NRules.RuleModel.Builders;
using PolicyEngine.Core.Facts;
using PolicyEngine.Rules.Binding;
using PolicyEngine.Diagnostics;
using PolicyEngine.Rules.Syntax;
using PolicyEngine.Rules.Tracing;
using PolicyEngine.Syntax;

namespace PolicyEngine.Rules.Building;

/// <summary>
/// What the match part of one rule compiles to: its NRules definitions (null where it has errors), the scopes its
/// messages bind in, and what the definitions read. <see cref="UsedConstants"/> keeps growing while the messages bind.
/// </summary>
internal sealed record RuleDefinitions(
    IRuleDefinition? Violation,
    IRuleDefinition? Subject,
    IRuleDefinition? Evidence,
    IRuleDefinition? NotApplicable,
    BindingScope MessageScope,
    BindingScope PassScope,
    BindingScope? EvidenceScope,
    BindingScope? NotApplicableScope,
    IReadOnlySet<string> FactTypes,
    IReadOnlySet<string> AbsenceFactTypes,
    bool DependsOnAbsence,
    IReadOnlySet<string> UsedConstants,
    MatchPlan? Plan);

/// <summary>
/// Turns the match part of a rule into NRules definitions through RuleBuilder, binding each condition against the
/// aliases declared before it (NRules itself does not check declaration order or types). <see cref="Build"/> is the
/// one entry: it builds the violation, then the subject and the evidence, each tagged with its rule ID and role.
/// </summary>
internal sealed class RuleDefinitionBuilder(RuleSyntax rule, IReadOnlyDictionary<string, object> constants, DiagnosticBag diagnostics)
{
    private static readonly HashSet<string> ReservedNames = ["it", "parent", "root", "np", "now", "today", "true", "false", "null", "new", "iif"];

    private readonly HashSet<string> _allAliases = CollectAliases(rule);
    private readonly HashSet<string> _declared = [];
    private readonly HashSet<string> _factTypes = [];
    private readonly HashSet<string> _usedConstants = new(StringComparer.Ordinal);

    private readonly HashSet<string> _absenceFactTypes = [];

    /// <summary>The violation's top-level context lists ('collect' without 'having'): alias to fact type.</summary>
    private readonly Dictionary<string, string> _contextLists = new(StringComparer.Ordinal);
    private bool _dependsOnAbsence;
    private int _absenceDepth;
    private bool _recordAbsence;

    public RuleDefinitions Build()
    {
        // Only the violation records absences: a subject or an evidence part never turns a verdict into unknown.
        var violation = Build(RuleRole.Violation, rule.When, recordAbsence: true);
        // The subject, with the top-level 'collect' elements that have no 'having' and bind with the subject alone: such
        // a collect always matches (perhaps empty), so it changes no verdict, and the pass message can say what was seen.
        // Its parts were bound inside the violation already, so building them again reports nothing new.
        var subject = violation.Definition is null
            ? null
            : Build(RuleRole.Subject, [.. rule.When.OfType<CollectSyntax>().Where(c => c.Having.Count == 0)], contextOnly: true);
        var evidence = violation.Definition is null || rule.Evidence is null ? null : Build(RuleRole.Evidence, rule.Evidence.When);
        var notApplicable = violation.Definition is null || rule.NotApplicable is null ? null : Build(RuleRole.NotApplicable, rule.NotApplicable.When);
        return new RuleDefinitions(
            violation.Definition, subject?.Definition, evidence?.Definition, notApplicable?.Definition,
            MessageScope: violation.ScopeAfter,
            PassScope: subject?.ScopeAfter ?? violation.SubjectScope,
            EvidenceScope: evidence?.ScopeAfter,
            NotApplicableScope: notApplicable?.ScopeAfter,
            _factTypes, _absenceFactTypes, _dependsOnAbsence, _usedConstants,
            violation.Subject is { } subjectPlan ? new MatchPlan(subjectPlan, violation.Elements, notApplicable?.Elements ?? [], evidence?.Elements ?? []) : null);
    }

    /// <summary>One definition, with the aliases visible after its subject pattern and after all its elements.</summary>
    private sealed record Part(IRuleDefinition? Definition, BindingScope SubjectScope, BindingScope ScopeAfter,
        PlanPattern? Subject = null, IReadOnlyList<PlanElement>? ElementPlans = null)
    {
        public IReadOnlyList<PlanElement> Elements => ElementPlans ?? [];
    }

    private Part Build(RuleRole role, IReadOnlyList<ElementSyntax> elements, bool contextOnly = false, bool recordAbsence = false)
    {
        _declared.Clear();
        _recordAbsence = recordAbsence;
        var checkpoint = diagnostics.Checkpoint();
        var builder = new RuleBuilder();
        // The name is for people (NRules' own messages); the evaluator reads the properties.
        builder.Name(role == RuleRole.Violation ? rule.Id.Value : $"{rule.Id.Value} ({role.ToString().ToLowerInvariant()})");
        RuleIdentity.Set(builder, rule.Id.Value, role);
        var lhs = builder.LeftHandSide();
        var scope = new BindingScope(rule.Id.Value, [], constants, _allAliases, _usedConstants);

        scope = AddPattern(lhs, rule.Subject, scope, out var subjectPlan) ?? scope;
        var subjectScope = scope;
        var plans = new List<PlanElement>();
        foreach (var element in elements)
            if (!contextOnly || BindsAlone((CollectSyntax)element, scope))
            {
                scope = AddElement(lhs, element, scope, topLevel: true, out var plan);
                if (plan is not null) plans.Add(plan);
            }
        _recordAbsence = false;

        Expression<Action<IContext>> action = context => RuleActions.Matched(context);
        builder.RightHandSide().Action(action);

        if (diagnostics.HasErrorsSince(checkpoint)) return new Part(null, subjectScope, scope);
        try
        {
            return new Part(builder.Build(), subjectScope, scope, subjectPlan, plans);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            diagnostics.Add(DiagnosticDescriptors.RuleBuildFailed.Create(rule.Id.Location, e.Message));
            return new Part(null, subjectScope, scope);
        }
    }

    /// <summary>Adds one element to the group; <paramref name="plan"/> is what a trace re-evaluates (null where binding failed).</summary>
    private BindingScope AddElement(GroupBuilder group, ElementSyntax element, BindingScope scope, bool topLevel, out PlanElement? plan)
    {
        plan = null;
        switch (element)
        {
            case PatternSyntax pattern:
            {
                var after = AddPattern(group, pattern, scope, out var patternPlan);
                plan = patternPlan;
                return after ?? scope;
            }
            case CollectSyntax { Having.Count: 0 } context:
                // Without 'having' the list is context for later conditions and messages: a failure found while it is
                // incomplete stands (the message says what was not read), so its type is not one whose absence is tested
                // unless a condition inside a 'not' group reads it (see AddConditions).
                if (_recordAbsence && topLevel) _contextLists[context.Alias.Value] = context.FactType.Value;
                return AddCollect(group, context, scope, out plan) ?? scope;
            case CollectSyntax collect:
                if (_recordAbsence) _dependsOnAbsence = true;
                _absenceDepth++;
                try
                {
                    return AddCollect(group, collect, scope, out plan) ?? scope;
                }
                finally
                {
                    _absenceDepth--;
                }
            case GroupSyntax { Kind: GroupKind.Any } any:
                var or = group.Group(GroupType.Or);
                var branches = new List<PlanElement>();
                foreach (var branch in any.Elements)
                {
                    AddElement(or.Group(GroupType.And), branch, scope, topLevel: false, out var branchPlan);
                    if (branchPlan is not null) branches.Add(branchPlan);
                }
                plan = new PlanGroup(GroupKind.Any, branches, any.Location);
                return scope;
            case GroupSyntax nested:
                var absence = nested.Kind == GroupKind.Not;
                if (absence && _recordAbsence) _dependsOnAbsence = true;
                var inner = absence ? group.Not().Group(GroupType.And) : group.Exists().Group(GroupType.And);
                var innerScope = scope;
                if (absence) _absenceDepth++;
                var children = new List<PlanElement>();
                foreach (var child in nested.Elements)
                {
                    innerScope = AddElement(inner, child, innerScope, topLevel: false, out var childPlan);
                    if (childPlan is not null) children.Add(childPlan);
                }
                if (absence) _absenceDepth--;
                plan = new PlanGroup(nested.Kind, children, nested.Location);
                return scope; // aliases inside not/exists are local to the group
            default:
                throw new InvalidOperationException($"Unexpected element {element.GetType().Name}");
        }
    }

    private BindingScope? AddPattern(GroupBuilder group, PatternSyntax syntax, BindingScope scope, out PlanPattern? plan)
    {
        plan = null;
        var type = ResolveFactType(syntax.FactType);
        if (type is null || !DeclareAlias(syntax.Alias)) return null;
        var pattern = group.Pattern(type, syntax.Alias.Value);
        var withAlias = scope.With(pattern.Declaration.ToParameterExpression());
        var conditions = AddConditions(pattern, syntax.Where, withAlias, isHaving: false);
        plan = new PlanPattern(syntax.FactType.Value, type, syntax.Alias.Value, conditions, syntax.Location);
        return withAlias;
    }

    private BindingScope? AddCollect(GroupBuilder group, CollectSyntax syntax, BindingScope scope, out PlanElement? plan)
    {
        plan = null;
        var type = ResolveFactType(syntax.FactType);
        if (type is null || !DeclareAlias(syntax.Alias) || !DeclareAlias(syntax.Each)) return null;
        var listType = typeof(IEnumerable<>).MakeGenericType(type);
        var pattern = group.Pattern(listType, syntax.Alias.Value);
        var aggregate = pattern.Aggregate();
        aggregate.Collect();
        var item = aggregate.Pattern(type, syntax.Each.Value);
        var where = AddConditions(item, syntax.Where, scope.With(item.Declaration.ToParameterExpression()), isHaving: false);
        var withList = scope.With(pattern.Declaration.ToParameterExpression());
        var having = AddConditions(pattern, syntax.Having, withList, isHaving: true);
        plan = new PlanCollect(syntax.FactType.Value, type, syntax.Alias.Value, syntax.Each.Value, where, having, syntax.Location);
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

    private List<PlanCondition> AddConditions(PatternBuilder pattern, IReadOnlyList<ExpressionSyntax> conditions, BindingScope scope, bool isHaving)
    {
        var plans = new List<PlanCondition>();
        foreach (var condition in conditions)
        {
            if (ExpressionBinder.BindCondition(condition, scope, diagnostics) is not { } lambda) continue;
            pattern.Condition(lambda);
            plans.Add(new PlanCondition(condition, lambda, isHaving));
            NoteContextListsReadInAbsence(lambda);
        }
        return plans;
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
        if (rule.NotApplicable is { } notApplicable) Walk(notApplicable.When);
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
