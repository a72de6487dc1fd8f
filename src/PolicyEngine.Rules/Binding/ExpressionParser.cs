using System.Globalization;
using System.Text;

namespace PolicyEngine.Rules.Binding;

/// <summary>A node of a parsed rule expression; <see cref="Start"/> is its index in the expression text.</summary>
internal abstract record Node(int Start)
{
    /// <summary>Levels of nodes below and including this one; bounded so that nothing downstream recurses too deeply.</summary>
    public int Depth { get; init; } = 1;
}

internal sealed record LiteralNode(int Start, object? Value) : Node(Start);

internal sealed record NameNode(int Start, string Name) : Node(Start);

internal sealed record MemberNode(int Start, Node Target, string Name, int NameStart) : Node(Start);

/// <summary>A call: <c>target.Name(args)</c>, or <c>Name(args)</c> when <see cref="Target"/> is null.</summary>
internal sealed record CallNode(int Start, Node? Target, string Name, int NameStart, IReadOnlyList<Node> Arguments) : Node(Start);

internal sealed record IndexNode(int Start, Node Target, Node Argument) : Node(Start);

internal sealed record LambdaNode(int Start, string Parameter, Node Body) : Node(Start);

internal sealed record UnaryNode(int Start, string Operator, Node Operand) : Node(Start);

internal sealed record BinaryNode(int Start, string Operator, int OperatorStart, Node Left, Node Right) : Node(Start);

internal sealed record ConditionalNode(int Start, int QuestionStart, Node Test, Node WhenTrue, Node WhenFalse) : Node(Start);

/// <summary>A problem found in the expression text, at an index into it.</summary>
internal sealed class ExpressionProblem(int position, Diagnostics.DiagnosticDescriptor descriptor, string? suggestion, params object[] arguments) : Exception(descriptor.Title)
{
    public int Position { get; } = position;
    public Diagnostics.DiagnosticDescriptor Descriptor { get; } = descriptor;
    public string? Suggestion { get; } = suggestion;
    public object[] Arguments { get; } = arguments;
}

/// <summary>
/// Parses the rule expression language (a C#-like subset: literals, names, member access, calls, lambdas as call
/// arguments, indexers, ! and unary -, * / %, + -, comparisons, == !=, &amp;&amp; ||, ??, ?:) into nodes with positions.
/// The parser owns the syntax and its limits: nesting and tree depth are bounded here, with a diagnostic at the
/// offending position, so that neither this parser, the binder, Dynamic LINQ nor NRules can run out of stack.
/// </summary>
internal sealed class ExpressionParser
{
    /// <summary>Levels of parentheses, calls, unary operators and ?: the parser may descend; real rules use fewer than 10.</summary>
    public const int MaxNesting = 40;

    /// <summary>Depth of the tree, which long operator chains also grow (a + b + c is two levels); real rules stay under 40.</summary>
    public const int MaxTreeDepth = 100;

    private readonly string _text;
    private readonly List<Token> _tokens;
    private int _next;
    private int _nesting;

    private ExpressionParser(string text)
    {
        _text = text;
        _tokens = Tokenize(text);
    }

    public static Node Parse(string text)
    {
        var parser = new ExpressionParser(text);
        if (parser.Peek.Kind == TokenKind.End) throw parser.Syntax(0, "the expression is empty.");
        var node = parser.ParseExpression();
        if (parser.Peek.Kind != TokenKind.End) throw parser.Syntax(parser.Peek.Start, $"'{parser.Peek.Text}' was not expected here.");
        return node;
    }

    private Token Peek => _tokens[_next];

    private Token Take() => _tokens[_next++];

    private bool TakeIf(string symbol)
    {
        if (Peek.Kind != TokenKind.Symbol || Peek.Text != symbol) return false;
        _next++;
        return true;
    }

    private void Expect(string symbol)
    {
        if (!TakeIf(symbol))
            throw Syntax(Peek.Start, Peek.Kind == TokenKind.End ? $"'{symbol}' is missing at the end." : $"'{symbol}' was expected, not '{Peek.Text}'.");
    }

    private ExpressionProblem Syntax(int position, string message) =>
        new(position, Diagnostics.DiagnosticDescriptors.ExpressionSyntax, null, message);

    private T Checked<T>(T node, params Node[] children) where T : Node
    {
        var depth = 1 + children.Max(c => c.Depth);
        if (depth > MaxTreeDepth)
            throw new ExpressionProblem(node.Start, Diagnostics.DiagnosticDescriptors.ExpressionTooComplex, null,
                $"it has more than {MaxTreeDepth} levels of operators and calls");
        return node with { Depth = depth };
    }

    private Node ParseExpression()
    {
        if (++_nesting > MaxNesting)
            throw new ExpressionProblem(Peek.Start, Diagnostics.DiagnosticDescriptors.ExpressionTooComplex, null,
                $"parentheses, calls and operators nest more than {MaxNesting} levels deep");
        try
        {
            return ParseConditional();
        }
        finally
        {
            _nesting--;
        }
    }

    private Node ParseConditional()
    {
        var test = ParseCoalesce();
        if (Peek.Kind != TokenKind.Symbol || Peek.Text != "?") return test;
        var question = Take().Start;
        var whenTrue = ParseExpression();
        Expect(":");
        var whenFalse = ParseExpression();
        return Checked(new ConditionalNode(test.Start, question, test, whenTrue, whenFalse), test, whenTrue, whenFalse);
    }

    private Node ParseCoalesce()
    {
        var left = ParseBinary(0);
        if (Peek.Kind != TokenKind.Symbol || Peek.Text != "??") return left;
        var op = Take().Start;
        var right = ParseExpression();
        return Checked(new BinaryNode(left.Start, "??", op, left, right), left, right);
    }

    private static readonly string[][] BinaryLevels =
    [
        ["||"], ["&&"], ["==", "!="], ["<", ">", "<=", ">="], ["+", "-"], ["*", "/", "%"],
    ];

    private Node ParseBinary(int level)
    {
        if (level == BinaryLevels.Length) return ParseUnary();
        var left = ParseBinary(level + 1);
        while (Peek.Kind == TokenKind.Symbol)
        {
            var symbol = Peek.Text;
            if (symbol is "=" or "<>")
                throw Syntax(Peek.Start, $"'{symbol}' is not an operator here; write '{(symbol == "=" ? "==" : "!=")}'.");
            if (symbol is "&" or "|")
                throw Syntax(Peek.Start, $"'{symbol}' is not an operator here; write '{symbol}{symbol}'.");
            if (!BinaryLevels[level].Contains(symbol)) break;
            var op = Take().Start;
            var right = ParseBinary(level + 1);
            left = Checked(new BinaryNode(left.Start, symbol, op, left, right), left, right);
        }
        return left;
    }

    private Node ParseUnary()
    {
        if (Peek.Kind == TokenKind.Symbol && Peek.Text is "!" or "-")
        {
            var op = Take();
            if (++_nesting > MaxNesting)
                throw new ExpressionProblem(op.Start, Diagnostics.DiagnosticDescriptors.ExpressionTooComplex, null,
                    $"parentheses, calls and operators nest more than {MaxNesting} levels deep");
            try
            {
                var operand = ParseUnary();
                return Checked(new UnaryNode(op.Start, op.Text, operand), operand);
            }
            finally
            {
                _nesting--;
            }
        }
        return ParsePostfix(ParsePrimary());
    }

    private Node ParsePrimary()
    {
        var token = Take();
        switch (token.Kind)
        {
            case TokenKind.Number or TokenKind.String:
                return new LiteralNode(token.Start, token.Value);
            case TokenKind.Identifier when token.Text is "true" or "false":
                return new LiteralNode(token.Start, token.Text == "true");
            case TokenKind.Identifier when token.Text == "null":
                return new LiteralNode(token.Start, null);
            case TokenKind.Identifier when token.Text == "new":
                throw new ExpressionProblem(token.Start, Diagnostics.DiagnosticDescriptors.ForbiddenAccess, null, "new", Sandbox.HelperNames);
            case TokenKind.Identifier:
                if (TakeIf("=>"))
                {
                    var body = ParseExpression();
                    return Checked(new LambdaNode(token.Start, token.Text, body), body);
                }
                if (Peek.Kind == TokenKind.Symbol && Peek.Text == "(")
                {
                    var arguments = ParseArguments();
                    return Checked(new CallNode(token.Start, null, token.Text, token.Start, arguments), [new LiteralNode(token.Start, null), .. arguments]);
                }
                return new NameNode(token.Start, token.Text);
            case TokenKind.Symbol when token.Text == "(":
                var inner = ParseExpression();
                Expect(")");
                return inner;
            case TokenKind.End:
                throw Syntax(token.Start, "the expression ends too early.");
            default:
                throw Syntax(token.Start, $"'{token.Text}' was not expected here.");
        }
    }

    private Node ParsePostfix(Node node)
    {
        while (Peek.Kind == TokenKind.Symbol)
        {
            if (TakeIf("."))
            {
                var name = Take();
                if (name.Kind != TokenKind.Identifier) throw Syntax(name.Start, "a property or method name was expected after '.'.");
                if (Peek.Kind == TokenKind.Symbol && Peek.Text == "(")
                {
                    var arguments = ParseArguments();
                    node = Checked(new CallNode(node.Start, node, name.Text, name.Start, arguments), [node, .. arguments]);
                }
                else node = Checked(new MemberNode(node.Start, node, name.Text, name.Start), node);
            }
            else if (TakeIf("["))
            {
                var argument = ParseExpression();
                Expect("]");
                node = Checked(new IndexNode(node.Start, node, argument), node, argument);
            }
            else if (Peek.Text == "?.")
            {
                throw Syntax(Peek.Start, "'?.' is not supported; test for null first (x != null && x.Name == ...) or use '??'.");
            }
            else break;
        }
        return node;
    }

    private List<Node> ParseArguments()
    {
        Expect("(");
        var arguments = new List<Node>();
        if (TakeIf(")")) return arguments;
        do arguments.Add(ParseExpression());
        while (TakeIf(","));
        Expect(")");
        return arguments;
    }

    private enum TokenKind
    {
        Identifier,
        Number,
        String,
        Symbol,
        End,
    }

    private sealed record Token(TokenKind Kind, string Text, int Start, object? Value = null);

    private static readonly string[] Symbols =
    [
        "=>", "==", "!=", "<=", ">=", "<>", "&&", "||", "??", "?.",
        "(", ")", "[", "]", ",", ".", "?", ":", "!", "<", ">", "+", "-", "*", "/", "%", "=", "&", "|",
    ];

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", text.Length));
                return tokens;
            }
            var start = i;
            var c = text[i];
            if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
                tokens.Add(new Token(TokenKind.Identifier, text[start..i], start));
            }
            else if (char.IsDigit(c))
            {
                while (i < text.Length && char.IsDigit(text[i])) i++;
                var real = i + 1 < text.Length && text[i] == '.' && char.IsDigit(text[i + 1]);
                if (real)
                {
                    i++;
                    while (i < text.Length && char.IsDigit(text[i])) i++;
                }
                var literal = text[start..i];
                var value = real ? double.Parse(literal, CultureInfo.InvariantCulture)
                    : int.TryParse(literal, NumberStyles.None, CultureInfo.InvariantCulture, out var small) ? (object)small
                    : long.TryParse(literal, NumberStyles.None, CultureInfo.InvariantCulture, out var large) ? large
                    : throw new ExpressionProblem(start, Diagnostics.DiagnosticDescriptors.ExpressionSyntax, null, $"the number {literal} is too large.");
                tokens.Add(new Token(TokenKind.Number, literal, start, value));
            }
            else if (c is '"' or '\'')
            {
                var value = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                        throw new ExpressionProblem(start, Diagnostics.DiagnosticDescriptors.ExpressionSyntax, null, "the text in quotes is not closed.");
                    if (text[i] == c) { i++; break; }
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        value.Append(text[i + 1] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', var other => other });
                        i += 2;
                        continue;
                    }
                    value.Append(text[i++]);
                }
                // As in C#, single quotes hold one character ('a'); text is in double quotes.
                if (c == '\'' && value.Length != 1)
                    throw new ExpressionProblem(start, Diagnostics.DiagnosticDescriptors.ExpressionSyntax, null, "single quotes hold exactly one character; write text in double quotes.");
                tokens.Add(new Token(TokenKind.String, text[start..i], start, c == '\'' ? value[0] : value.ToString()));
            }
            else if (Symbols.FirstOrDefault(s => string.CompareOrdinal(text, i, s, 0, s.Length) == 0) is { } symbol)
            {
                i += symbol.Length;
                tokens.Add(new Token(TokenKind.Symbol, symbol, start));
            }
            else
            {
                throw new ExpressionProblem(start, Diagnostics.DiagnosticDescriptors.ExpressionSyntax, null,
                    $"the character '{(char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString())}' is not part of the expression language.");
            }
        }
    }
}
