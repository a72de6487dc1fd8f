using System.Collections;
using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using PolicyEngine.Rules.Diagnostics;
using PolicyEngine.Rules.Syntax;

namespace PolicyEngine.Rules.Binding;

/// <summary>
/// A result message such as "Root user of {account.Name} has no MFA": literal text with {expression} holes bound
/// like conditions. "{{" and "}}" stand for braces. Holes are compiled once and evaluated per result.
/// </summary>
public sealed class MessageTemplate
{
    private readonly IReadOnlyList<object> _parts; // string literals and compiled holes
    private readonly IReadOnlyList<string> _aliases;

    private MessageTemplate(IReadOnlyList<object> parts, IReadOnlyList<string> aliases)
    {
        _parts = parts;
        _aliases = aliases;
    }

    public static MessageTemplate? Bind(ExpressionSyntax syntax, BindingScope scope, DiagnosticBag diagnostics)
    {
        var parts = new List<object>();
        var literal = new StringBuilder();
        var text = syntax.Text;
        var ok = true;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '{' && i + 1 < text.Length && text[i + 1] == '{') { literal.Append('{'); i++; continue; }
            if (text[i] == '}' && i + 1 < text.Length && text[i + 1] == '}') { literal.Append('}'); i++; continue; }
            if (text[i] != '{') { literal.Append(text[i]); continue; }

            var close = text.IndexOf('}', i + 1);
            if (close < 0)
            {
                diagnostics.Add(DiagnosticDescriptors.ExpressionSyntax.Create(syntax.LocationOf(i), "'{' has no matching '}' in the message; write '{{' for a literal brace."));
                return null;
            }
            if (literal.Length > 0) { parts.Add(literal.ToString()); literal.Clear(); }
            var start = i + 1;
            var hole = new ExpressionSyntax(text[start..close], syntax.LocationOf(start), index => syntax.LocationOf(start + index));
            var lambda = ExpressionBinder.BindValue(hole, scope, diagnostics);
            if (lambda is null) ok = false;
            else parts.Add(Compile(lambda));
            i = close;
        }
        if (literal.Length > 0) parts.Add(literal.ToString());
        return ok ? new MessageTemplate(parts, scope.Aliases.Select(a => a.Name!).ToList()) : null;
    }

    private static Func<object?[], string> Compile(LambdaExpression lambda)
    {
        var values = Expression.Parameter(typeof(object?[]), "values");
        var arguments = lambda.Parameters.Select((p, index) =>
            (Expression)Expression.Convert(Expression.ArrayIndex(values, Expression.Constant(index)), p.Type));
        var invoke = Expression.Invoke(lambda, arguments);
        var format = Expression.Call(typeof(MessageTemplate).GetMethod(nameof(FormatValue))!, Expression.Convert(invoke, typeof(object)));
        return Expression.Lambda<Func<object?[], string>>(format, values).Compile();
    }

    /// <summary>Renders the message from the facts matched under each alias.</summary>
    public string Render(IReadOnlyDictionary<string, object> factsByAlias)
    {
        var values = _aliases.Select(alias => factsByAlias.GetValueOrDefault(alias)).ToArray();
        var builder = new StringBuilder();
        foreach (var part in _parts)
        {
            if (part is string literal) builder.Append(literal);
            else
            {
                try { builder.Append(((Func<object?[], string>)part)(values)); }
                catch (Exception e) when (e is NullReferenceException or InvalidCastException) { builder.Append("(unavailable)"); }
            }
        }
        return builder.ToString();
    }

    public static string FormatValue(object? value) => value switch
    {
        null => "(none)",
        string s => s,
        DateTimeOffset d => d.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => string.Join(", ", items.Cast<object?>().Select(FormatValue)),
        _ => value.ToString() ?? "",
    };
}
