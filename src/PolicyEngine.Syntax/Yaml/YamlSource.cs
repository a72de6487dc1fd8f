using PolicyEngine.Core.Files;
using PolicyEngine.Core.Text;
using PolicyEngine.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PolicyEngine.Syntax;

/// <summary>
/// A YAML file loaded with positions, and typed accessors that report problems as diagnostics instead of throwing.
/// Shared by rule files, rule tests and configuration so that all of them give the same precise errors.
/// </summary>
public sealed class YamlSource
{
    public const int MaxFileBytes = 1 << 20;

    /// <summary>How deeply mappings and lists may nest; PolicyEngine's own files need fewer than 15 levels.</summary>
    public const int MaxDepth = 64;

    private readonly string[] _lines;

    private YamlSource(string path, string text, YamlNode? root)
    {
        Path = path;
        _lines = text.Split('\n');
        Root = root;
    }

    public string Path { get; }
    public YamlNode? Root { get; }

    /// <summary>
    /// Loads one YAML document through the input-file gateway; a file that is not a regular text file within the
    /// size limit, a link leaving <paramref name="linkRoot"/> (default: the file's folder) or a syntax error
    /// becomes a diagnostic and a null result.
    /// </summary>
    public static YamlSource? Load(string path, string displayPath, DiagnosticBag diagnostics, string? linkRoot = null)
    {
        string text;
        try
        {
            text = InputFile.ReadText(path, MaxFileBytes, linkRoot);
        }
        catch (InputFileException refused)
        {
            diagnostics.Add(DiagnosticDescriptors.ForInput(refused, SourceLocation.FileOnly(displayPath)));
            return null;
        }
        return Parse(text, displayPath, diagnostics);
    }

    public static YamlSource? Parse(string text, string displayPath, DiagnosticBag diagnostics)
    {
        var guarded = new GuardedParser(new Parser(new StringReader(text)));
        Mark lastMark() => guarded.Current?.End ?? Mark.Empty;
        try
        {
            var stream = new YamlStream();
            stream.Load(guarded);
            if (stream.Documents.Count > 1)
            {
                // A second document would be silently ignored: say so rather than lose what it holds.
                var second = stream.Documents[1].RootNode.Start;
                diagnostics.Add(DiagnosticDescriptors.YamlSyntax.Create(new SourceLocation(displayPath, (int)second.Line, (int)second.Column),
                    "A PolicyEngine file holds one YAML document; remove the '---' and what follows, or move it to its own file."));
                return null;
            }
            var root = stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
            return new YamlSource(displayPath, text.Replace("\r\n", "\n"), root);
        }
        catch (RefusedYamlException e)
        {
            diagnostics.Add(e.Descriptor.Create(new SourceLocation(displayPath, (int)e.Start.Line, (int)e.Start.Column), e.Arguments));
            return null;
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
        YamlScalarNode s => $"the text '{UntrustedText.Excerpt(s.Value)}'",
        _ => "something else",
    };

    /// <summary>
    /// Refuses, while the events stream past and before any tree is built, what a hostile or careless file could use to
    /// crash or mislead the reader: aliases (a small file expanding into a huge tree, "billion laughs"), nesting deeper
    /// than <see cref="MaxDepth"/> (building the tree recurses once per level, so 300,000 '[' would overflow the stack)
    /// and a key repeated in one mapping (YAML forbids it; the last value must not silently win).
    /// </summary>
    private sealed class GuardedParser(IParser inner) : IParser
    {
        private readonly Stack<Frame> _open = new();

        public YamlDotNet.Core.Events.ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (!inner.MoveNext()) return false;
            switch (inner.Current)
            {
                case YamlDotNet.Core.Events.AnchorAlias alias:
                    throw new RefusedYamlException(alias.Start, alias.End, DiagnosticDescriptors.YamlSyntax,
                        "YAML aliases (*name) are not allowed in PolicyEngine files.");
                case YamlDotNet.Core.Events.Scalar scalar:
                    if (_open.TryPeek(out var frame) && frame.Keys is { } keys && frame.ExpectingKey && !keys.Add(scalar.Value))
                        throw new RefusedYamlException(scalar.Start, scalar.End, DiagnosticDescriptors.DuplicateKey, scalar.Value);
                    CompleteItem();
                    break;
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                    if (_open.Count >= MaxDepth)
                        throw new RefusedYamlException(inner.Current.Start, inner.Current.End, DiagnosticDescriptors.NestingTooDeep, MaxDepth);
                    _open.Push(new Frame(inner.Current is YamlDotNet.Core.Events.MappingStart ? new HashSet<string>(StringComparer.Ordinal) : null));
                    break;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    _open.Pop();
                    CompleteItem();
                    break;
                case YamlDotNet.Core.Events.DocumentEnd:
                    _open.Clear();
                    break;
            }
            return true;
        }

        /// <summary>A node ended inside a mapping: keys and values alternate.</summary>
        private void CompleteItem()
        {
            if (_open.TryPeek(out var frame) && frame.Keys is not null) frame.ExpectingKey = !frame.ExpectingKey;
        }

        private sealed class Frame(HashSet<string>? keys)
        {
            public HashSet<string>? Keys { get; } = keys;
            public bool ExpectingKey { get; set; } = true;
        }
    }

    /// <summary>Input the guarded parser refuses, with the diagnostic to report at its position.</summary>
    private sealed class RefusedYamlException(Mark start, Mark end, DiagnosticDescriptor descriptor, params object[] arguments)
        : YamlException(start, end, descriptor.Title)
    {
        public DiagnosticDescriptor Descriptor { get; } = descriptor;
        public object[] Arguments { get; } = arguments;
    }
}
