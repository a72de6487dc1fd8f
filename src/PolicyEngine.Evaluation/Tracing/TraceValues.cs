using System.Collections;
using System.Globalization;
using PolicyEngine.Core.Facts;

namespace PolicyEngine.Evaluation.Tracing;

/// <summary>
/// A value read from a snapshot as a trace or an evidence entry shows it: strings quoted, dates in ISO 8601, lists by
/// their first items and length, facts by type and resource ID, and everything cut at <see cref="MaxLength"/>
/// characters. The text is not escaped here: a text output escapes it at its boundary, JSON by its serializer.
/// </summary>
public static class TraceValues
{
    public const int MaxLength = 160;
    private const int MaxItems = 5;

    public static string Format(object? value) => Truncate(Render(value, nested: false), MaxLength);

    /// <summary>The text cut to <paramref name="maxLength"/> characters, saying how much was left out; a surrogate pair is never split.</summary>
    public static string Truncate(string text, int maxLength)
    {
        if (text.Length <= maxLength) return text;
        var cut = text[..maxLength];
        if (char.IsHighSurrogate(cut[^1])) cut = cut[..^1];
        return $"{cut}… ({text.Length} characters)";
    }

    /// <summary>How a fact is named in a trace: its type and resource ID.</summary>
    public static string Describe(object fact) =>
        fact is IFact f ? $"{fact.GetType().Name} {f.ResourceId}" : fact.GetType().Name;

    private static string Render(object? value, bool nested) => value switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        bool b => b ? "true" : "false",
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IFact fact => Describe(fact),
        IEnumerable list when !nested => RenderList(list),
        IEnumerable => "[…]",
        _ => value.ToString() ?? value.GetType().Name,
    };

    private static string RenderList(IEnumerable list)
    {
        var items = new List<string>();
        var count = 0;
        foreach (var item in list)
        {
            if (count++ < MaxItems) items.Add(Render(item, nested: true));
        }
        var more = count > MaxItems ? $", … ({count} items)" : "";
        return $"[{string.Join(", ", items)}{more}]";
    }
}
