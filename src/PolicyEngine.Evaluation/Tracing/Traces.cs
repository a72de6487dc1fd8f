using PolicyEngine.Core.Facts;
using PolicyEngine.Rules;
using PolicyEngine.Rules.Tracing;

namespace PolicyEngine.Evaluation.Tracing;

/// <summary>How one rule went for one subject: its own conditions, the violation ('when'), and the notApplicable and evidence parts.</summary>
public sealed record SubjectTrace(
    CompiledRule Rule,
    IFact Subject,
    CandidateTrace? SubjectConditions,
    PartTrace When,
    PartTrace? NotApplicable,
    PartTrace? Evidence,
    IReadOnlyList<CollectionError> Missing)
{
    /// <summary>The verdict the trace alone gives, before collection errors and evaluation errors are weighed (the evaluator's result says the rest).</summary>
    public bool Violated => When.Matched;
    public bool OutOfScope => NotApplicable?.Matched ?? false;
}

/// <summary>One part of a rule: its elements' traces and the complete matches (alias to fact) it produced.</summary>
public sealed record PartTrace(IReadOnlyList<ElementTrace> Elements, IReadOnlyList<IReadOnlyDictionary<string, object>> Matches)
{
    public bool Matched => Matches.Count > 0;
}

/// <summary>A value a condition read, by its path (<c>credential.MfaActive</c>), as the fact had it.</summary>
public sealed record ReadValue(string Path, object? Value);

/// <summary>One condition evaluated on one candidate: its result, the values it read, and the error when it threw.</summary>
public sealed record ConditionOutcome(PlanCondition Condition, bool Result, IReadOnlyList<ReadValue> Values, string? Error);

/// <summary>A fact a pattern (or a collect's items) considered: whether it matched, and each condition evaluated up to the first false one.</summary>
public sealed record CandidateTrace(object Fact, bool Matched, IReadOnlyList<ConditionOutcome> Conditions)
{
    public ConditionOutcome? FailedBy => Conditions.FirstOrDefault(c => !c.Result);
}

/// <summary>
/// How one element went over every outer match it was evaluated for: how often it held and not, the facts it
/// considered (up to <see cref="RuleTracer.MaxCandidatesShown"/>, each once), what a collect's list held and its
/// 'having' conditions gave, the matches inside a not or exists group, and the facts of its type not collected.
/// </summary>
public sealed class ElementTrace
{
    private readonly List<CandidateTrace> _candidates = [];
    private HashSet<(object, bool)>? _seen; // made past LinearSeen candidates
    private List<CollectionError>? _missing; // made when a partition has collection errors: most have none

    public ElementTrace(PlanElement element)
    {
        Element = element;
        Children = element is PlanGroup group ? For(group.Elements) : [];
    }

    /// <summary>A trace for each element, in order.</summary>
    public static ElementTrace[] For(IReadOnlyList<PlanElement> elements)
    {
        var traces = new ElementTrace[elements.Count];
        for (var i = 0; i < traces.Length; i++) traces[i] = new ElementTrace(elements[i]);
        return traces;
    }

    public PlanElement Element { get; }
    public IReadOnlyList<ElementTrace> Children { get; }

    /// <summary>Outer matches for which the element held (a pattern matched a fact, a group's test held).</summary>
    public int Held { get; private set; }
    public int NotHeld { get; private set; }

    /// <summary>Facts considered beyond those kept in <see cref="Candidates"/>.</summary>
    public int MoreCandidates { get; private set; }
    public IReadOnlyList<CandidateTrace> Candidates => _candidates;

    /// <summary>For a collect: the size of the list and its 'having' conditions, from the last evaluation.</summary>
    public int? ListSize { get; private set; }
    public IReadOnlyList<ConditionOutcome> Having { get; private set; } = [];

    /// <summary>For a not or exists group: the matches found inside, in the last evaluation.</summary>
    public int InnerMatches { get; private set; }

    public IReadOnlyList<CollectionError> Missing => _missing ?? [];

    public bool Evaluated => Held + NotHeld > 0;

    /// <summary>Whether another fact considered would still be kept (and so its values are worth reading).</summary>
    public bool KeepsMoreCandidates => _candidates.Count < RuleTracer.MaxCandidatesShown;

    public CandidateTrace? ForFact(object fact) => _candidates.FirstOrDefault(c => ReferenceEquals(c.Fact, fact));

    internal void Count(bool held)
    {
        if (held) Held++;
        else NotHeld++;
    }

    /// <summary>Makes room for the facts about to be considered, up to the number kept.</summary>
    internal void ExpectCandidates(int count)
    {
        var kept = Math.Min(_candidates.Count + count, RuleTracer.MaxCandidatesShown);
        if (kept > _candidates.Capacity) _candidates.Capacity = kept;
    }

    internal void AddCandidate(CandidateTrace candidate)
    {
        if (Seen(candidate)) return;
        if (_candidates.Count < RuleTracer.MaxCandidatesShown) _candidates.Add(candidate);
        else MoreCandidates++;
    }

    /// <summary>Candidates seen before below which a look through the kept ones costs less than a set (most elements see one or a few).</summary>
    private const int LinearSeen = 16;

    private bool Seen(CandidateTrace candidate)
    {
        if (_seen is null)
        {
            if (_candidates.Count < LinearSeen)
            {
                foreach (var kept in _candidates)
                    if (ReferenceEquals(kept.Fact, candidate.Fact) && kept.Matched == candidate.Matched) return true;
                return false;
            }
            _seen = new HashSet<(object, bool)>(new CandidateKey());
            foreach (var kept in _candidates) _seen.Add((kept.Fact, kept.Matched));
        }
        return !_seen.Add((candidate.Fact, candidate.Matched));
    }

    internal void AddHaving(int listSize, IReadOnlyList<ConditionOutcome> having)
    {
        ListSize = listSize;
        Having = having;
    }

    internal void AddInnerMatches(int count) => InnerMatches = count;

    internal void AddMissing(IEnumerable<CollectionError> errors)
    {
        if (_missing is null or { Count: 0 }) (_missing ??= []).AddRange(errors);
    }

    /// <summary>Facts by reference: two equal records from different places are still two facts.</summary>
    private sealed class CandidateKey : IEqualityComparer<(object Fact, bool Matched)>
    {
        public bool Equals((object Fact, bool Matched) x, (object Fact, bool Matched) y) => ReferenceEquals(x.Fact, y.Fact) && x.Matched == y.Matched;
        public int GetHashCode((object Fact, bool Matched) key) => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Fact), key.Matched);
    }
}

/// <summary>
/// How often each probe (condition, pattern, group) of a plan evaluated true and false: what coverage adds up over
/// test cases. Keyed by the probe itself, so it is one count per place in one compiled rule.
/// </summary>
public sealed class ProbeCounts
{
    private readonly Dictionary<PlanProbe, (int True, int False)> _counts = new(ReferenceEqualityComparer.Instance);

    public void Add(PlanProbe probe, bool result)
    {
        var (t, f) = _counts.GetValueOrDefault(probe);
        _counts[probe] = result ? (t + 1, f) : (t, f + 1);
    }

    public (int True, int False) Of(PlanProbe probe) => _counts.GetValueOrDefault(probe);
}
