using System.Collections.Concurrent;
using System.Linq.Expressions;
using NRules;
using NRules.RuleModel;
using PolicyEngine.Core.Facts;
using PolicyEngine.Rules;

namespace PolicyEngine.Evaluation;

/// <summary>
/// The rules that can judge something in a partition, and the NRules session factory that runs exactly those. A rule
/// reports only on the subjects its subject pattern matches (<see cref="ResultSynthesizer"/>), so where no fact of the
/// subject's type meets the subject's conditions the rule has nothing to say: its network is not activated and the
/// facts only it reads are not inserted. Most account rules judge the management account alone, so a member
/// account's session runs only the rules about member accounts, on the few facts those read. Factories are compiled
/// once per distinct set of rules (a handful per run) and shared by every partition with that set.
/// </summary>
internal sealed class RuleScopes
{
    private readonly IReadOnlyList<CompiledRule> _rules;
    private readonly SubjectTest[] _tests;
    private readonly ConcurrentDictionary<string, Lazy<Scope>> _scopes = new(StringComparer.Ordinal);

    /// <summary>
    /// For each registered fact type, the rules whose subject pattern can match it (most types are no rule's subject):
    /// found once, and only read while partitions are scoped on every core. A fact set holds only registered types.
    /// </summary>
    private readonly Dictionary<Type, int[]> _subjectOf;

    public RuleScopes(IReadOnlyList<CompiledRule> rules)
    {
        _rules = rules;
        _tests = rules.Select(r => SubjectTest.Of(r.Subject)).ToArray();
        _subjectOf = FactCatalog.All.ToDictionary(t => t.ClrType, t => SubjectRules(t.ClrType));
    }

    /// <summary>
    /// What runs in one partition's session: the rules, their factory (null when no rule applies), the fact types they
    /// read, and whether every rule is account-local (<see cref="AccountLocality"/>), so that member accounts with this
    /// scope may share a session.
    /// </summary>
    public sealed record Scope(IReadOnlyList<CompiledRule> Rules, ISessionFactory? Factory, IReadOnlySet<Type> Reads, bool IsAccountLocal);

    /// <summary>
    /// The rules (of the partition's kind: organization or account) whose subject pattern matches a fact of the
    /// partition. A subject condition that throws counts as a match, so that the session meets the same error and the
    /// rule's results become unknown, as they would had every rule run. Call with an evaluation budget active: the
    /// conditions are timed for their rules.
    /// </summary>
    public Scope For(Partition partition)
    {
        var applies = new bool[_rules.Count];
        var pending = 0;
        for (var i = 0; i < _rules.Count; i++)
            if (_rules[i].IsOrganizationRule == partition.IsOrganization) pending++;
        var facts = partition.Facts;
        for (var f = 0; f < facts.Count && pending > 0; f++)
        {
            var fact = facts[f];
            foreach (var i in SubjectRulesOf(fact.GetType()))
            {
                if (applies[i] || _rules[i].IsOrganizationRule != partition.IsOrganization || !_tests[i].Matches(fact)) continue;
                applies[i] = true;
                pending--;
            }
        }
        // Called for every partition: the key is one short string, and neither lookup allocates a closure.
        var key = string.Create(applies.Length, applies, static (chars, rules) =>
        {
            for (var i = 0; i < rules.Length; i++) chars[i] = rules[i] ? '1' : '0';
        });
        return _scopes.GetOrAdd(key, static (_, state) => new Lazy<Scope>(() => state.Scopes.Build(state.Applies)), (Scopes: this, Applies: applies)).Value;
    }

    private int[] SubjectRulesOf(Type type) =>
        _subjectOf.TryGetValue(type, out var rules) ? rules : SubjectRules(type);

    private int[] SubjectRules(Type type) => [.. Enumerable.Range(0, _rules.Count).Where(i => _tests[i].Type.IsAssignableFrom(type))];

    private Scope Build(bool[] applies)
    {
        var rules = _rules.Where((_, i) => applies[i]).ToList();
        if (rules.Count == 0) return new Scope(rules, null, new HashSet<Type>(), IsAccountLocal: false);
        var compiler = new RuleCompiler();
        // Partitions hold no value-equal duplicates and facts are only inserted, so identity by reference is
        // equivalent to record equality, and saves hashing every field of every fact.
        compiler.FactIdentityComparerRegistry.DefaultFactIdentityComparer = ReferenceEqualityComparer.Instance;
        var factory = compiler.Compile(rules.SelectMany(r => r.Definitions));
        // A fact of a type no rule of the scope names cannot match anything; not inserting it saves most of InsertAll.
        var reads = rules.SelectMany(r => r.Descriptor.FactTypes).Select(name => FactCatalog.Find(name)!.ClrType).ToHashSet();
        return new Scope(rules, factory, reads, rules.All(AccountLocality.IsLocal));
    }

    /// <summary>A rule's subject pattern on its own: its fact type and its conditions, compiled into one test.</summary>
    private sealed class SubjectTest(Type type, Func<object, bool>? conditions)
    {
        public Type Type => type;

        public static SubjectTest Of(IRuleDefinition subject)
        {
            // The compiler puts the subject pattern first in every definition, with conditions on the subject alone.
            if (subject.LeftHandSide.ChildElements.FirstOrDefault() is not PatternElement { Source: null } pattern
                || pattern.Expressions.Any(e => e.Expression.Parameters.Count != 1 || e.Expression.Parameters[0].Type != pattern.ValueType))
                return new SubjectTest(typeof(object), null);
            if (!pattern.Expressions.Any()) return new SubjectTest(pattern.ValueType, null);
            var fact = Expression.Parameter(typeof(object), "fact");
            var typed = Expression.Convert(fact, pattern.ValueType);
            // In declaration order, stopping at the first false, as NRules chains a pattern's conditions.
            var body = pattern.Expressions.Select(e => (Expression)Expression.Invoke(e.Expression, typed)).Aggregate(Expression.AndAlso);
            return new SubjectTest(pattern.ValueType, Expression.Lambda<Func<object, bool>>(body, fact).Compile());
        }

        public override string ToString() => $"{type.Name}:{conditions is not null}";

        /// <summary>Whether a fact of the subject's type meets the subject's conditions (or makes one throw).</summary>
        public bool Matches(object fact)
        {
            if (conditions is null) return true;
            try
            {
                return conditions(fact);
            }
            catch (Exception)
            {
                return true;
            }
        }
    }
}
