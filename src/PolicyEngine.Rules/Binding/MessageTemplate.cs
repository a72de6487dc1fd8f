using System.Collections;
using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using PolicyEngine.Diagnostics;
using PolicyEngine.Rules.Syntax;
using PolicyEngine.Syntax;

namespace PolicyEngine.Rules.Binding;

/// <summary>
/// A result message such as "Root user of {account.Name} has no MFA": literal text with {expression} holes bound
/// like conditions. "{{" and "}}" stand for braces. Holes are bound (and checked) with the rule, compiled at their first
/// use (or by <see cref="Prepare"/>) and evaluated per result: most messages of a rule pack are never rendered in a
/// given organization (a pass message of a rule that only fails, a rule with no subject), and compiling each hole
/// was half of rule compilation, which a run waits for.
/// </summary>
public sealed class MessageTemplate
{
    private readonly IReadOnlyList<object> _parts; // string literals and compiled holes (Hole)
    private readonly IReadOnlyList<string> _aliases;

    private MessageTemplate(IReadOnlyList<object> parts, IReadOnlyList<string> aliases)
    {
        _parts = parts;
        _aliases = aliases;
    }

    /// <summary>Placeholders one message may hold: each is compiled separately, so a file full of them would stall compilation.</summary>
    public const int MaxPlaceholders = 32;

    public static MessageTemplate? Bind(ExpressionSyntax syntax, BindingScope scope, DiagnosticBag diagnostics)
    {
        var parts = new List<object>();
        var literal = new StringBuilder();
        var text = syntax.Text;
        var ok = true;
        var holes = 0;
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
            if (++holes > MaxPlaceholders)
            {
                diagnostics.Add(DiagnosticDescriptors.ExpressionTooComplex.Create(syntax.LocationOf(i), $"the message has more than {MaxPlaceholders} placeholders"));
                return null;
            }
            var start = i + 1;
            var hole = new ExpressionSyntax(text[start..close], syntax.LocationOf(start), index => syntax.LocationOf(start + index));
            var lambda = ExpressionBinder.BindValue(hole, scope, diagnostics);
            if (lambda is null) ok = false;
            else parts.Add(new Hole(hole.Text, lambda));
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

    /// <summary>
    /// Renders the message from the facts matched under each alias. A hole that throws (a null property, an index
    /// out of range, a used-up time budget) throws <see cref="MessageTemplateException"/> naming the hole, so the
    /// caller can make the result unknown, as for a condition that throws.
    /// </summary>
    public string Render(IReadOnlyDictionary<string, object> factsByAlias)
    {
        var values = new object?[_aliases.Count];
        for (var i = 0; i < values.Length; i++) values[i] = factsByAlias.GetValueOrDefault(_aliases[i]);
        // Each part's text, joined once at the end: a builder grown from its default size copied a long message several times.
        var texts = new string[_parts.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            if (_parts[i] is string literal) texts[i] = literal;
            else
            {
                var hole = (Hole)_parts[i];
                try { texts[i] = hole.Compiled(values); }
                catch (Exception e) when (e is not OutOfMemoryException) { throw new MessageTemplateException(hole.Text, e); }
            }
        }
        return string.Concat(texts);
    }

    /// <summary>Compiles every hole now (see the class remarks).</summary>
    public void Prepare()
    {
        foreach (var part in _parts)
            if (part is Hole hole) _ = hole.Compiled;
    }

    private sealed class Hole(string text, LambdaExpression lambda)
    {
        private readonly Lazy<Func<object?[], string>> _compiled = new(() => Compile(lambda), LazyThreadSafetyMode.ExecutionAndPublication);

        public string Text => text;

        public Func<object?[], string> Compiled => _compiled.Value;
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

/// <summary>A placeholder of a message template threw while rendering.</summary>
public sealed class MessageTemplateException(string hole, Exception inner)
    : Exception($"the message placeholder {{{hole.Trim()}}} failed: {inner.Message}", inner)
{
    public string Hole { get; } = hole;
}
