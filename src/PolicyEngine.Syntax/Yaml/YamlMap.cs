using PolicyEngine.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PolicyEngine.Syntax;

/// <summary>
/// A YAML mapping checked against the keys it may hold: unknown keys (with a suggestion), duplicate keys,
/// missing required keys and wrong value types all become diagnostics at the offending node.
/// </summary>
public sealed class YamlMap
{
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);
    private readonly DiagnosticBag _diagnostics;

    private YamlMap(YamlSource document, YamlMappingNode node, string context, DiagnosticBag diagnostics)
    {
        Document = document;
        Node = node;
        Context = context;
        _diagnostics = diagnostics;
    }

    public YamlSource Document { get; }
    public YamlMappingNode Node { get; }
    public string Context { get; }
    public SourceLocation Location => Document.LocationOf(Node);
    public IEnumerable<string> Keys => _entries.Keys;

    /// <summary>Reads a mapping; reports and returns null when the node is not one.</summary>
    public static YamlMap? Read(YamlSource document, YamlNode? node, string context, DiagnosticBag diagnostics, IReadOnlyCollection<string> allowedKeys)
    {
        if (node is not YamlMappingNode mapping)
        {
            var location = node is null ? SourceLocation.FileOnly(document.Path) with { Line = 1, Column = 1 } : document.LocationOf(node);
            diagnostics.Add(DiagnosticDescriptors.WrongValueType.Create(location, context, "a mapping", node is null ? "empty" : YamlSource.Describe(node)));
            return null;
        }
        var map = new YamlMap(document, mapping, context, diagnostics);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } scalarKey)
            {
                diagnostics.Add(DiagnosticDescriptors.WrongValueType.Create(document.LocationOf(keyNode), "a key", "text", YamlSource.Describe(keyNode)));
                continue;
            }
            if (map._entries.ContainsKey(key))
            {
                diagnostics.Add(DiagnosticDescriptors.DuplicateKey.Create(document.LocationOf(keyNode), key));
                continue;
            }
            if (allowedKeys.Count > 0 && !allowedKeys.Contains(key))
            {
                diagnostics.Add(DiagnosticDescriptors.UnknownKey.CreateWithSuggestion(document.LocationOf(keyNode), Suggestions.DidYouMean(key, allowedKeys), key, context));
                continue;
            }
            map._entries[key] = (scalarKey, value);
        }
        return map;
    }

    public bool Has(string key) => _entries.ContainsKey(key);

    public YamlNode? Get(string key) => _entries.TryGetValue(key, out var entry) ? entry.Value : null;

    public SourceLocation KeyLocation(string key) =>
        _entries.TryGetValue(key, out var entry) ? Document.LocationOf(entry.Key) : Location;

    public YamlNode? Required(string key)
    {
        var value = Get(key);
        if (value is null) _diagnostics.Add(DiagnosticDescriptors.MissingKey.Create(Location, key, Context));
        return value;
    }

    /// <summary>A text value; block scalars and quoted strings are all accepted.</summary>
    public Located<string>? Text(string key, bool required)
    {
        var node = required ? Required(key) : Get(key);
        if (node is null) return null;
        if (node is YamlScalarNode { Value: { } value } scalar && !IsNull(scalar))
            return new Located<string>(value, Document.LocationOf(node));
        _diagnostics.Add(DiagnosticDescriptors.WrongValueType.Create(Document.LocationOf(node), key, "text", YamlSource.Describe(node)));
        return null;
    }

    public ExpressionSyntax? Expression(string key, bool required)
    {
        var node = required ? Required(key) : Get(key);
        return node is null ? null : ToExpression(key, node);
    }

    /// <summary>
    /// How many conditions one list, or elements one 'when', may hold: each becomes rule-engine nodes (a pattern,
    /// a join), so a file of a million conditions would stall compilation. Real rules use fewer than ten.
    /// </summary>
    public const int MaxItems = 32;

    /// <summary>True when the list is within <see cref="MaxItems"/>; otherwise reports it.</summary>
    public bool WithinLimit(string key, YamlSequenceNode sequence)
    {
        if (sequence.Children.Count <= MaxItems) return true;
        _diagnostics.Add(DiagnosticDescriptors.TooManyItems.Create(Document.LocationOf(sequence), key, sequence.Children.Count, MaxItems));
        return false;
    }

    /// <summary>One expression or a list of expressions (all must hold).</summary>
    public IReadOnlyList<ExpressionSyntax> Expressions(string key)
    {
        var node = Get(key);
        switch (node)
        {
            case null:
                return [];
            case YamlSequenceNode sequence when !WithinLimit(key, sequence):
                return [];
            case YamlSequenceNode sequence:
                return sequence.Children.Select(child => ToExpression(key, child)).OfType<ExpressionSyntax>().ToList();
            default:
                return ToExpression(key, node) is { } single ? [single] : [];
        }
    }

    private ExpressionSyntax? ToExpression(string key, YamlNode node)
    {
        if (node is YamlScalarNode { Value: { } text } scalar && !IsNull(scalar))
            return new ExpressionSyntax(text, Document.LocationOf(scalar), Document.IndexMapper(scalar));
        _diagnostics.Add(DiagnosticDescriptors.WrongValueType.Create(Document.LocationOf(node), key, "an expression (text)", YamlSource.Describe(node)));
        return null;
    }

    public IReadOnlyList<string> TextList(string key) => LocatedTextList(key).Select(t => t.Value).ToList();

    /// <summary>A list of text values, each with where it was written.</summary>
    public IReadOnlyList<Located<string>> LocatedTextList(string key)
    {
        var node = Get(key);
        if (node is null) return [];
        if (node is not YamlSequenceNode sequence)
        {
            _diagnostics.Add(DiagnosticDescriptors.WrongValueType.Create(Document.LocationOf(node), key, "a list of text", YamlSource.Describe(node)));
            return [];
        }
        var items = new List<Located<string>>();
        foreach (var child in sequence.Children)
        {
            if (child is YamlScalarNode { Value: { } value } scalar && !IsNull(scalar)) items.Add(new Located<string>(value, Document.LocationOf(child)));
            else _diagnostics.Add(DiagnosticDescriptors.WrongValueType.Create(Document.LocationOf(child), key + " item", "text", YamlSource.Describe(child)));
        }
        return items;
    }

    public YamlSequenceNode? List(string key, bool required, bool allowEmpty = false)
    {
        var node = required ? Required(key) : Get(key);
        if (node is null) return null;
        if (node is YamlSequenceNode sequence)
        {
            if (sequence.Children.Count == 0 && !allowEmpty) _diagnostics.Add(DiagnosticDescriptors.EmptyList.Create(Document.LocationOf(node), key));
            return sequence;
        }
        _diagnostics.Add(DiagnosticDescriptors.WrongValueType.Create(Document.LocationOf(node), key, "a list", YamlSource.Describe(node)));
        return null;
    }

    public static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null";

    /// <summary>Reads a plain YAML value as a rule parameter: booleans, integers, decimals, text or a list of text.</summary>
    public object? ParameterValue(YamlNode node, string name)
    {
        switch (node)
        {
            case YamlSequenceNode sequence:
                var items = new List<string>();
                foreach (var child in sequence.Children)
                {
                    if (child is YamlScalarNode { Value: { } value } item && !IsNull(item)) items.Add(value);
                    else _diagnostics.Add(DiagnosticDescriptors.WrongValueType.Create(Document.LocationOf(child), name + " item", "text", YamlSource.Describe(child)));
                }
                return items;
            case YamlScalarNode scalar when !IsNull(scalar):
                return ScalarValue(scalar);
            default:
                _diagnostics.Add(DiagnosticDescriptors.WrongValueType.Create(Document.LocationOf(node), name, "a text, number, boolean or list of text", YamlSource.Describe(node)));
                return null;
        }
    }

    public static object ScalarValue(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain) return text;
        if (text is "true" or "false") return text == "true";
        if (int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var i)) return i;
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)) return d;
        return text;
    }
}
