using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Results;
using PolicyEngine.Rules;
using PolicyEngine.Rules.Syntax;
using PolicyEngine.Rules.Tracing;

namespace PolicyEngine.Evaluation.Tracing;

/// <summary>
/// Picks, from a subject's trace, the facts that made its verdict: the subject; for a failure (or a not-applicable
/// subject) every fact the part matched, including those a not group turned away (the absence that fails it) and those
/// inside exists and any groups; for a pass, the facts at the element where the violation stopped matching (the
/// credential whose MFA is on, the resources the plumbing test turned away). At most <see cref="MaxFacts"/> per result.
/// </summary>
public static class EvidenceFacts
{
    public const int MaxFacts = 20;

    /// <summary>The results of one partition with their facts, traced rule by rule; unknown results are left as they are.</summary>
    public static IReadOnlyList<RuleResult> Attach(IReadOnlyList<RuleResult> results, IEnumerable<CompiledRule> rules, Partition partition)
    {
        if (results.Count == 0) return results;
        var judged = results.Where(r => r.Status != ResultStatus.Unknown).Select(r => r.RuleId).ToHashSet(StringComparer.Ordinal);
        if (judged.Count == 0) return results;
        var traces = new Dictionary<(string RuleId, string AccountId, string Resource), SubjectTrace>();
        var facts = new FactsByType(partition);
        foreach (var rule in rules.Where(r => judged.Contains(r.Id)))
            foreach (var trace in RuleTracer.Trace(rule, partition, facts: facts, readValues: false))
                traces.TryAdd((rule.Id, trace.Subject.AccountId, trace.Subject.ResourceId), trace);
        return results
            .Select(r => r.Status != ResultStatus.Unknown && traces.TryGetValue((r.RuleId, r.AccountId, r.Resource), out var trace)
                ? r with { Facts = From(trace, r.Status) }
                : r)
            .ToList();
    }

    public static IReadOnlyList<EvidenceFact> From(SubjectTrace trace, ResultStatus status)
    {
        // An account rule meets the same organization-wide lists in every account's result; an organization rule, once.
        var facts = new Gathering([], CountWholeLists: !trace.Rule.IsOrganizationRule);
        var subject = trace.Rule.Plan.Subject;
        facts.List.Add(Fact(trace.SubjectConditions ?? new CandidateTrace(trace.Subject, true, []), subject.Alias, "subject"));
        var (part, name) = status == ResultStatus.NotApplicable && trace.NotApplicable is { } outOfScope ? (outOfScope, "notApplicable") : (trace.When, "when");
        if (part.Matched)
        {
            foreach (var element in part.Elements) Decisive(element, name, held: true, facts);
        }
        else if (part.Elements.FirstOrDefault(e => e.Held == 0) is { } stopped)
        {
            Decisive(stopped, name, held: false, facts);
        }
        var kept = new List<EvidenceFact>(Math.Min(facts.List.Count, MaxFacts));
        foreach (var fact in facts.List)
        {
            if (kept.Count == MaxFacts) break;
            if (!Holds(kept, fact)) kept.Add(fact);
        }
        return kept;
    }

    /// <summary>The same fact at the same place, already kept: a look through at most MaxFacts costs less than a set.</summary>
    private static bool Holds(List<EvidenceFact> kept, EvidenceFact fact)
    {
        foreach (var k in kept)
            if (k.Type == fact.Type && k.ResourceId == fact.ResourceId && k.Where == fact.Where && k.Matched == fact.Matched) return true;
        return false;
    }

    /// <summary>
    /// The facts of the element that decided the part. Where it held: the facts it matched, and for a not group the
    /// facts turned away inside (the absence). Where the part stopped (<paramref name="held"/> false): what it turned
    /// away, what a not group found inside, or for a collect the items its 'having' conditions judged.
    /// </summary>
    private static void Decisive(ElementTrace trace, string where, bool held, Gathering facts)
    {
        switch (trace.Element)
        {
            case PlanGroup { Group: GroupKind.Not }:
                foreach (var child in trace.Children) Candidates(child, where + "/not", matched: !held, facts);
                break;
            case PlanGroup group:
                foreach (var child in trace.Children) Candidates(child, $"{where}/{group.Kind}", matched: held, facts);
                break;
            case PlanCollect:
                Candidates(trace, where, matched: true, facts);
                break;
            default:
                Candidates(trace, where, matched: held, facts);
                break;
        }
    }

    private static void Candidates(ElementTrace trace, string where, bool matched, Gathering facts)
    {
        if (trace.Element is PlanGroup)
        {
            // A group inside a group: its own patterns, under the longer path.
            foreach (var child in trace.Children) Candidates(child, $"{where}/{trace.Element.Kind}", matched, facts);
            return;
        }
        if (facts.CountWholeLists && trace.Element is PlanCollect { Where.Count: 0 } whole && typeof(IOrganizationFact).IsAssignableFrom(whole.ClrType))
        {
            // Every organization-wide fact of a type is the same list for every account: one entry counts them (the
            // message names the ones that decided), rather than a copy of the organization's policies in each result.
            if (matched) facts.List.Add(WholeList(whole, trace, where));
            return;
        }
        var alias = trace.Element switch
        {
            PlanPattern pattern => pattern.Alias,
            PlanCollect collect => collect.Each,
            _ => "",
        };
        foreach (var candidate in trace.Candidates)
            if (candidate.Matched == matched) facts.List.Add(Fact(candidate, alias, where));
    }

    /// <summary>The facts gathered so far, and whether lists of every organization-wide fact of a type are counted instead of listed.</summary>
    private readonly record struct Gathering(List<EvidenceFact> List, bool CountWholeLists);

    private static EvidenceFact WholeList(PlanCollect collect, ElementTrace trace, string where) => new()
    {
        Type = collect.FactType,
        AccountId = (trace.Candidates.FirstOrDefault()?.Fact as IFact)?.AccountId ?? "",
        ResourceId = "",
        Where = where,
        Matched = true,
        Count = trace.ListSize ?? 0,
    };

    private static EvidenceFact Fact(CandidateTrace candidate, string alias, string where)
    {
        var fact = candidate.Fact as IFact;
        // The values its conditions read from this fact alone, read here for the few facts kept rather than during the trace for every one.
        var own = Bindings.Empty.With(alias, candidate.Fact);
        var prefix = alias + ".";
        Dictionary<string, string>? values = null; // most facts kept have none: the shared empty map serves them
        foreach (var outcome in candidate.Conditions)
            foreach (var read in outcome.Condition.Reads)
                if (read.Path.StartsWith(prefix, StringComparison.Ordinal) && !(values ??= new(StringComparer.Ordinal)).ContainsKey(read.Path))
                    values[read.Path] = TraceValues.Format(read.Read(own));
        return new EvidenceFact
        {
            Type = candidate.Fact.GetType().Name,
            AccountId = fact?.AccountId ?? "",
            ResourceId = fact?.ResourceId ?? "",
            Where = where,
            Matched = candidate.Matched,
            FailedCondition = candidate.FailedBy is { } failed ? TraceValues.Truncate(failed.Condition.Label, TraceValues.MaxLength) : null,
            Values = (IReadOnlyDictionary<string, string>?)values ?? System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty,
        };
    }
}
