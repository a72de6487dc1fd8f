using System.Linq.Expressions;
using FastExpressionCompiler;

namespace PolicyEngine.Rules.Runtime;

/// <summary>
/// Compiles the expression trees of rules into delegates. FastExpressionCompiler emits the IL directly, several times
/// faster than Expression.Compile and with smaller methods for the JIT; an expression it does not support falls back
/// to the built-in compiler, so every rule still compiles.
/// </summary>
public static class DelegateCompiler
{
    public static TDelegate Compile<TDelegate>(Expression<TDelegate> expression) where TDelegate : Delegate =>
        expression.CompileFast(ifFastFailedReturnNull: true) ?? expression.Compile();
}
