using System.Linq.Dynamic.Core;
using System.Linq.Dynamic.Core.Exceptions;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.RegularExpressions;
using PolicyEngine.Rules.Diagnostics;
using PolicyEngine.Rules.Syntax;

namespace PolicyEngine.Rules.Binding;

/// <summary>
/// Binds expression text to a typed expression tree with Dynamic LINQ, inside the sandbox, and turns every failure
/// into a diagnostic that points at the offending column.
/// </summary>
public static partial class ExpressionBinder
{
    private static readonly ParsingConfig Config = new()
    {
        CustomTypeProvider = Sandbox.Instance,
        DisallowNewKeyword = true,
        AllowEqualsAndToStringMethodsOnObject = false,
        AllowNewToEvaluateAnyType = false,
        SupportCastingToFullyQualifiedTypeAsString = false,
        LoadAdditionalAssembliesFromCurrentDomainBaseDirectory = false,
        ResolveTypesBySimpleName = false,
        RenameParameterExpression = false,
        IsCaseSensitive = true,
        NumberParseCulture = System.Globalization.CultureInfo.InvariantCulture,
    };

    /// <summary>Names that only reach for the machine (files, processes, reflection); they get the sandbox diagnostic rather than "unknown name".</summary>
    private static readonly HashSet<string> SystemNames =
    [
        "System", "Environment", "Type", "File", "Directory", "Path", "Process", "Assembly", "AppDomain", "Activator",
        "Marshal", "GC", "Console", "HttpClient", "WebClient", "Socket", "Dns", "Reflection", "Microsoft", "Convert",
        "Registry", "Thread", "Task",
    ];

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
        Expression body;
        try
        {
            // The constants dictionary is Dynamic LINQ's "externals": its keys become names the expression can use.
            var externals = scope.Constants.ToDictionary(kv => kv.Key, kv => kv.Value);
            var lambda = DynamicExpressionParser.ParseLambda(Config, false, scope.Aliases.ToArray(), null, syntax.Text, externals);
            body = lambda.Body;
        }
        catch (ParseException e)
        {
            diagnostics.Add(Classify(e.Message, e.Position, syntax, scope));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NotSupportedException or AmbiguousMatchException)
        {
            diagnostics.Add(BinaryOperatorPattern().Match(e.Message) is { Success: true } op && Operators.TryGetValue(op.Groups[1].Value, out var symbol)
                ? DiagnosticDescriptors.TypeMismatch.Create(LocateText(syntax, symbol, -1) ?? syntax.Location,
                    $"'{symbol}' cannot be applied to {ShortTypeName(op.Groups[2].Value)} and {ShortTypeName(op.Groups[3].Value)}.")
                : DiagnosticDescriptors.TypeMismatch.Create(syntax.Location, e.Message));
            return null;
        }

        if (ExpressionGuard.FindViolation(body) is { } violation)
        {
            diagnostics.Add(DiagnosticDescriptors.ForbiddenAccess.Create(syntax.Location, violation, Sandbox.HelperNames));
            return null;
        }
        return body;
    }

    private static LambdaExpression LambdaOverUsedAliases(Expression body, BindingScope scope)
    {
        // NRules treats every lambda parameter as a dependency: a condition that names only its own alias becomes a
        // cheap single-fact test instead of a join, so drop the aliases the expression does not use.
        var used = ParameterCollector.Collect(body);
        return Expression.Lambda(body, scope.Aliases.Where(used.Contains));
    }

    private static Diagnostic Classify(string message, int position, ExpressionSyntax syntax, BindingScope scope)
    {
        var location = position >= 0 ? syntax.LocationOf(Math.Min(position, syntax.Text.Length)) : syntax.Location;

        if (NoPropertyPattern().Match(message) is { Success: true } property)
        {
            var (name, typeName) = (property.Groups[1].Value, property.Groups[2].Value);
            var memberLocation = LocateName(syntax, name, position) ?? location;
            var type = Sandbox.Instance.ResolveType(typeName);
            var candidates = type?.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name) ?? [];
            return DiagnosticDescriptors.UnknownMember.CreateWithSuggestion(memberLocation, Suggestions.DidYouMean(name, candidates), name, typeName);
        }
        if (UnknownNamePattern().Match(message) is { Success: true } unknown)
        {
            var name = unknown.Groups[1].Value;
            var nameLocation = LocateName(syntax, name, position) ?? location;
            if (scope.AllAliasesOfRule.Contains(name) && scope.Aliases.All(a => a.Name != name))
                return DiagnosticDescriptors.AliasDeclaredLater.Create(nameLocation, name);
            if (SystemNames.Contains(name))
                return DiagnosticDescriptors.ForbiddenAccess.Create(nameLocation, name, Sandbox.HelperNames);
            return DiagnosticDescriptors.UnknownName.CreateWithSuggestion(nameLocation, Suggestions.DidYouMean(name, scope.VisibleNames), name);
        }
        if (message.Contains("not accessible", StringComparison.Ordinal) || message.Contains("new operator", StringComparison.Ordinal))
        {
            var what = NotAccessiblePattern().Match(message) is { Success: true } m ? $"{m.Groups[2].Value}.{m.Groups[1].Value}"
                : message.Contains("new operator", StringComparison.Ordinal) ? "new" : "this construct";
            return DiagnosticDescriptors.ForbiddenAccess.Create(location, what, Sandbox.HelperNames);
        }
        if (TypeErrorPattern().IsMatch(message))
        {
            var operatorLocation = OperatorPattern().Match(message) is { Success: true } op
                ? LocateText(syntax, op.Groups[1].Value, position) : null;
            return DiagnosticDescriptors.TypeMismatch.Create(operatorLocation ?? location, message);
        }
        return DiagnosticDescriptors.ExpressionSyntax.Create(location, message);
    }

    /// <summary>The position of a name in the expression (whole words only), the occurrence nearest the parser's position.</summary>
    private static SourceLocation? LocateName(ExpressionSyntax syntax, string name, int near) =>
        Locate(syntax, $@"\b{Regex.Escape(name)}\b", near);

    private static SourceLocation? LocateText(ExpressionSyntax syntax, string text, int near) => Locate(syntax, Regex.Escape(text), near);

    private static SourceLocation? Locate(ExpressionSyntax syntax, string pattern, int near)
    {
        var matches = Regex.Matches(syntax.Text, pattern);
        return matches.Count == 0 ? null : syntax.LocationOf(matches.MinBy(m => Math.Abs(m.Index - Math.Max(near, 0)))!.Index);
    }

    public static string FriendlyName(Type type) =>
        Nullable.GetUnderlyingType(type) is { } inner ? FriendlyName(inner) + "?" :
        type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(FriendlyName))}>" :
        type.Name;

    [GeneratedRegex("No property or field '([^']+)' exists in type '([^']+)'")]
    private static partial Regex NoPropertyPattern();

    [GeneratedRegex("(?:Unknown identifier|Type|No property or field) '([^']+)'(?: not found| exists in type '<>f)?")]
    private static partial Regex UnknownNamePattern();

    private static readonly Dictionary<string, string> Operators = new(StringComparer.Ordinal)
    {
        ["Equal"] = "==", ["NotEqual"] = "!=", ["GreaterThan"] = ">", ["GreaterThanOrEqual"] = ">=", ["LessThan"] = "<",
        ["LessThanOrEqual"] = "<=", ["AndAlso"] = "&&", ["OrElse"] = "||", ["Add"] = "+", ["Subtract"] = "-",
        ["Multiply"] = "*", ["Divide"] = "/", ["Modulo"] = "%",
    };

    private static string ShortTypeName(string fullName) => fullName.StartsWith("System.", StringComparison.Ordinal) ? fullName[7..] : fullName;

    [GeneratedRegex("binary operator (\\w+) is not defined for the types '([^']+)' and '([^']+)'")]
    private static partial Regex BinaryOperatorPattern();

    [GeneratedRegex("Operator '([^']+)' incompatible")]
    private static partial Regex OperatorPattern();

    [GeneratedRegex("Method '([^']+)' on type '([^']+)'")]
    private static partial Regex NotAccessiblePattern();

    [GeneratedRegex("incompatible|cannot be converted|No applicable|No coercion|is not compatible|Expression of type|not defined for the types", RegexOptions.IgnoreCase)]
    private static partial Regex TypeErrorPattern();

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
