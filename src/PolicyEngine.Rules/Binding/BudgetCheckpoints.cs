using System.Linq.Expressions;
using System.Reflection;
using PolicyEngine.Rules.Runtime;

namespace PolicyEngine.Rules.Binding;

/// <summary>
/// Puts <see cref="EvaluationBudget"/> checkpoints into a bound expression. Lambdas are the only construct whose work
/// is not bounded by the size of the expression and its facts (they iterate, and nest), so every lambda body gets a
/// checkpoint. A condition that calls methods (a lambda's list method, a helper matching a regular expression until
/// its timeout) is timed for its rule, so that once the rule has used up its budget it stops at once on every fact;
/// a condition of plain comparisons costs little and stays shareable between rules.
/// </summary>
internal static class BudgetCheckpoints
{
    private static readonly MethodInfo Tick = typeof(EvaluationBudget).GetMethod(nameof(EvaluationBudget.Tick))!;
    private static readonly MethodInfo Enter = typeof(EvaluationBudget).GetMethod(nameof(EvaluationBudget.Enter))!;
    private static readonly MethodInfo Exit = typeof(EvaluationBudget).GetMethod(nameof(EvaluationBudget.Exit))!;

    public static Expression Insert(Expression body) => new LambdaCheckpoints().Visit(body);

    /// <summary>Times a boolean condition for its rule when it calls methods.</summary>
    public static Expression Time(Expression condition, string ruleId) =>
        CallsMethods.In(condition)
            ? Expression.Call(Exit, Expression.AndAlso(Expression.Call(Enter, Expression.Constant(ruleId)), condition))
            : condition;

    private sealed class LambdaCheckpoints : ExpressionVisitor
    {
        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            var body = Visit(node.Body);
            return Expression.Lambda<T>(Expression.Call(Tick.MakeGenericMethod(body.Type), body), node.Name, node.TailCall, node.Parameters);
        }
    }

    private sealed class CallsMethods : ExpressionVisitor
    {
        private bool _found;

        public static bool In(Expression expression)
        {
            var finder = new CallsMethods();
            finder.Visit(expression);
            return finder._found;
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            _found = true;
            return node;
        }
    }
}
