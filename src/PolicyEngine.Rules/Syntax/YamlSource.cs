using PolicyEngine.Rules.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PolicyEngine.Rules.Syntax;

/// <summary>
/// A YAML file loaded with positions, and typed accessors that report problems as diagnostics instead of throwing.
/// Shared by rule files, rule tests and configuration so that all of them give the same precise errors.
/// </summary>
public sealed class YamlSource
{
    public const int MaxFileBytes = 1 << 20;

    private readonly string[] _lines;

    private YamlSource(string path, string text, YamlNode? root)
    {
        Path = path;
        _lines = text.Split('\n');
        Root = root;
    }

    public string Path { get; }
    public YamlNode? Root { get; }

    /// <summary>Loads one YAML document; a syntax error or an oversized file becomes a diagnostic and a null result.</summary>
    public static YamlSource? Load(string path, string displayPath, DiagnosticBag diagnostics)
    {
        var info = new FileInfo(path);
        if (info.Length > MaxFileBytes)
        {
            diagnostics.Add(DiagnosticDescriptors.FileTooLarge.Create(SourceLocation.FileOnly(displayPath), info.Length, MaxFileBytes));
            return null;
        }
        return Parse(File.ReadAllText(path), displayPath, diagnostics);
    }

    public static YamlSource? Parse(string text, string displayPath, DiagnosticBag diagnostics)
    {
        var guarded = new RejectAliases(new Parser(new StringReader(text)));
        Mark lastMark() => guarded.Current?.End ?? Mark.Empty;
        try
        {
            var stream = new YamlStream();
            // Aliases could expand a small file into a huge tree ("billion laughs"); rule files have no use for them.
            stream.Load(guarded);
            var root = stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
            return new YamlSource(displayPath, text.Replace("\r\n", "\n"), root);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner sometimes fails with a state error instead of a YamlException; report it at the last position read.
            var mark = lastMark();
            diagnostics.Add(DiagnosticDescriptors.YamlSyntax.Create(new SourceLocation(displayPath, (int)mark.Line, (int)mark.Column), $"The YAML could not be read past this point: {e.Message}"));
            return null;
        }
        catch (YamlException e)
        {
            var message = e.InnerException is { } inner ? $"{e.Message.TrimEnd('.')}: {inner.Message}" : e.Message;
            diagnostics.Add(DiagnosticDescriptors.YamlSyntax.Create(new SourceLocation(displayPath, (int)e.Start.Line, (int)e.Start.Column), CleanYamlMessage(message)));
            return null;
        }
    }

    private static string CleanYamlMessage(string message)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (…): "; the location is printed by the diagnostic already.
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith('(') ? message[(cut + 3)..] : message;
    }

    public SourceLocation LocationOf(YamlNode node) => new(Path, (int)node.Start.Line, (int)node.Start.Column);

    /// <summary>Maps an index into a scalar's value back to the file, across quoting and block scalars.</summary>
    public Func<int, SourceLocation> IndexMapper(YamlScalarNode node)
    {
        var start = LocationOf(node);
        switch (node.Style)
        {
            case ScalarStyle.Literal or ScalarStyle.Folded:
                return index => MapBlockScalar(start, index);
            case ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted:
                return index => start with { Column = start.Column + 1 + index };
            default:
                return index => start with { Column = start.Column + index };
        }
    }

    private SourceLocation MapBlockScalar(SourceLocation start, int index)
    {
        // Content starts on the line after the '|' or '>' indicator; each content line contributes its text plus one separator.
        // The block's indentation is that of its first content line; deeper indentation is part of the text.
        var lineIndex = start.Line; // 0-based index of the first content line
        var remaining = index;
        var first = lineIndex < _lines.Length ? _lines[lineIndex] : "";
        var indent = first.Length - first.TrimStart(' ').Length;
        while (lineIndex < _lines.Length)
        {
            var raw = _lines[lineIndex].TrimEnd('\r');
            var content = Math.Max(0, raw.Length - indent);
            if (remaining <= content) return new SourceLocation(Path, lineIndex + 1, indent + remaining + 1);
            remaining -= content + 1;
            lineIndex++;
        }
        return start;
    }

    /// <summary>Describes a node's kind for "must be X, but is Y" messages.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" } => "empty",
        YamlScalarNode s => $"the text '{Truncate(s.Value ?? "")}'",
        _ => "something else",
    };

    private static string Truncate(string text) => text.Length > 40 ? text[..40] + "…" : text;

    private sealed class RejectAliases(IParser inner) : IParser
    {
        public YamlDotNet.Core.Events.ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (moved && inner.Current is YamlDotNet.Core.Events.AnchorAlias alias)
                throw new YamlException(alias.Start, alias.End, "YAML aliases (*name) are not allowed in PolicyEngine files.");
            return moved;
        }
    }
}
