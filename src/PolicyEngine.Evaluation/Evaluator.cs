using System.Collections.Concurrent;
using NRules;
using NRules.Diagnostics;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Results;
using PolicyEngine.Rules;
using PolicyEngine.Rules.Runtime;

namespace PolicyEngine.Evaluation;

/// <summary>Which part of the organization one process evaluates, for running N copies side by side.</summary>
public sealed record Shard(int Index, int Count)
{
    public static readonly Shard Whole = new(0, 1);

    /// <summary>Member accounts are spread by a stable hash of their ID; the organization and management account belong to shard 0.</summary>
    public bool Owns(string accountId, bool isOrganizationOrManagement)
    {
        if (Count == 1) return true;
        if (isOrganizationOrManagement) return Index == 0;
        // SHA-256 rather than string.GetHashCode: the split must be the same in every process and on every machine.
        var digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(accountId));
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(digest) % (uint)Count == (uint)Index;
    }
}

/// <summary>
/// Evaluates compiled rules against a fact set: one NRules session per partition (account), or per few member
/// accounts where every rule of theirs is account-local; sessions in parallel, one result per rule and subject,
/// sorted. Compile once, evaluate many fact sets.
/// </summary>
public sealed class Evaluator
{
    private readonly RuleSet _rules;
    private readonly RuleScopes _scopes;
    private readonly Dictionary<string, CompiledRule> _byId;
    private readonly TimeSpan _ruleTimeBudget;
    private readonly bool _evidence;

    /// <param name="ruleTimeBudget">How long each rule's conditions and messages may run over one evaluation, summed
    /// over all partitions; a rule that uses it up gives unknown results (default <see cref="EvaluationBudget.DefaultPerRule"/>).</param>
    /// <param name="evidence">Whether judged results carry the facts behind their verdicts (<see cref="RuleResult.Facts"/>).</param>
    public Evaluator(RuleSet rules, TimeSpan? ruleTimeBudget = null, bool evidence = true)
    {
        _evidence = evidence;
        if (rules.HasErrors) throw new InvalidOperationException("Rules with errors cannot be evaluated.");
        _rules = rules;
        _ruleTimeBudget = ruleTimeBudget ?? EvaluationBudget.DefaultPerRule;
        _byId = rules.Rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        _scopes = new RuleScopes(rules.Rules);
    }

    /// <summary>
    /// Compiles now what evaluation would compile at first use: the evidence traces' conditions (see
    /// <see cref="Rules.Tracing.MatchPlan.Prepare"/>; none without evidence), then the rules' messages, until
    /// <paramref name="stop"/> says enough.
    /// </summary>
    public void Prepare(Func<bool> stop)
    {
        if (_evidence)
        {
            foreach (var rule in _rules.Rules)
            {
                if (stop()) return;
                rule.Plan.Prepare(stop);
            }
        }
        foreach (var template in _rules.Rules.SelectMany(r => r.Messages))
        {
            if (stop()) return;
            template.Prepare();
        }
    }

    /// <summary>
    /// Member accounts whose rules are all account-local share a session, this many at a time: creating a session, its
    /// node memories and metrics, and asserting the organization-wide facts cost as much as a member's own few facts,
    /// while the joins of a session grow with the square of its accounts.
    /// </summary>
    internal const int AccountsPerSession = 32;

    public IReadOnlyList<RuleResult> Evaluate(FactSet facts, Shard? shard = null, CancellationToken cancellation = default)
    {
        shard ??= Shard.Whole;
        var management = facts.ManagementAccountId;
        var partitions = Partition.Split(facts)
            .Where(p => shard.Owns(p.AccountId, p.IsOrganization || p.AccountId == management))
            .ToList();
        var results = new ConcurrentBag<IReadOnlyList<RuleResult>>();
        var budget = new EvaluationBudget(_ruleTimeBudget);
        // Consecutive partitions, a session's worth at a time: no pass over all partitions must end before sessions start.
        Parallel.ForEach(partitions.Chunk(AccountsPerSession), new ParallelOptions { CancellationToken = cancellation, MaxDegreeOfParallelism = Environment.ProcessorCount },
            chunk => results.Add(Evaluate(chunk, management, budget, cancellation)));
        var all = new List<RuleResult>(results.Sum(r => r.Count));
        foreach (var chunk in results) all.AddRange(chunk);
        if (shard.Index == 0) all.AddRange(UncollectedSubjects(facts, all));
        // The order is total but for results identical in every key, so an unstable sort gives the order Sorted() gives.
        all.Sort(RuleResultOrdering.Comparer);
        return all;
    }

    /// <summary>The partitions of one session, all with the same scope.</summary>
    private sealed record SessionWork(RuleScopes.Scope Scope, IReadOnlyList<Partition> Partitions);

    /// <summary>
    /// One session per partition, except member accounts whose scope is account-local: those share a session with the
    /// chunk's other members of the same scope. The organization and the management account always have their own
    /// (the management account's partition also holds facts of the accounts its trails deliver to).
    /// </summary>
    private List<RuleResult> Evaluate(Partition[] chunk, string? management, EvaluationBudget budget, CancellationToken cancellation)
    {
        var results = new List<RuleResult>();
        var shared = new Dictionary<RuleScopes.Scope, List<Partition>>(ReferenceEqualityComparer.Instance);
        foreach (var partition in chunk)
        {
            RuleScopes.Scope scope;
            // The subject conditions that decide the scope are timed like any condition.
            using (budget.Activate()) scope = _scopes.For(partition);
            if (scope.Factory is null) continue;
            if (!scope.IsAccountLocal || partition.IsOrganization || partition.AccountId == management)
                results.AddRange(Evaluate(new SessionWork(scope, [partition]), budget, cancellation));
            else (shared.TryGetValue(scope, out var members) ? members : shared[scope] = []).Add(partition);
        }
        foreach (var (scope, members) in shared) results.AddRange(Evaluate(new SessionWork(scope, members), budget, cancellation));
        return results;
    }

    private IReadOnlyList<RuleResult> Evaluate(SessionWork work, EvaluationBudget budget, CancellationToken cancellation)
    {
        // NRules runs conditions on this thread inside InsertAll and Fire; messages render here too.
        using var timing = budget.Activate();
        var recorder = Run(work.Scope, work.Partitions, cancellation);
        if (work.Partitions.Count == 1) return Judge(work.Scope, recorder, work.Partitions[0]);
        // A condition that threw is recorded for its rule, not its account: each account is run again on its own, so
        // that only the account where it threw gets unknown results.
        if (recorder.EvaluationErrors.Count > 0)
            return work.Partitions.SelectMany(p => Judge(work.Scope, Run(work.Scope, [p], cancellation), p)).ToList();
        var aliases = work.Scope.Rules.ToDictionary(r => r.Id, r => r.SubjectAlias, StringComparer.Ordinal);
        var byAccount = recorder.Matches.ToLookup(m => ((IFact)m.Facts[aliases[m.RuleId]]).AccountId, StringComparer.Ordinal);
        return work.Partitions.SelectMany(p => Judge(work.Scope, new MatchRecorder(byAccount[p.AccountId]), p)).ToList();
    }

    /// <summary>One NRules session over the partitions' facts that the scope's rules read (a fact shared by partitions, once).</summary>
    private static MatchRecorder Run(RuleScopes.Scope scope, IReadOnlyList<Partition> partitions, CancellationToken cancellation)
    {
        var recorder = new MatchRecorder();
        var session = scope.Factory!.CreateSession();
        session.ActionInterceptor = recorder;
        // A condition that throws must not stop the other rules: treat it as not matching and make the rule's results unknown.
        // Actions never run (the recorder intercepts them), so only conditions can throw.
        session.Events.LhsExpressionFailedEvent += (_, e) => { recorder.RecordError(e.Rules, e.Exception!); e.IsHandled = true; };
        var facts = partitions.Count == 1
            ? partitions[0].Facts.Where(f => scope.Reads.Contains(f.GetType()))
            : partitions.SelectMany(p => p.Facts).Where(f => scope.Reads.Contains(f.GetType())).Distinct(ReferenceEqualityComparer.Instance);
        session.InsertAll(facts);
        session.Fire(cancellation);
        return recorder;
    }

    private IReadOnlyList<RuleResult> Judge(RuleScopes.Scope scope, MatchRecorder recorder, Partition partition)
    {
        var results = ResultSynthesizer.Synthesize(scope.Rules, recorder, partition);
        // The facts behind each verdict come from re-evaluating the rule's plan for its subjects (see EvidenceFacts).
        return _evidence ? Tracing.EvidenceFacts.Attach(results, scope.Rules, partition) : results;
    }

    /// <summary>
    /// A rule whose subjects could not be collected at all has no subject to report on; say so rather than report nothing.
    /// </summary>
    private IEnumerable<RuleResult> UncollectedSubjects(FactSet facts, List<RuleResult> results)
    {
        var errorsBySubject = facts.CollectionErrors.ToLookup(e => e.FactType, StringComparer.Ordinal);
        var affected = _rules.Rules.Where(r => errorsBySubject.Contains(r.Descriptor.SubjectType)).ToList();
        if (affected.Count == 0) yield break;
        // Only the affected rules' results are looked at: most runs have a few of them, against tens of thousands of results.
        var ids = affected.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var reported = results.Where(r => ids.Contains(r.RuleId)).Select(r => (r.RuleId, r.AccountId)).ToHashSet();
        foreach (var rule in affected)
        {
            foreach (var error in errorsBySubject[rule.Descriptor.SubjectType])
            {
                var accountId = error.AccountId ?? facts.ManagementAccountId ?? "";
                if (!reported.Add((rule.Id, accountId))) continue;
                yield return ResultSynthesizer.Unknown(rule, accountId, $"{rule.Descriptor.SubjectType} (not collected)", [error]);
            }
        }
    }

    public CompiledRule Rule(string id) => _byId[id];
}
