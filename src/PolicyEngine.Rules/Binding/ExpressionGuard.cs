using System.Linq.Expressions;
using System.Reflection;

namespace PolicyEngine.Rules.Binding;

/// <summary>
/// Walks a parsed expression and names the first member or method that lies outside the sandbox. The parser's own
/// restrictions already block most of these; this second check makes the guarantee independent of parser details.
/// </summary>
internal sealed class ExpressionGuard : ExpressionVisitor
{
    private static readonly HashSet<string> ForbiddenObjectMethods = ["GetType", "MemberwiseClone", "ReferenceEquals"];

    private string? _violation;

    public static string? FindViolation(Expression expression)
    {
        var guard = new ExpressionGuard();
        guard.Visit(expression);
        return guard._violation;
    }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        Check(node.Method, node.Method.DeclaringType);
        if (node.Method.IsGenericMethod)
            foreach (var argument in node.Method.GetGenericArguments())
                if (!Sandbox.Instance.Allows(argument)) Flag(argument.FullName ?? argument.Name);
        return base.VisitMethodCall(node);
    }

    protected override Expression VisitMember(MemberExpression node)
    {
        Check(node.Member, node.Member.DeclaringType);
        return base.VisitMember(node);
    }

    protected override Expression VisitNew(NewExpression node)
    {
        Flag($"new {node.Type.Name}");
        return node;
    }

    protected override Expression VisitInvocation(InvocationExpression node)
    {
        Flag("a delegate invocation");
        return node;
    }

    protected override Expression VisitConstant(ConstantExpression node)
    {
        if (node.Value is Type or MemberInfo or Assembly) Flag(node.Value.ToString() ?? "a reflection object");
        return node;
    }

    protected override Expression VisitUnary(UnaryExpression node)
    {
        if (node.NodeType is ExpressionType.Convert or ExpressionType.TypeAs && !Sandbox.Instance.Allows(node.Type))
            Flag(node.Type.FullName ?? node.Type.Name);
        return base.VisitUnary(node);
    }

    private void Check(MemberInfo member, Type? declaringType)
    {
        if (ForbiddenObjectMethods.Contains(member.Name) || declaringType is null || !Sandbox.Instance.Allows(declaringType))
            Flag($"{declaringType?.Name ?? "?"}.{member.Name}");
    }

    private void Flag(string what) => _violation ??= what;
}
