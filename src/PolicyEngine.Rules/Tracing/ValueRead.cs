using System.Linq.Expressions;

namespace PolicyEngine.Rules.Tracing;

/// <summary>
/// One value a condition reads from a fact: a member path rooted at an alias (<c>credential.MfaActive</c>,
/// <c>account.Contacts.Security</c>), with a compiled reader. Paths inside a lambda the condition passes to a list
/// method are rooted at that lambda's own parameter and are not reads of a bound fact, so they are left out; the
/// list they iterate is the read.
/// </summary>
public sealed class ValueRead
{
    private readonly LambdaExpression _reader;
    private readonly Lazy<Func<object?[], object?>> _compiled;

    private ValueRead(string path, string alias, LambdaExpression reader)
    {
        Path = path;
        Alias = alias;
        _reader = reader;
        _compiled = new Lazy<Func<object?[], object?>>(() => PlanCondition.Untyped<object?>(reader), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The path as a rule writes it: alias, then members, dot-separated.</summary>
    public string Path { get; }

    /// <summary>The alias the path starts at.</summary>
    public string Alias { get; }

    /// <summary>The value on the given facts; a path through a null member reads null, as the snapshot has it.</summary>
    public object? Read(IReadOnlyDictionary<string, object> bindings)
    {
        try
        {
            return _compiled.Value(PlanCondition.Arguments(_reader, bindings));
        }
        catch (NullReferenceException)
        {
            return null;
        }
    }

    internal void Prepare() => _ = _compiled.Value;

    /// <summary>The maximal member paths rooted at the lambda's parameters, in order of first appearance, without repeats.</summary>
    public static IReadOnlyList<ValueRead> Of(LambdaExpression condition)
    {
        var finder = new PathFinder(condition.Parameters);
        finder.Visit(condition.Body);
        return finder.Paths
            .Select(path => new ValueRead(Describe(path), Root(path).Name!,
                Expression.Lambda(Expression.Convert(path, typeof(object)), condition.Parameters)))
            .ToList();
    }

    private static ParameterExpression Root(Expression path) =>
        path is MemberExpression member ? Root(member.Expression!) : (ParameterExpression)path;

    private static string Describe(Expression path) =>
        path is MemberExpression member ? $"{Describe(member.Expression!)}.{member.Member.Name}" : ((ParameterExpression)path).Name!;

    private sealed class PathFinder(IReadOnlyCollection<ParameterExpression> roots) : ExpressionVisitor
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        public List<Expression> Paths { get; } = [];

        protected override Expression VisitMember(MemberExpression node)
        {
            if (IsRooted(node)) Add(node);
            else base.VisitMember(node);
            return node;
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            // An alias used whole (passed to a helper, say) is a read of the fact itself.
            if (roots.Contains(node)) Add(node);
            return node;
        }

        private void Add(Expression path)
        {
            if (_seen.Add(Describe(path))) Paths.Add(path);
        }

        private bool IsRooted(Expression expression) => expression switch
        {
            MemberExpression { Expression: { } inner } => IsRooted(inner),
            ParameterExpression parameter => roots.Contains(parameter),
            _ => false,
        };
    }
}
