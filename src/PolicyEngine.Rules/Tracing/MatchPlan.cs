using System.Linq.Expressions;
using PolicyEngine.Diagnostics;
using PolicyEngine.Rules.Syntax;
using PolicyEngine.Syntax;

namespace PolicyEngine.Rules.Tracing;

/// <summary>
/// The match part of a compiled rule as its YAML wrote it, with each condition's bound expression: what explain,
/// coverage and evidence re-evaluate outside NRules. The compiler keeps the expression trees it built anyway; nothing is
/// compiled to a delegate until a trace asks for it, so evaluation without a trace pays nothing for it.
/// </summary>
public sealed record MatchPlan(
    PlanPattern Subject,
    IReadOnlyList<PlanElement> When,
    IReadOnlyList<PlanElement> NotApplicable,
    IReadOnlyList<PlanElement> Evidence)
{
    /// <summary>Every condition and element of the plan that can go two ways, in file order: what coverage counts.</summary>
    public IEnumerable<PlanProbe> Probes =>
        Subject.Conditions.Select(c => (PlanProbe)c)
            .Concat(new[] { When, NotApplicable, Evidence }.SelectMany(part => part.SelectMany(e => e.Probes)))
            // A constant ('having: "true"', which makes a collect a tested element) cannot go two ways.
            .Where(p => p is not PlanCondition { IsConstant: true })
            .OrderBy(p => p.Location.Line).ThenBy(p => p.Location.Column);

    /// <summary>
    /// Compiles what a trace of this plan runs (each condition and the values it reads) now instead of at first use,
    /// until <paramref name="stop"/> says enough: a caller with a core to spare (the CLI while the snapshot is still being
    /// read) takes that compilation off the evaluation's time.
    /// </summary>
    public void Prepare(Func<bool> stop)
    {
        foreach (var condition in Probes.OfType<PlanCondition>())
        {
            if (stop()) return;
            condition.Prepare();
        }
    }
}

/// <summary>Something that evaluates true or false in a trace: a condition, a pattern (matched or not) or a group.</summary>
public abstract record PlanProbe(SourceLocation Location)
{
    /// <summary>How the YAML names it, for a trace line or a coverage row ("credential.MfaActive", "not", "fact RootCredential as credential").</summary>
    public abstract string Label { get; }

    /// <summary>"condition", "pattern", "not", "exists", "any" or "having".</summary>
    public abstract string Kind { get; }
}

public abstract record PlanElement(SourceLocation Location) : PlanProbe(Location)
{
    /// <summary>This element's probes and those of the elements inside it.</summary>
    public abstract IEnumerable<PlanProbe> Probes { get; }
}

/// <summary>Facts of one type under an alias, where every condition holds.</summary>
public sealed record PlanPattern(string FactType, Type ClrType, string Alias, IReadOnlyList<PlanCondition> Conditions, SourceLocation Location)
    : PlanElement(Location)
{
    public override string Label => $"fact {FactType} as {Alias}";
    public override string Kind => "pattern";
    public override IEnumerable<PlanProbe> Probes => [this, .. Conditions];
}

/// <summary>A list of the facts of one type that meet the item conditions, then tested as a whole by the 'having' conditions.</summary>
public sealed record PlanCollect(string FactType, Type ClrType, string Alias, string Each, IReadOnlyList<PlanCondition> Where,
    IReadOnlyList<PlanCondition> Having, SourceLocation Location) : PlanElement(Location)
{
    public override string Label => $"collect {FactType} as {Alias} (each {Each})";
    public override string Kind => "collect";

    /// <summary>
    /// The items as the conditions see the list: an array of the fact type. Made by code typed for the fact type (one
    /// per fact type, kept out of the record's fields and so out of its equality): the reflection path
    /// (<see cref="Array.CreateInstance(Type, int)"/> and a checked copy) cost microseconds per list, for every trace.
    /// </summary>
    public Array NewList(IReadOnlyList<object> items) => Lists.GetOrAdd(ClrType, ListOf)(items);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Func<IReadOnlyList<object>, Array>> Lists = new();

    private static Func<IReadOnlyList<object>, Array> ListOf(Type type) =>
        typeof(PlanCollect).GetMethod(nameof(TypedList), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type).CreateDelegate<Func<IReadOnlyList<object>, Array>>();

    private static Array TypedList<T>(IReadOnlyList<object> items)
    {
        var list = new T[items.Count];
        for (var i = 0; i < list.Length; i++) list[i] = (T)items[i];
        return list;
    }

    /// <summary>A collect always yields its list (perhaps empty), so only its conditions go two ways.</summary>
    public override IEnumerable<PlanProbe> Probes => [.. Where, .. Having];
}

/// <summary>not (nothing inside matches), exists (something does) or any (one of the branches matches).</summary>
public sealed record PlanGroup(GroupKind Group, IReadOnlyList<PlanElement> Elements, SourceLocation Location) : PlanElement(Location)
{
    public override string Label => Kind;
    public override string Kind => Group.ToString().ToLowerInvariant();
    public override IEnumerable<PlanProbe> Probes => [this, .. Elements.SelectMany(e => e.Probes)];
}

/// <summary>
/// One 'where' or 'having' condition: its text and position, and the lambda the compiler gave NRules, over the aliases
/// it names. <see cref="Evaluate"/> and <see cref="Reads"/> compile on first use, once per compiled rule.
/// </summary>
public sealed record PlanCondition(ExpressionSyntax Syntax, LambdaExpression Lambda, bool IsHaving) : PlanProbe(Syntax.Location)
{
    private readonly Lazy<Func<object?[], bool>> _compiled = new(() => Untyped<bool>(Lambda), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lazy<IReadOnlyList<ValueRead>> _reads = new(() => ValueRead.Of(Lambda), LazyThreadSafetyMode.ExecutionAndPublication);

    public override string Label => Syntax.Text;
    public override string Kind => IsHaving ? "having" : "condition";

    public bool IsConstant => Lambda.Body is ConstantExpression;

    /// <summary>The aliases the condition names, in its lambda's parameter order.</summary>
    public IEnumerable<string> Aliases => Lambda.Parameters.Select(p => p.Name!);

    /// <summary>The condition on facts given by alias; an alias it names that is not bound reads as null.</summary>
    public bool Evaluate(IReadOnlyDictionary<string, object> bindings) =>
        _compiled.Value(Arguments(Lambda, bindings));

    /// <summary>The values the condition reads from its facts (each member path rooted at an alias), for a trace or evidence.</summary>
    public IReadOnlyList<ValueRead> Reads => _reads.Value;

    internal void Prepare()
    {
        _ = _compiled.Value;
        foreach (var read in Reads) read.Prepare();
    }

    /// <summary>
    /// The lambda compiled behind an object-array signature: a trace calls many conditions of many shapes, and a
    /// typed call through one compiled wrapper is far cheaper than reflection's DynamicInvoke.
    /// </summary>
    internal static Func<object?[], TResult> Untyped<TResult>(LambdaExpression lambda)
    {
        var args = Expression.Parameter(typeof(object?[]), "args");
        var call = Expression.Invoke(lambda, lambda.Parameters.Select((p, i) =>
            (Expression)Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.Type)));
        // A condition returns its bool unboxed: a trace calls conditions far more often than it reads values.
        return Expression.Lambda<Func<object?[], TResult>>(call.Type == typeof(TResult) ? call : Expression.Convert(call, typeof(TResult)), args).Compile();
    }

    internal static object?[] Arguments(LambdaExpression lambda, IReadOnlyDictionary<string, object> bindings)
    {
        var arguments = new object?[lambda.Parameters.Count];
        for (var i = 0; i < arguments.Length; i++)
            arguments[i] = bindings.GetValueOrDefault(lambda.Parameters[i].Name!);
        return arguments;
    }
}
