using PolicyEngine.Core.Facts;
using PolicyEngine.Rules;
using PolicyEngine.Rules.Syntax;
using PolicyEngine.Rules.Tracing;

namespace PolicyEngine.Evaluation.Tracing;

/// <summary>
/// Re-evaluates a compiled rule's match plan over one partition's facts, outside NRules, recording how each pattern,
/// condition and group went: the facts each pattern matched (inside not, exists and any too), the condition that
/// turned each other fact away with the values it read, and the facts that could not be collected. It follows NRules'
/// semantics (a pattern joins every fact of its type that meets its conditions; not and exists test the group's
/// matches; any is the union of its branches; collect always yields its list), so its verdict agrees with the
/// evaluator's. Only explain, coverage and evidence run it: evaluation itself never does.
/// </summary>
public sealed class RuleTracer
{
    /// <summary>Bounds the matches of one element, so a trace of a rule joining large lists stays small and finite.</summary>
    public const int MaxMatchesPerElement = 1_000;

    /// <summary>Bounds the facts a trace remembers per element; counts stay exact.</summary>
    public const int MaxCandidatesShown = 50;

    private readonly CompiledRule _rule;
    private readonly Partition _partition;
    private readonly ProbeCounts? _counts; // null: nobody adds up coverage
    private readonly FactsByType _facts;
    private readonly bool _readValues;

    private RuleTracer(CompiledRule rule, Partition partition, ProbeCounts? counts, FactsByType facts, bool readValues)
    {
        _rule = rule;
        _partition = partition;
        _counts = counts;
        _facts = facts;
        _readValues = readValues;
    }

    /// <summary>
    /// Traces the rule for every subject of the partition (or only those <paramref name="subjectFilter"/> keeps), counting
    /// into <paramref name="counts"/> when given; <paramref name="facts"/> shares one index of the partition's facts between rules.
    /// Without <paramref name="readValues"/> the outcomes carry no values: a caller that keeps few facts reads theirs itself.
    /// </summary>
    public static IReadOnlyList<SubjectTrace> Trace(CompiledRule rule, Partition partition, ProbeCounts? counts = null, Func<IFact, bool>? subjectFilter = null,
        FactsByType? facts = null, bool readValues = true)
    {
        if (rule.IsOrganizationRule != partition.IsOrganization) return [];
        return new RuleTracer(rule, partition, counts, facts ?? new FactsByType(partition), readValues).TraceSubjects(subjectFilter);
    }

    /// <summary>
    /// Traces one rule over a fact set partitioned as the evaluator partitions it, for the subjects whose account ID
    /// or resource ID is <paramref name="subject"/> (every subject when null): what <c>evaluate --explain</c> shows.
    /// </summary>
    public static IReadOnlyList<SubjectTrace> TraceFacts(CompiledRule rule, FactSet facts, string? subject)
    {
        Func<IFact, bool>? filter = subject is null ? null : f => f.AccountId == subject || f.ResourceId == subject;
        return Partition.Split(facts)
            .Where(p => p.IsOrganization == rule.IsOrganizationRule)
            .SelectMany(p => Trace(rule, p, subjectFilter: filter))
            .ToList();
    }

    private List<SubjectTrace> TraceSubjects(Func<IFact, bool>? subjectFilter)
    {
        var plan = _rule.Plan;
        var subjectTrace = new ElementTrace(plan.Subject);
        var traces = new List<SubjectTrace>();
        IReadOnlyList<CollectionError> missing = _partition.Errors.Count == 0 ? [] : [.. _partition.Errors.Where(e => _rule.Descriptor.FactTypes.Contains(e.FactType))];
        foreach (var bindings in MatchPattern(plan.Subject, Bindings.Empty, subjectTrace))
        {
            var subject = (IFact)bindings[plan.Subject.Alias];
            if (subjectFilter is not null && !subjectFilter(subject)) continue;
            var when = TracePart(plan.When, bindings);
            var notApplicable = plan.NotApplicable.Count == 0 ? null : TracePart(plan.NotApplicable, bindings);
            var evidence = plan.Evidence.Count == 0 ? null : TracePart(plan.Evidence, bindings);
            traces.Add(new SubjectTrace(_rule, subject, subjectTrace.ForFact(subject), when, notApplicable, evidence, missing));
        }
        return traces;
    }

    private PartTrace TracePart(IReadOnlyList<PlanElement> elements, Bindings bindings)
    {
        var traces = ElementTrace.For(elements);
        return new PartTrace(traces, Solve(elements, traces, bindings));
    }

    /// <summary>Every way the elements match, extending <paramref name="bindings"/>, up to <see cref="MaxMatchesPerElement"/>.</summary>
    private List<Bindings> Solve(IReadOnlyList<PlanElement> elements, IReadOnlyList<ElementTrace> traces, Bindings bindings)
    {
        var found = new List<Bindings>();
        Solve(elements, traces, 0, bindings, found);
        return found;
    }

    /// <summary>
    /// Adds the ways the elements from <paramref name="index"/> on match; once the limit is reached nothing more is
    /// evaluated, so what is counted is what a lazy walk stopped at the limit would count.
    /// </summary>
    private void Solve(IReadOnlyList<PlanElement> elements, IReadOnlyList<ElementTrace> traces, int index, Bindings bindings, List<Bindings> found)
    {
        if (found.Count == MaxMatchesPerElement) return;
        if (index == elements.Count)
        {
            found.Add(bindings);
            return;
        }
        // Materialized: each element is evaluated once per outer match, whatever the later elements do, as NRules does.
        var matches = Match(elements[index], traces[index], bindings);
        for (var i = 0; i < Math.Min(matches.Count, MaxMatchesPerElement) && found.Count < MaxMatchesPerElement; i++)
            Solve(elements, traces, index + 1, matches[i], found);
    }

    private IReadOnlyList<Bindings> Match(PlanElement element, ElementTrace trace, Bindings bindings) => element switch
    {
        PlanPattern pattern => MatchPattern(pattern, bindings, trace),
        PlanCollect collect => MatchCollect(collect, bindings, trace),
        PlanGroup group => MatchGroup(group, bindings, trace),
        _ => throw new InvalidOperationException($"Unexpected plan element {element.GetType().Name}"),
    };

    private IReadOnlyList<Bindings> MatchPattern(PlanPattern pattern, Bindings bindings, ElementTrace trace)
    {
        var met = Consider(pattern.FactType, pattern.ClrType, pattern.Alias, pattern.Conditions, bindings, trace);
        var count = Math.Min(met.Count, MaxMatchesPerElement);
        var matched = new List<Bindings>(count);
        for (var i = 0; i < count; i++) matched.Add(bindings.With(pattern.Alias, met[i]));
        _counts?.Add(pattern, matched.Count > 0);
        trace.Count(matched.Count > 0);
        return matched;
    }

    private IReadOnlyList<Bindings> MatchCollect(PlanCollect collect, Bindings bindings, ElementTrace trace)
    {
        var items = Consider(collect.FactType, collect.ClrType, collect.Each, collect.Where, bindings, trace);
        var list = collect.NewList(items);
        var withList = bindings.With(collect.Alias, list);
        var having = EvaluateAll(collect.Having, withList, readValues: true);
        var holds = having.Length == collect.Having.Count && AllHeld(having);
        trace.AddHaving(items.Count, having);
        trace.Count(holds);
        return holds ? [withList] : [];
    }

    /// <summary>
    /// Binds each fact of the type to <paramref name="alias"/> in turn and evaluates the conditions on it, recording it
    /// as a candidate of the element (and the facts of the type not collected); returns the facts that met them all.
    /// </summary>
    private List<object> Consider(string factType, Type clrType, string alias, IReadOnlyList<PlanCondition> conditions,
        Bindings bindings, ElementTrace trace)
    {
        var facts = _facts.Of(clrType);
        // Without conditions every fact is met: the list is sized for them.
        var met = new List<object>(conditions.Count == 0 ? facts.Count : 0);
        trace.ExpectCandidates(facts.Count);
        // One scratch link for all the facts, rebound to each in turn; none when no condition reads it, as for a
        // collect of every policy.
        var candidate = conditions.Count == 0 ? null : bindings.With(alias, bindings);
        for (var i = 0; i < facts.Count; i++)
        {
            var fact = facts[i];
            candidate?.Rebind(fact);
            IReadOnlyList<ConditionOutcome> outcomes = candidate is null ? [] : EvaluateAll(conditions, candidate, trace.KeepsMoreCandidates);
            var ok = outcomes.Count == conditions.Count && AllHeld(outcomes);
            trace.AddCandidate(new CandidateTrace(fact, ok, outcomes));
            if (ok) met.Add(fact);
        }
        if (_partition.Errors.Count > 0) trace.AddMissing(_partition.Errors.Where(e => e.FactType == factType));
        return met;
    }

    private IReadOnlyList<Bindings> MatchGroup(PlanGroup group, Bindings bindings, ElementTrace trace)
    {
        if (group.Group == GroupKind.Any)
        {
            var all = new List<Bindings>();
            for (var i = 0; i < group.Elements.Count; i++)
                all.AddRange(Solve([group.Elements[i]], [trace.Children[i]], bindings));
            _counts?.Add(group, all.Count > 0);
            trace.Count(all.Count > 0);
            return all;
        }
        var inner = Solve(group.Elements, trace.Children, bindings);
        var holds = group.Group == GroupKind.Not ? inner.Count == 0 : inner.Count > 0;
        trace.AddInnerMatches(inner.Count);
        _counts?.Add(group, holds);
        trace.Count(holds);
        // Aliases inside not and exists are local to the group: the outer match goes on unchanged.
        return holds ? [bindings] : [];
    }

    /// <summary>Evaluates conditions in the order written, up to the first that is false (or throws), as a filter would.</summary>
    /// <param name="readValues">Whether the values the conditions read are wanted (not for a fact the trace will not keep).</param>
    private ConditionOutcome[] EvaluateAll(IReadOnlyList<PlanCondition> conditions, Bindings bindings, bool readValues)
    {
        // Sized for every condition and cut where one is false: one array per candidate, where a list took two objects.
        var outcomes = new ConditionOutcome[conditions.Count];
        for (var i = 0; i < outcomes.Length; i++)
        {
            var condition = conditions[i];
            var values = readValues && _readValues ? Values(condition, bindings) : [];
            bool result;
            string? error = null;
            try
            {
                result = condition.Evaluate(bindings);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // NRules treats a condition that throws as not matching (and the evaluator makes the rule's results unknown).
                result = false;
                error = e.Message;
            }
            _counts?.Add(condition, result);
            outcomes[i] = new ConditionOutcome(condition, result, values, error);
            if (!result) return i + 1 == outcomes.Length ? outcomes : outcomes[..(i + 1)];
        }
        return outcomes;
    }

    /// <summary>By index: a LINQ walk over the interface allocated an enumerator for every candidate.</summary>
    private static bool AllHeld(IReadOnlyList<ConditionOutcome> outcomes)
    {
        for (var i = 0; i < outcomes.Count; i++)
            if (!outcomes[i].Result) return false;
        return true;
    }

    // Apart from EvaluateAll, whose every call would otherwise allocate the lambda's closure.
    private static IReadOnlyList<ReadValue> Values(PlanCondition condition, Bindings bindings) =>
        condition.Reads.Select(r => new ReadValue(r.Path, r.Read(bindings))).ToList();
}
