using System.Collections.Concurrent;
using System.Diagnostics;
using NRules;
using NRules.Extensibility;
using NRules.RuleModel;
using System.Linq.Expressions;
using System.Reflection;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Results;
using PolicyEngine.Evaluation;
using PolicyEngine.Rules;
using IFact = PolicyEngine.Core.Facts.IFact;
using RuleSet = PolicyEngine.Rules.RuleSet;

namespace PolicyEngine.Benchmarks;

/// <summary>
/// <see cref="Evaluator"/>'s pipeline taken apart, with a Stopwatch around each phase and switches that prototype
/// performance changes without touching src/. It drives src's own pieces: Partition.Split, and (through reflection,
/// as they are internal) MatchRecorder, ResultSynthesizer and Evaluator's UncollectedSubjects, so only Evaluate's
/// dozen lines of glue are restated here. With every switch off it computes exactly what Evaluator computes
/// (the breakdown command checks every variant against Evaluator's output).
/// </summary>
public sealed class ProbeEvaluator
{
    public sealed record Switches
    {
        /// <summary>Prototype: pre-index the matches by rule and subject once per partition instead of one ToLookup per rule.</summary>
        public bool IndexedSynthesis { get; init; }

        /// <summary>Prototype: split facts without Distinct() over every partition's copy of the organization-wide facts.</summary>
        public bool LeanPartition { get; init; }

        /// <summary>Prototype: insert only facts of the types the factory's rules read (no account rule reads an organization-wide fact type today).</summary>
        public bool SkipUnreadFacts { get; init; }

        /// <summary>Prototype: NRules compares facts by reference (Partition has already removed value-equal duplicates), not by record equality.</summary>
        public bool ReferenceIdentity { get; init; }

        /// <summary>Run partitions one after the other (phase times are then wall times).</summary>
        public bool Sequential { get; init; }
    }

    public sealed class Timings
    {
        public long Split, Session, Insert, Fire, Synthesize, Merge;
        public int Partitions, Firings;

        public override string ToString()
        {
            static string Ms(long ticks) => (ticks * 1000.0 / Stopwatch.Frequency).ToString("F0", System.Globalization.CultureInfo.InvariantCulture).PadLeft(6);
            return $"split {Ms(Split)} ms | per-partition (summed over threads): create session {Ms(Session)} ms, InsertAll {Ms(Insert)} ms, Fire {Ms(Fire)} ms, synthesize {Ms(Synthesize)} ms | merge+sort {Ms(Merge)} ms | {Partitions} partitions, {Firings} firings";
        }
    }

    private readonly ISessionFactory _accountFactory;
    private readonly ISessionFactory _organizationFactory;
    private readonly ISessionFactory _accountFactoryByReference;
    private readonly ISessionFactory _organizationFactoryByReference;
    private readonly HashSet<Type> _accountTypes;
    private readonly HashSet<Type> _organizationTypes;
    private readonly CompiledRule[] _accountRules;
    private readonly CompiledRule[] _organizationRules;

    private readonly Func<FactSet, List<RuleResult>, IEnumerable<RuleResult>> _uncollectedSubjects;

    public ProbeEvaluator(RuleSet rules)
    {
        _uncollectedSubjects = Internals.UncollectedSubjects(new Evaluator(rules));
        _accountRules = rules.Rules.Where(r => !r.IsOrganizationRule).ToArray();
        _organizationRules = rules.Rules.Where(r => r.IsOrganizationRule).ToArray();
        _accountFactory = new RuleCompiler().Compile(_accountRules.SelectMany(r => new[] { r.Violation, r.Subject }));
        _organizationFactory = new RuleCompiler().Compile(_organizationRules.SelectMany(r => new[] { r.Violation, r.Subject }));
        _accountFactoryByReference = ByReference().Compile(_accountRules.SelectMany(r => new[] { r.Violation, r.Subject }));
        _organizationFactoryByReference = ByReference().Compile(_organizationRules.SelectMany(r => new[] { r.Violation, r.Subject }));
        _accountTypes = TypesRead(_accountRules);
        _organizationTypes = TypesRead(_organizationRules);
    }

    private static RuleCompiler ByReference()
    {
        var compiler = new RuleCompiler();
        compiler.FactIdentityComparerRegistry.DefaultFactIdentityComparer = ReferenceEqualityComparer.Instance;
        return compiler;
    }

    /// <summary>The CLR types of every fact type the rules name (RuleDescriptor.FactTypes: subject, patterns, collects, not/exists).</summary>
    private static HashSet<Type> TypesRead(IEnumerable<CompiledRule> rules) =>
        rules.SelectMany(r => r.Descriptor.FactTypes).Select(name => FactCatalog.Find(name)!.ClrType).ToHashSet();

    public IReadOnlyList<RuleResult> Evaluate(FactSet facts, Switches switches, Timings timings)
    {
        var sw = Stopwatch.StartNew();
        var partitions = switches.LeanPartition ? LeanSplit(facts) : Partition.Split(facts);
        timings.Split += sw.ElapsedTicks;
        timings.Partitions += partitions.Count;

        var results = new ConcurrentBag<IReadOnlyList<RuleResult>>();
        if (switches.Sequential)
            foreach (var partition in partitions) results.Add(EvaluatePartition(partition, switches, timings));
        else
            Parallel.ForEach(partitions, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                partition => results.Add(EvaluatePartition(partition, switches, timings)));

        sw.Restart();
        var all = results.SelectMany(r => r).ToList();
        all.AddRange(_uncollectedSubjects(facts, all));
        var sorted = all.Sorted().ToList();
        timings.Merge += sw.ElapsedTicks;
        return sorted;
    }

    private IReadOnlyList<RuleResult> EvaluatePartition(Partition partition, Switches switches, Timings timings)
    {
        var t0 = Stopwatch.GetTimestamp();
        var factory = switches.ReferenceIdentity
            ? partition.IsOrganization ? _organizationFactoryByReference : _accountFactoryByReference
            : partition.IsOrganization ? _organizationFactory : _accountFactory;
        var recorder = Internals.NewRecorder();
        var session = factory.CreateSession();
        session.ActionInterceptor = recorder;
        session.Events.LhsExpressionFailedEvent += (_, e) => { Internals.RecordError(recorder, e.Rules, e.Exception!); e.IsHandled = true; };
        var t1 = Stopwatch.GetTimestamp();
        if (switches.SkipUnreadFacts)
        {
            var read = partition.IsOrganization ? _organizationTypes : _accountTypes;
            session.InsertAll(partition.Facts.Where(f => read.Contains(f.GetType())));
        }
        else
            session.InsertAll(partition.Facts);
        var t2 = Stopwatch.GetTimestamp();
        session.Fire();
        var t3 = Stopwatch.GetTimestamp();
        var rules = partition.IsOrganization ? _organizationRules : _accountRules;
        var results = switches.IndexedSynthesis ? SynthesizeIndexed(rules, recorder, partition) : Internals.Synthesize(rules, recorder, partition);
        var t4 = Stopwatch.GetTimestamp();
        Interlocked.Add(ref timings.Session, t1 - t0);
        Interlocked.Add(ref timings.Insert, t2 - t1);
        Interlocked.Add(ref timings.Fire, t3 - t2);
        Interlocked.Add(ref timings.Synthesize, t4 - t3);
        Interlocked.Add(ref timings.Firings, Internals.Matches(recorder).Count);
        return results;
    }

    // ---- Partition.Split without Distinct (prototype) ----

    /// <summary>
    /// Same partitions as Partition.Split. Distinct() is only needed against duplicates inside a fact family; the
    /// organization-wide facts are de-duplicated once and shared by every partition instead of being hashed again
    /// for each account.
    /// </summary>
    public static IReadOnlyList<Partition> LeanSplit(FactSet facts)
    {
        var organizationFacts = new List<object>();
        var byAccount = new Dictionary<string, List<object>>(StringComparer.Ordinal);
        foreach (var fact in facts.All())
        {
            if (fact is IOrganizationFact) organizationFacts.Add(fact);
            else (byAccount.TryGetValue(fact.AccountId, out var list) ? list : byAccount[fact.AccountId] = []).Add(fact);
        }
        var shared = organizationFacts.Distinct().ToList();
        var organizationErrors = facts.CollectionErrors.Where(e => e.IsOrganizationWide).ToList();
        var errorsByAccount = facts.CollectionErrors.Where(e => !e.IsOrganizationWide).ToLookup(e => e.AccountId!, StringComparer.Ordinal);
        var management = facts.ManagementAccountId;

        List<object> Merge(List<object> accountFacts)
        {
            var merged = new List<object>(accountFacts.Count + shared.Count);
            var seen = new HashSet<object>(accountFacts.Count);
            foreach (var fact in accountFacts)
                if (seen.Add(fact)) merged.Add(fact); // account facts never equal organization-wide ones: their types differ
            merged.AddRange(shared);
            return merged;
        }

        var partitions = new List<Partition>(byAccount.Count + 1);
        foreach (var (accountId, accountFacts) in byAccount.OrderBy(p => p.Key, StringComparer.Ordinal))
            partitions.Add(new Partition(accountId, false, Merge(accountFacts), [.. organizationErrors, .. errorsByAccount[accountId]]));
        foreach (var accountId in errorsByAccount.Select(g => g.Key).Where(id => !byAccount.ContainsKey(id)).Order(StringComparer.Ordinal))
            partitions.Add(new Partition(accountId, false, shared, [.. organizationErrors, .. errorsByAccount[accountId]]));
        var managementFacts = management is not null && byAccount.TryGetValue(management, out var mf) ? mf : [];
        partitions.Add(new Partition(management ?? "", true, Merge(managementFacts),
            management is null ? organizationErrors : [.. organizationErrors, .. errorsByAccount[management]]));
        return partitions;
    }

    /// <summary>Prototype: one pass over the matches; rules with no subject in this partition cost nothing.</summary>
    private static IReadOnlyList<RuleResult> SynthesizeIndexed(CompiledRule[] rules, IActionInterceptor recorder, Partition partition)
    {
        var matches = Internals.Matches(recorder);
        if (matches.Count == 0) return [];
        var results = new List<RuleResult>();
        var byRule = new Dictionary<(string, RuleRole), List<Match>>();
        foreach (var match in matches)
            (byRule.TryGetValue((match.RuleId, match.Role), out var list) ? list : byRule[(match.RuleId, match.Role)] = []).Add(match);
        var errors = Internals.EvaluationErrors(recorder);
        foreach (var rule in rules)
        {
            if (!byRule.TryGetValue((rule.Id, RuleRole.Subject), out var subjects)) continue;
            byRule.TryGetValue((rule.Id, RuleRole.Violation), out var violations);
            var missing = partition.Errors.Count == 0 ? [] : partition.Errors.Where(e => rule.Descriptor.FactTypes.Contains(e.FactType)).ToList();
            errors.TryGetValue(rule.Id, out var evaluationError);
            var seen = new HashSet<object>();
            foreach (var subjectMatch in subjects)
            {
                var subject = subjectMatch.Facts[rule.SubjectAlias];
                if (!seen.Add(subject)) continue;
                var mine = violations is null ? [] : violations.Where(v => Equals(v.Facts[rule.SubjectAlias], subject)).ToList();
                results.Add(Internals.Judge(rule, (IFact)subject, subjectMatch, mine, missing, evaluationError));
            }
        }
        return results;
    }
}

/// <summary>Typed delegates onto src/PolicyEngine.Evaluation's internal pieces, so the probe runs them rather than copies.</summary>
internal static class Internals
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;
    private static readonly Assembly Evaluation = typeof(Evaluator).Assembly;
    private static readonly Type RecorderType = Evaluation.GetType("PolicyEngine.Evaluation.MatchRecorder", throwOnError: true)!;
    private static readonly Type SynthesizerType = Evaluation.GetType("PolicyEngine.Evaluation.ResultSynthesizer", throwOnError: true)!;

    public static IActionInterceptor NewRecorder() => (IActionInterceptor)Activator.CreateInstance(RecorderType)!;

    public static readonly Func<IActionInterceptor, List<Match>> Matches = Getter<List<Match>>("Matches");
    public static readonly Func<IActionInterceptor, Dictionary<string, string>> EvaluationErrors = Getter<Dictionary<string, string>>("EvaluationErrors");

    private static readonly Action<object, IEnumerable<IRuleDefinition>, Exception> RecordErrorCall = Call<Action<object, IEnumerable<IRuleDefinition>, Exception>>(
        RecorderType.GetMethod("RecordError", Any)!, instance: true);

    public static void RecordError(IActionInterceptor recorder, IEnumerable<IRuleDefinition> rules, Exception exception) => RecordErrorCall(recorder, rules, exception);

    private static readonly Func<IEnumerable<CompiledRule>, object, Partition, IReadOnlyList<RuleResult>> SynthesizeCall =
        Call<Func<IEnumerable<CompiledRule>, object, Partition, IReadOnlyList<RuleResult>>>(SynthesizerType.GetMethod("Synthesize", Any)!, instance: false);

    public static IReadOnlyList<RuleResult> Synthesize(IEnumerable<CompiledRule> rules, IActionInterceptor recorder, Partition partition) =>
        SynthesizeCall(rules, recorder, partition);

    public static readonly Func<CompiledRule, IFact, Match, List<Match>, List<CollectionError>, string?, RuleResult> Judge =
        SynthesizerType.GetMethod("Judge", Any)!.CreateDelegate<Func<CompiledRule, IFact, Match, List<Match>, List<CollectionError>, string?, RuleResult>>();

    public static Func<FactSet, List<RuleResult>, IEnumerable<RuleResult>> UncollectedSubjects(Evaluator evaluator) =>
        typeof(Evaluator).GetMethod("UncollectedSubjects", Any)!.CreateDelegate<Func<FactSet, List<RuleResult>, IEnumerable<RuleResult>>>(evaluator);

    private static Func<IActionInterceptor, T> Getter<T>(string property)
    {
        var recorder = Expression.Parameter(typeof(IActionInterceptor), "recorder");
        return Expression.Lambda<Func<IActionInterceptor, T>>(
            Expression.Property(Expression.Convert(recorder, RecorderType), property), recorder).Compile();
    }

    /// <summary>A delegate whose object parameters are cast to the method's internal parameter types.</summary>
    private static TDelegate Call<TDelegate>(MethodInfo method, bool instance) where TDelegate : Delegate
    {
        var invoke = typeof(TDelegate).GetMethod("Invoke")!;
        var parameters = invoke.GetParameters().Select(p => Expression.Parameter(p.ParameterType, p.Name)).ToArray();
        var targets = method.GetParameters().Select(p => p.ParameterType).ToArray();
        var offset = instance ? 1 : 0;
        var arguments = parameters.Skip(offset).Select((p, i) => (Expression)Expression.Convert(p, targets[i])).ToArray();
        Expression body = instance
            ? Expression.Call(Expression.Convert(parameters[0], method.DeclaringType!), method, arguments)
            : Expression.Call(method, arguments);
        return Expression.Lambda<TDelegate>(body, parameters).Compile();
    }
}
