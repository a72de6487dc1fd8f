using System.Collections.Concurrent;
using NRules;
using NRules.Fluent;
using NRules.Fluent.Dsl;
using NRules.RuleModel;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;
using PolicyEngine.Evaluation;
using PolicyEngine.Rules;
using IFact = PolicyEngine.Core.Facts.IFact;
using RuleSet = PolicyEngine.Rules.RuleSet;

namespace PolicyEngine.Benchmarks.Fluent;

/// <summary>
/// What a rule records when its actions run: the hand-written rules call these from Then(). One sink per session,
/// reached through a thread-static (a session fires on the thread that calls Fire, and each thread runs one session at a time).
/// </summary>
public sealed class FluentSink
{
    [ThreadStatic] private static FluentSink? _current;

    public static FluentSink Current => _current ?? throw new InvalidOperationException("No sink for this session.");

    public List<(string Rule, IFact Subject, string Message, string[] Evidence)> Fails { get; } = [];
    public List<(string Rule, IFact Subject, string PassMessage)> Subjects { get; } = [];
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public static void Fail(string rule, IFact subject, string message) => Current.Fails.Add((rule, subject, message, []));

    public static void Fail(string rule, IFact subject, string message, IFact evidence) =>
        Current.Fails.Add((rule, subject, message, [evidence.ResourceId]));

    public static void Subject(string rule, IFact subject, string passMessage) => Current.Subjects.Add((rule, subject, passMessage));

    internal static FluentSink Begin() => _current = new FluentSink();

    internal static void End() => _current = null;
}

/// <summary>A hand-written rule: its NRules.Fluent classes (violation named ID, subject named ID#subject) and what it reads.</summary>
public sealed record HandWrittenRule(
    string Id, Type Violation, Type Subject, string SubjectType, string[] FactTypes, bool DependsOnAbsence,
    bool PassIsConclusive = false, bool IsOrganizationRule = false);

/// <summary>
/// Evaluates hand-written NRules.Fluent rules the way a hand-written engine would: partition the facts by account
/// (organization-wide facts in every partition), one session per account from one factory, sessions in parallel,
/// Then() actions record results directly, a subject without a failure passes, missing data makes it unknown.
/// Produces the same results as Evaluator over the YAML versions of the same rules.
/// </summary>
public sealed class FluentHarness
{
    private readonly HandWrittenRule[] _accountRules;
    private readonly HandWrittenRule[] _organizationRules;
    private readonly Dictionary<string, (Severity Severity, string Recommendation)> _metadata;
    private readonly ISessionFactory _accountFactory;
    private readonly ISessionFactory? _organizationFactory;

    public FluentHarness(IReadOnlyList<HandWrittenRule> rules, IReadOnlyDictionary<string, (Severity, string)> metadata)
    {
        _accountRules = rules.Where(r => !r.IsOrganizationRule).ToArray();
        _organizationRules = rules.Where(r => r.IsOrganizationRule).ToArray();
        _metadata = metadata.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        _accountFactory = Compile(_accountRules);
        _organizationFactory = _organizationRules.Length == 0 ? null : Compile(_organizationRules);
    }

    public static IEnumerable<IRuleDefinition> Definitions(IEnumerable<HandWrittenRule> rules)
    {
        var repository = new RuleRepository();
        repository.Load(spec => spec.From(rules.SelectMany(r => new[] { r.Violation, r.Subject })));
        return repository.GetRules();
    }

    private static ISessionFactory Compile(IEnumerable<HandWrittenRule> rules) => new RuleCompiler().Compile(Definitions(rules));

    /// <summary>
    /// The same YAML rules with their NRules definitions replaced by the hand-written Fluent ones, everything else
    /// (metadata, messages) kept: run through Evaluator, this isolates the cost of the compiled conditions.
    /// </summary>
    public static RuleSet ReplaceDefinitions(RuleSet yaml, IReadOnlyList<HandWrittenRule> rules)
    {
        var definitions = Definitions(rules).ToDictionary(d => d.Name, StringComparer.Ordinal);
        var replaced = yaml.Rules.Select(r => new CompiledRule
        {
            Descriptor = r.Descriptor,
            Severity = r.Severity,
            Violation = new TaggedDefinition(definitions[r.Id], r.Id, RuleRole.Violation),
            Subject = new TaggedDefinition(definitions[r.Id + "#subject"], r.Id, RuleRole.Subject),
            SubjectAlias = r.SubjectAlias,
            Message = r.Message,
            PassMessage = r.PassMessage,
            IsOrganizationRule = r.IsOrganizationRule,
            DependsOnAbsence = r.DependsOnAbsence,
            PassIsConclusive = r.PassIsConclusive,
            Plan = r.Plan,
        }).ToList();
        return new RuleSet(replaced, []);
    }

    public IReadOnlyList<RuleResult> Evaluate(FactSet facts)
    {
        var organizationFacts = new List<object>();
        var byAccount = new Dictionary<string, List<object>>(StringComparer.Ordinal);
        foreach (var fact in facts.All())
        {
            if (fact is IOrganizationFact) organizationFacts.Add(fact);
            else (byAccount.TryGetValue(fact.AccountId, out var list) ? list : byAccount[fact.AccountId] = []).Add(fact);
        }
        var errors = facts.CollectionErrors.Where(e => !e.IsOrganizationWide).ToLookup(e => e.AccountId!, StringComparer.Ordinal);
        var organizationErrors = facts.CollectionErrors.Where(e => e.IsOrganizationWide).ToList();

        var results = new ConcurrentBag<List<RuleResult>>();
        Parallel.ForEach(byAccount, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, pair =>
        {
            var sessionFacts = new List<object>(pair.Value.Count + organizationFacts.Count);
            sessionFacts.AddRange(pair.Value);
            sessionFacts.AddRange(organizationFacts);
            results.Add(Run(_accountFactory, _accountRules, sessionFacts, [.. organizationErrors, .. errors[pair.Key]]));
        });
        if (_organizationFactory is not null)
        {
            var management = facts.ManagementAccountId;
            List<object> sessionFacts = [.. organizationFacts, .. management is not null && byAccount.TryGetValue(management, out var mf) ? mf : []];
            results.Add(Run(_organizationFactory, _organizationRules, sessionFacts,
                management is null ? organizationErrors : [.. organizationErrors, .. errors[management]]));
        }
        var all = results.SelectMany(r => r).ToList();
        // Subjects that could not be collected at all (as Evaluator does).
        var reported = all.Select(r => (r.RuleId, r.AccountId)).ToHashSet();
        foreach (var rule in _accountRules.Concat(_organizationRules))
            foreach (var error in facts.CollectionErrors.Where(e => e.FactType == rule.SubjectType))
            {
                var accountId = error.AccountId ?? facts.ManagementAccountId ?? "";
                if (reported.Add((rule.Id, accountId)))
                    all.Add(Unknown(rule.Id, accountId, $"{rule.SubjectType} (not collected)", [error]));
            }
        return all.Sorted().ToList();
    }

    private List<RuleResult> Run(ISessionFactory factory, HandWrittenRule[] rules, List<object> facts, List<CollectionError> errors)
    {
        var sink = FluentSink.Begin();
        try
        {
            var session = factory.CreateSession();
            session.Events.LhsExpressionFailedEvent += (_, e) =>
            {
                foreach (var rule in e.Rules) sink.Errors.TryAdd(rule.Name.Split('#')[0], e.Exception?.InnerException?.Message ?? "error");
                e.IsHandled = true;
            };
            session.InsertAll(facts);
            session.Fire();
        }
        finally
        {
            FluentSink.End();
        }

        var results = new List<RuleResult>();
        if (sink.Subjects.Count == 0) return results;
        foreach (var rule in rules)
        {
            List<CollectionError>? missing = null;
            var seen = new HashSet<IFact>();
            foreach (var (ruleId, subject, passMessage) in sink.Subjects)
            {
                if (ruleId != rule.Id || !seen.Add(subject)) continue;
                missing ??= errors.Count == 0 ? [] : errors.Where(e => rule.FactTypes.Contains(e.FactType)).ToList();
                if (sink.Errors.TryGetValue(rule.Id, out var error))
                {
                    results.Add(Unknown(rule.Id, subject.AccountId, subject.ResourceId, [], $"the rule failed while evaluating: {error}"));
                    continue;
                }
                var fails = sink.Fails.Where(f => f.Rule == rule.Id && Equals(f.Subject, subject)).ToList();
                if (fails.Count > 0 && !(rule.DependsOnAbsence && missing.Count > 0))
                {
                    var messages = fails.Select(f => f.Message).Distinct().Order(StringComparer.Ordinal).ToList();
                    var message = messages.Count == 1 ? messages[0] : $"{messages[0]} (and {messages.Count - 1} more)";
                    results.Add(Result(rule.Id, subject, ResultStatus.Fail, message) with
                    {
                        Evidence = fails.SelectMany(f => f.Evidence).Distinct().Order(StringComparer.Ordinal).ToList(),
                    });
                }
                else if (missing.Count > 0 && !(fails.Count == 0 && rule.PassIsConclusive))
                    results.Add(Unknown(rule.Id, subject.AccountId, subject.ResourceId, missing));
                else
                    results.Add(Result(rule.Id, subject, ResultStatus.Pass, passMessage));
            }
        }
        return results;
    }

    private RuleResult Result(string ruleId, IFact subject, ResultStatus status, string message) => new()
    {
        RuleId = ruleId,
        Recommendation = _metadata[ruleId].Recommendation,
        Status = status,
        Severity = _metadata[ruleId].Severity,
        AccountId = subject.AccountId,
        Resource = subject.ResourceId,
        Message = message,
    };

    private RuleResult Unknown(string ruleId, string accountId, string resource, List<CollectionError> missing, string? reason = null)
    {
        reason ??= string.Join("; ", missing.Select(e =>
            $"{e.FactType} could not be collected{(e.Region is null ? "" : $" in {e.Region}")} ({e.Api}: {e.ErrorCode})"));
        return new RuleResult
        {
            RuleId = ruleId,
            Recommendation = _metadata[ruleId].Recommendation,
            Status = ResultStatus.Unknown,
            Severity = _metadata[ruleId].Severity,
            AccountId = accountId,
            Resource = resource,
            Message = $"Could not evaluate {ruleId}: {reason}.",
            UnknownReason = reason,
        };
    }
}

/// <summary>
/// A Fluent definition with the rule ID and role the evaluator reads from a compiled rule's properties (NRules.Fluent
/// has no attribute for rule properties), everything else unchanged.
/// </summary>
internal sealed class TaggedDefinition(IRuleDefinition inner, string ruleId, RuleRole role) : IRuleDefinition
{
    public string Name => inner.Name;
    public string Description => inner.Description;
    public int Priority => inner.Priority;
    public RuleRepeatability Repeatability => inner.Repeatability;
    public IReadOnlyList<string> Tags => inner.Tags;
    public PropertyMap Properties { get; } = new(
        [.. inner.Properties, new RuleProperty(RuleIdentity.RuleIdProperty, ruleId), new RuleProperty(RuleIdentity.RoleProperty, role)]);
    public DependencyGroupElement DependencyGroup => inner.DependencyGroup;
    public FilterGroupElement FilterGroup => inner.FilterGroup;
    public GroupElement LeftHandSide => inner.LeftHandSide;
    public ActionGroupElement RightHandSide => inner.RightHandSide;
}
