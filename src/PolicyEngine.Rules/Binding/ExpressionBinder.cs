using System.Linq.Dynamic.Core;
using System.Linq.Dynamic.Core.Exceptions;
using System.Linq.Expressions;
using PolicyEngine.Diagnostics;
using PolicyEngine.Rules.Syntax;
using PolicyEngine.Syntax;

namespace PolicyEngine.Rules.Binding;

/// <summary>
/// Binds expression text to a typed expression tree: the parser and the symbol binder check syntax, names, types,
/// limits and cost with diagnostics at the offending column; Dynamic LINQ then only builds the tree, inside the
/// sandbox, and budget checkpoints go into every lambda so that evaluation time is bounded.
/// </summary>
public static class ExpressionBinder
{
    private static readonly ParsingConfig Config = new()
    {
        CustomTypeProvider = Sandbox.Instance,
        DisallowNewKeyword = true,
        AllowEqualsAndToStringMethodsOnObject = false,
        AllowNewToEvaluateAnyType = false,
        SupportCastingToFullyQualifiedTypeAsString = false,
        LoadAdditionalAssembliesFromCurrentDomainBaseDirectory = false,
        // No enumeration type of the System namespace is a rule's business (the sandbox names the types a rule may
        // use); not offering them also spares Dynamic LINQ a scan of every type in the core library at start-up.
        SupportEnumerationsFromSystemNamespace = false,
        ResolveTypesBySimpleName = false,
        RenameParameterExpression = false,
        IsCaseSensitive = true,
        NumberParseCulture = System.Globalization.CultureInfo.InvariantCulture,
    };

    /// <summary>Binds a condition: the result must be a boolean. Returns a lambda over only the aliases it uses.</summary>
    public static LambdaExpression? BindCondition(ExpressionSyntax syntax, BindingScope scope, DiagnosticBag diagnostics)
    {
        var body = Bind(syntax, scope, diagnostics);
        if (body is null) return null;
        if (body.Type != typeof(bool))
        {
            diagnostics.Add(DiagnosticDescriptors.NotBoolean.CreateWithSuggestion(syntax.Location,
                body.Type == typeof(bool?) ? "Compare with a value or add '?? false' to say what a missing value means." : null,
                FriendlyName(body.Type)));
            return null;
        }
        return LambdaOverUsedAliases(body, scope);
    }

    /// <summary>Binds a value expression (message placeholders); the lambda takes every alias in scope, in order.</summary>
    public static LambdaExpression? BindValue(ExpressionSyntax syntax, BindingScope scope, DiagnosticBag diagnostics)
    {
        var body = Bind(syntax, scope, diagnostics);
        return body is null ? null : Expression.Lambda(body, scope.Aliases);
    }

    private static Expression? Bind(ExpressionSyntax syntax, BindingScope scope, DiagnosticBag diagnostics)
    {
        SourceLocation At(int position) => position >= 0 ? syntax.LocationOf(Math.Min(position, syntax.Text.Length)) : syntax.Location;
        try
        {
            SymbolBinder.Check(ExpressionParser.Parse(syntax.Text), scope);
        }
        catch (ExpressionProblem problem)
        {
            diagnostics.Add(problem.Descriptor.CreateWithSuggestion(At(problem.Position), problem.Suggestion, problem.Arguments));
            return null;
        }

        Expression body;
        try
        {
            // The constants dictionary is Dynamic LINQ's "externals": its keys become names the expression can use.
            var externals = scope.Constants.ToDictionary(kv => kv.Key, kv => kv.Value);
            body = DynamicExpressionParser.ParseLambda(Config, false, scope.Aliases.ToArray(), null, syntax.Text, externals).Body;
        }
        catch (ParseException e)
        {
            // The binder accepted the expression, so this is a construct the library builds differently; report, never crash.
            diagnostics.Add(DiagnosticDescriptors.ExpressionNotBuilt.Create(At(e.Position), e.Message));
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            diagnostics.Add(DiagnosticDescriptors.ExpressionNotBuilt.Create(syntax.Location, e.Message));
            return null;
        }

        if (ExpressionGuard.FindViolation(body) is { } violation)
        {
            diagnostics.Add(DiagnosticDescriptors.ForbiddenAccess.Create(syntax.Location, violation, Sandbox.HelperNames));
            return null;
        }
        return BudgetCheckpoints.Insert(body);
    }

    private static LambdaExpression LambdaOverUsedAliases(Expression body, BindingScope scope)
    {
        // NRules treats every lambda parameter as a dependency: a condition that names only its own alias becomes a
        // cheap single-fact test instead of a join, so drop the aliases the expression does not use.
        var used = ParameterCollector.Collect(body);
        return Expression.Lambda(BudgetCheckpoints.Time(body, scope.RuleId), scope.Aliases.Where(used.Contains));
    }

    public static string FriendlyName(Type type) =>
        Nullable.GetUnderlyingType(type) is { } inner ? FriendlyName(inner) + "?" :
        type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(FriendlyName))}>" :
        type.Name;

    private sealed class ParameterCollector : ExpressionVisitor
    {
        private readonly HashSet<ParameterExpression> _used = [];

        public static HashSet<ParameterExpression> Collect(Expression expression)
        {
            var collector = new ParameterCollector();
            collector.Visit(expression);
            return collector._used;
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            _used.Add(node);
            return node;
        }
    }
}
