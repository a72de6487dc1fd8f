using System.Collections;
using System.Reflection;
using PolicyEngine.Diagnostics;

namespace PolicyEngine.Rules.Binding;

/// <summary>
/// Resolves every name of a parsed expression against the symbol table (lambda parameters, the aliases in scope, the
/// rule's parameters, the registered helpers and a few predefined types), computes each node's type and checks
/// operators, calls and costs, throwing an <see cref="ExpressionProblem"/> at the first error. Only an expression
/// that passes is handed to Dynamic LINQ, which then just builds the tree. The parameters it reads are recorded.
/// </summary>
internal sealed class SymbolBinder
{
    /// <summary>How deeply lambdas may nest (devices.Any(d => passwords.Any(p => ...)) is two); each level multiplies the work.</summary>
    public const int MaxLambdaNesting = 3;

    /// <summary>The widest PadLeft/PadRight a rule may ask for; longer texts serve no check and cost memory.</summary>
    public const int MaxPadWidth = 1000;

    private static readonly HashSet<string> SystemNames =
    [
        "System", "Environment", "Type", "File", "Directory", "Path", "Process", "Assembly", "AppDomain", "Activator",
        "Marshal", "GC", "Console", "HttpClient", "WebClient", "Socket", "Dns", "Reflection", "Microsoft", "Convert",
        "Registry", "Thread", "Task", "Enumerable", "DateTime", "DateTimeOffset", "DateOnly", "TimeSpan", "Guid", "Random",
        "object", "Object", "String", "Int32", "Double", "Regex",
    ];

    /// <summary>Static members reachable besides the helpers: pure functions only (no clock, no randomness).</summary>
    private static readonly Dictionary<string, (Type Type, HashSet<string> Methods)> PredefinedStatics = new(StringComparer.Ordinal)
    {
        ["Math"] = (typeof(Math), ["Abs", "Min", "Max", "Round", "Floor", "Ceiling"]),
        ["string"] = (typeof(string), ["IsNullOrEmpty", "IsNullOrWhiteSpace", "Equals", "Compare"]),
    };

    /// <summary>Text methods that do bounded work and allocate at most their input's size (Pad* and Replace are checked further).</summary>
    private static readonly HashSet<string> StringMethods =
    [
        "Contains", "StartsWith", "EndsWith", "IndexOf", "LastIndexOf", "ToLower", "ToUpper", "ToLowerInvariant",
        "ToUpperInvariant", "Trim", "TrimStart", "TrimEnd", "Substring", "Equals", "CompareTo", "PadLeft", "PadRight",
        "Replace",
    ];

    private enum Shape { Predicate, Selector, None, Value, Count }

    /// <summary>The sequence methods a rule may call, with the argument each takes.</summary>
    private static readonly Dictionary<string, Shape[]> SequenceMethods = new(StringComparer.Ordinal)
    {
        ["Any"] = [Shape.None, Shape.Predicate], ["All"] = [Shape.Predicate], ["Count"] = [Shape.None, Shape.Predicate],
        ["Where"] = [Shape.Predicate], ["First"] = [Shape.None, Shape.Predicate], ["FirstOrDefault"] = [Shape.None, Shape.Predicate],
        ["Last"] = [Shape.None, Shape.Predicate], ["LastOrDefault"] = [Shape.None, Shape.Predicate],
        ["Single"] = [Shape.None, Shape.Predicate], ["SingleOrDefault"] = [Shape.None, Shape.Predicate],
        ["Select"] = [Shape.Selector], ["OrderBy"] = [Shape.Selector], ["OrderByDescending"] = [Shape.Selector],
        ["Sum"] = [Shape.None, Shape.Selector], ["Min"] = [Shape.None, Shape.Selector], ["Max"] = [Shape.None, Shape.Selector],
        ["Average"] = [Shape.None, Shape.Selector], ["Contains"] = [Shape.Value], ["Distinct"] = [Shape.None],
        ["ToList"] = [Shape.None], ["ToArray"] = [Shape.None], ["Skip"] = [Shape.Count], ["Take"] = [Shape.Count],
        ["ElementAt"] = [Shape.Count],
    };

    private static readonly HashSet<string> ForbiddenMethods = ["GetType", "MemberwiseClone", "ReferenceEquals", "GetHashCode", "Deconstruct", "PrintMembers"];

    /// <summary>Names longer than this are cut in messages: a diagnostic names the problem, it does not echo a megabyte.</summary>
    private const int MaxEchoedName = 64;

    private readonly BindingScope _scope;
    private readonly Dictionary<string, Type> _lambdaParameters = new(StringComparer.Ordinal);
    private int _lambdaNesting;

    private SymbolBinder(BindingScope scope) => _scope = scope;

    /// <summary>Checks the expression; throws <see cref="ExpressionProblem"/> at the first error. Returns its type (null when not known statically).</summary>
    public static Type? Check(Node node, BindingScope scope) => new SymbolBinder(scope).Bind(node).Type;

    /// <summary>What a node denotes: a value of a type (null = not known statically), a null literal, or a static type.</summary>
    private readonly record struct Symbol(Type? Type, bool IsNull = false, Type? Static = null, string? StaticName = null);

    private static readonly Symbol UnknownValue = new(null);

    private Symbol Bind(Node node) => node switch
    {
        LiteralNode { Value: null } => new Symbol(null, IsNull: true),
        LiteralNode literal => new Symbol(literal.Value!.GetType()),
        NameNode name => BindName(name),
        MemberNode member => BindMember(member),
        CallNode call => BindCall(call),
        IndexNode index => BindIndex(index),
        UnaryNode unary => BindUnary(unary),
        BinaryNode binary => BindBinary(binary),
        ConditionalNode conditional => BindConditional(conditional),
        LambdaNode lambda => throw Problem(lambda.Start, DiagnosticDescriptors.TypeMismatch, "a lambda (x => ...) can only be the argument of a list method such as Any or Where."),
        _ => throw Problem(node.Start, DiagnosticDescriptors.ExpressionSyntax, "this construct is not supported."),
    };

    private Symbol BindName(NameNode node)
    {
        var name = node.Name;
        if (_lambdaParameters.TryGetValue(name, out var lambdaType)) return new Symbol(lambdaType);
        if (_scope.Aliases.FirstOrDefault(a => a.Name == name) is { } alias) return new Symbol(alias.Type);
        if (_scope.Constants.TryGetValue(name, out var constant))
        {
            _scope.UsedConstants.Add(name);
            return new Symbol(constant.GetType());
        }
        if (Sandbox.HelperTypes.FirstOrDefault(t => t.Name == name) is { } helper) return new Symbol(null, Static: helper, StaticName: name);
        if (PredefinedStatics.TryGetValue(name, out var predefined)) return new Symbol(null, Static: predefined.Type, StaticName: name);
        if (_scope.AllAliasesOfRule.Contains(name))
            throw Problem(node.Start, DiagnosticDescriptors.AliasDeclaredLater, name);
        if (name.Length > MaxEchoedName) name = name[..MaxEchoedName] + "…";
        if (SystemNames.Contains(name))
            throw Problem(node.Start, DiagnosticDescriptors.ForbiddenAccess, name, Sandbox.HelperNames);
        throw new ExpressionProblem(node.Start, DiagnosticDescriptors.UnknownName,
            Suggestions.DidYouMean(name, _scope.VisibleNames.Concat(_lambdaParameters.Keys)), name);
    }

    private static string Short(string name) => name.Length > MaxEchoedName ? name[..MaxEchoedName] + "…" : name;

    private Symbol BindMember(MemberNode node)
    {
        var target = Bind(node.Target);
        if (target.Static is { } type)
            throw Problem(node.NameStart, DiagnosticDescriptors.ForbiddenAccess, $"{target.StaticName}.{Short(node.Name)}", Sandbox.HelperNames);
        if (target.IsNull) throw Problem(node.NameStart, DiagnosticDescriptors.TypeMismatch, $"null has no property '{Short(node.Name)}'.");
        if (target.Type is null) return UnknownValue;
        var property = FindProperty(target.Type, node.Name);
        if (property is null)
        {
            var candidates = AllProperties(target.Type).Select(p => p.Name).Distinct();
            throw new ExpressionProblem(node.NameStart, DiagnosticDescriptors.UnknownMember, Suggestions.DidYouMean(node.Name, candidates),
                Short(node.Name), DisplayName(target.Type), "property");
        }
        if (property.DeclaringType is null || !Sandbox.Instance.Allows(property.DeclaringType))
            throw Problem(node.NameStart, DiagnosticDescriptors.ForbiddenAccess, $"{DisplayName(target.Type)}.{node.Name}", Sandbox.HelperNames);
        return new Symbol(property.PropertyType);
    }

    private Symbol BindIndex(IndexNode node)
    {
        var target = Bind(node.Target);
        var index = Bind(node.Argument);
        if (index.Type is { } indexType && Category(indexType) != Kind.Number)
            throw Problem(node.Argument.Start, DiagnosticDescriptors.TypeMismatch, $"an index must be a number, but is {DisplayName(indexType)}.");
        if (target.Type == typeof(string)) return new Symbol(typeof(char));
        return target.Type is { } type && ElementType(type) is { } element ? new Symbol(element) : UnknownValue;
    }

    private Symbol BindUnary(UnaryNode node)
    {
        var operand = Bind(node.Operand);
        if (operand.Static is not null) throw NotAValue(node.Operand, operand);
        var kind = operand.IsNull ? Kind.Other : Category(operand.Type);
        var wanted = node.Operator == "!" ? Kind.Boolean : Kind.Number;
        if (kind != Kind.Unknown && kind != wanted)
            throw Problem(node.Start, DiagnosticDescriptors.TypeMismatch,
                $"'{node.Operator}' needs {(wanted == Kind.Boolean ? "true or false" : "a number")}, but is applied to {Describe(operand)}.");
        return new Symbol(operand.Type);
    }

    private Symbol BindBinary(BinaryNode node)
    {
        var left = Bind(node.Left);
        var right = Bind(node.Right);
        if (left.Static is not null) throw NotAValue(node.Left, left);
        if (right.Static is not null) throw NotAValue(node.Right, right);
        var (l, r) = (left.IsNull ? Kind.Null : Category(left.Type), right.IsNull ? Kind.Null : Category(right.Type));
        var known = l != Kind.Unknown && r != Kind.Unknown;
        ExpressionProblem Mismatch() => Problem(node.OperatorStart, DiagnosticDescriptors.TypeMismatch,
            $"'{node.Operator}' cannot be applied to {Describe(left)} and {Describe(right)}.");

        switch (node.Operator)
        {
            case "&&" or "||":
                if (l is not (Kind.Boolean or Kind.Unknown) || r is not (Kind.Boolean or Kind.Unknown)) throw Mismatch();
                return new Symbol(typeof(bool));
            case "==" or "!=":
                if (l == Kind.Null || r == Kind.Null)
                {
                    var other = l == Kind.Null ? right : left;
                    if (other.Type is { IsValueType: true } valueType && Nullable.GetUnderlyingType(valueType) is null) throw Mismatch();
                }
                else if (known && l != r && l != Kind.Other && r != Kind.Other) throw Mismatch();
                return new Symbol(typeof(bool));
            case "<" or ">" or "<=" or ">=":
                if (l == Kind.Null || r == Kind.Null || l == Kind.Boolean || r == Kind.Boolean) throw Mismatch();
                if (known && l != r) throw Mismatch();
                return new Symbol(typeof(bool));
            case "+":
                if (l == Kind.Text || r == Kind.Text) return new Symbol(typeof(string));
                if (l is Kind.Boolean or Kind.Null || r is Kind.Boolean or Kind.Null) throw Mismatch();
                if (l == Kind.Number && r == Kind.Number) return new Symbol(Wider(left.Type!, right.Type!));
                return UnknownValue;
            case "-":
                if (l is Kind.Boolean or Kind.Null or Kind.Text || r is Kind.Boolean or Kind.Null or Kind.Text) throw Mismatch();
                if (l == Kind.Number && r == Kind.Number) return new Symbol(Wider(left.Type!, right.Type!));
                if (known && (l == Kind.Number) != (r == Kind.Number)) throw Mismatch();
                return UnknownValue;
            case "*" or "/" or "%":
                if (l is not (Kind.Number or Kind.Unknown) || r is not (Kind.Number or Kind.Unknown)) throw Mismatch();
                return known ? new Symbol(Wider(left.Type!, right.Type!)) : UnknownValue;
            case "??":
                if (left.Type is { IsValueType: true } notNullable && Nullable.GetUnderlyingType(notNullable) is null) throw Mismatch();
                if (known && l != Kind.Null && r != Kind.Null && l != r && l != Kind.Other && r != Kind.Other) throw Mismatch();
                return right.IsNull ? left : new Symbol(right.Type);
            default:
                throw Problem(node.OperatorStart, DiagnosticDescriptors.ExpressionSyntax, $"'{node.Operator}' is not supported.");
        }
    }

    private Symbol BindConditional(ConditionalNode node)
    {
        var test = Bind(node.Test);
        if (test.Static is not null) throw NotAValue(node.Test, test);
        if (test.IsNull || Category(test.Type) is not (Kind.Boolean or Kind.Unknown))
            throw Problem(node.QuestionStart, DiagnosticDescriptors.TypeMismatch, $"the condition before '?' must be true or false, but is {Describe(test)}.");
        return Branches(node.QuestionStart, "?:", Bind(node.WhenTrue), Bind(node.WhenFalse), node.WhenTrue, node.WhenFalse);
    }

    private Symbol Branches(int position, string construct, Symbol a, Symbol b, Node aNode, Node bNode)
    {
        if (a.Static is not null) throw NotAValue(aNode, a);
        if (b.Static is not null) throw NotAValue(bNode, b);
        if (a.IsNull) return b;
        if (b.IsNull) return a;
        var (ka, kb) = (Category(a.Type), Category(b.Type));
        if (ka != Kind.Unknown && kb != Kind.Unknown && ka != kb && ka != Kind.Other && kb != Kind.Other)
            throw Problem(position, DiagnosticDescriptors.TypeMismatch, $"the two results of '{construct}' must have the same type, but are {Describe(a)} and {Describe(b)}.");
        return ka == Kind.Number && kb == Kind.Number ? new Symbol(Wider(a.Type!, b.Type!)) : a;
    }

    private Symbol BindCall(CallNode node)
    {
        if (node.Target is null) return BindFunction(node);
        var target = Bind(node.Target);
        if (target.Static is { } staticType) return BindStaticCall(node, staticType, target.StaticName!);
        if (target.IsNull) throw Problem(node.NameStart, DiagnosticDescriptors.TypeMismatch, $"null has no method '{Short(node.Name)}'.");
        if (target.Type is not { } type) return BindUnknownCall(node);
        if (ForbiddenMethods.Contains(node.Name))
            throw Problem(node.NameStart, DiagnosticDescriptors.ForbiddenAccess, node.Name, Sandbox.HelperNames);
        if (type == typeof(string)) return BindStringCall(node);
        if (ElementType(type) is { } element && SequenceMethods.TryGetValue(node.Name, out var shapes))
            return BindSequenceCall(node, element, shapes);
        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.Name == node.Name && !m.IsSpecialName && m.DeclaringType != typeof(object) && m.DeclaringType != typeof(ValueType)).ToList();
        if (methods.Count == 0)
        {
            var candidates = type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => !m.IsSpecialName && !ForbiddenMethods.Contains(m.Name)).Select(m => m.Name)
                .Concat(ElementType(type) is null ? [] : SequenceMethods.Keys).Distinct();
            throw new ExpressionProblem(node.NameStart, DiagnosticDescriptors.UnknownMember, Suggestions.DidYouMean(node.Name, candidates),
                Short(node.Name), DisplayName(type), "method");
        }
        if (!Sandbox.Instance.Allows(type)) throw Problem(node.NameStart, DiagnosticDescriptors.ForbiddenAccess, $"{DisplayName(type)}.{node.Name}", Sandbox.HelperNames);
        return Overload(node, methods, $"{DisplayName(type)}.{node.Name}");
    }

    /// <summary>Calls written without a target: Dynamic LINQ's np(x) and iif(test, a, b).</summary>
    private Symbol BindFunction(CallNode node)
    {
        switch (node.Name)
        {
            case "np" when node.Arguments.Count == 1:
                return Bind(node.Arguments[0]);
            case "iif" when node.Arguments.Count == 3:
                var test = Bind(node.Arguments[0]);
                if (test.IsNull || Category(test.Type) is not (Kind.Boolean or Kind.Unknown))
                    throw Problem(node.Arguments[0].Start, DiagnosticDescriptors.TypeMismatch, $"the first argument of iif must be true or false, but is {Describe(test)}.");
                return Branches(node.Start, "iif", Bind(node.Arguments[1]), Bind(node.Arguments[2]), node.Arguments[1], node.Arguments[2]);
            case "np" or "iif":
                throw Problem(node.Start, DiagnosticDescriptors.TypeMismatch, $"{node.Name} takes {(node.Name == "np" ? 1 : 3)} argument(s), not {node.Arguments.Count}.");
        }
        var name = Bind(new NameNode(node.Start, node.Name));
        throw Problem(node.Start, DiagnosticDescriptors.TypeMismatch, $"'{node.Name}' is {Describe(name)}, not a method; call a method on it (x.Method()) or a helper (Text.IsBlank(x)).");
    }

    private Symbol BindStaticCall(CallNode node, Type type, string typeName)
    {
        var isHelper = Sandbox.HelperTypes.Contains(type);
        var allowed = isHelper ? null : PredefinedStatics[typeName].Methods;
        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == node.Name && !m.IsSpecialName && (allowed is null || allowed.Contains(m.Name))).ToList();
        if (methods.Count == 0)
        {
            if (!isHelper && type.GetMethods(BindingFlags.Public | BindingFlags.Static).Any(m => m.Name == node.Name))
                throw Problem(node.NameStart, DiagnosticDescriptors.ForbiddenAccess, $"{typeName}.{node.Name}", Sandbox.HelperNames);
            var candidates = allowed ?? type.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => !m.IsSpecialName).Select(m => m.Name).ToHashSet();
            throw new ExpressionProblem(node.NameStart, DiagnosticDescriptors.UnknownMember, Suggestions.DidYouMean(node.Name, candidates), Short(node.Name), typeName, "method");
        }
        return Overload(node, methods, $"{typeName}.{node.Name}");
    }

    private Symbol BindStringCall(CallNode node)
    {
        if (!StringMethods.Contains(node.Name))
        {
            if (SequenceMethods.ContainsKey(node.Name))
                throw Problem(node.NameStart, DiagnosticDescriptors.ExpressionTooCostly, $"'{node.Name}' treats text as a list of characters; rules compare and search text with its own methods or the Text helper");
            if (typeof(string).GetMethods().Any(m => m.Name == node.Name))
                throw Problem(node.NameStart, DiagnosticDescriptors.ForbiddenAccess, $"String.{node.Name}", Sandbox.HelperNames);
            throw new ExpressionProblem(node.NameStart, DiagnosticDescriptors.UnknownMember, Suggestions.DidYouMean(node.Name, StringMethods), Short(node.Name), "String", "method");
        }
        if (node.Name is "PadLeft" or "PadRight" && (node.Arguments.Count == 0 || node.Arguments[0] is not LiteralNode { Value: int width } || width > MaxPadWidth))
            throw Problem(node.NameStart, DiagnosticDescriptors.ExpressionTooCostly, $"{node.Name} needs a constant width of at most {MaxPadWidth}");
        if (node.Name == "Replace" && (node.Arguments.Count != 2 || node.Arguments[0] is not LiteralNode { Value: string { Length: > 0 } old }
                || node.Arguments[1] is not LiteralNode { Value: string replacement } || replacement.Length > old.Length))
            throw Problem(node.NameStart, DiagnosticDescriptors.ExpressionTooCostly, "Replace needs constant texts, and a replacement no longer than the text it replaces");
        var methods = typeof(string).GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.Name == node.Name).ToList();
        return Overload(node, methods, $"String.{node.Name}");
    }

    private Symbol BindSequenceCall(CallNode node, Type element, Shape[] shapes)
    {
        var count = node.Arguments.Count;
        if (count > 1 || (count == 0 && !shapes.Contains(Shape.None)))
            throw Problem(node.NameStart, DiagnosticDescriptors.TypeMismatch,
                $"'{node.Name}' takes {(shapes.Contains(Shape.None) ? "no argument or one" : "one argument")}, not {count}.");
        if (count == 0)
        {
            if (shapes.Contains(Shape.Predicate) && !shapes.Contains(Shape.Selector) && node.Name is "Any" or "Count")
                return new Symbol(node.Name == "Any" ? typeof(bool) : typeof(int));
            return SequenceResult(node.Name, element, element);
        }
        var shape = shapes.First(s => s != Shape.None);
        var argument = node.Arguments[0];
        if (shape is Shape.Predicate or Shape.Selector)
        {
            if (argument is not LambdaNode lambda)
                throw Problem(argument.Start, DiagnosticDescriptors.TypeMismatch, $"'{node.Name}' needs a lambda such as x => x.Name == \"a\".");
            var body = BindLambda(lambda, element);
            if (shape == Shape.Predicate && (body.IsNull || Category(body.Type) is not (Kind.Boolean or Kind.Unknown)))
                throw Problem(lambda.Body.Start, DiagnosticDescriptors.TypeMismatch, $"the condition of '{node.Name}' must be true or false, but is {Describe(body)}.");
            return SequenceResult(node.Name, element, body.Type);
        }
        if (argument is LambdaNode) throw Problem(argument.Start, DiagnosticDescriptors.TypeMismatch, $"'{node.Name}' takes a value, not a lambda.");
        var value = Bind(argument);
        if (value.Static is not null) throw NotAValue(argument, value);
        if (shape == Shape.Count && (value.IsNull || Category(value.Type) is not (Kind.Number or Kind.Unknown)))
            throw Problem(argument.Start, DiagnosticDescriptors.TypeMismatch, $"'{node.Name}' needs a number, but is given {Describe(value)}.");
        if (shape == Shape.Value && !value.IsNull && value.Type is { } valueType && Category(valueType) != Category(element)
            && Category(valueType) != Kind.Other && Category(element) != Kind.Other)
            throw Problem(argument.Start, DiagnosticDescriptors.TypeMismatch, $"a list of {DisplayName(element)} cannot contain {Describe(value)}.");
        return SequenceResult(node.Name, element, element);
    }

    private static Symbol SequenceResult(string method, Type element, Type? projected) => method switch
    {
        "Any" or "All" or "Contains" => new Symbol(typeof(bool)),
        "Count" => new Symbol(typeof(int)),
        "Average" => new Symbol(typeof(double)),
        "Where" or "Distinct" or "OrderBy" or "OrderByDescending" or "Skip" or "Take" => new Symbol(typeof(IEnumerable<>).MakeGenericType(element)),
        "ToList" => new Symbol(typeof(List<>).MakeGenericType(element)),
        "ToArray" => new Symbol(element.MakeArrayType()),
        "Select" => projected is null ? UnknownValue : new Symbol(typeof(IEnumerable<>).MakeGenericType(projected)),
        "Sum" or "Min" or "Max" => projected is null ? UnknownValue : new Symbol(projected),
        _ => new Symbol(element),
    };

    private Symbol BindLambda(LambdaNode lambda, Type parameterType)
    {
        if (_lambdaNesting + 1 > MaxLambdaNesting)
            throw Problem(lambda.Start, DiagnosticDescriptors.ExpressionTooCostly, $"lambdas nest more than {MaxLambdaNesting} deep, and each level multiplies the work");
        if (_lambdaParameters.ContainsKey(lambda.Parameter) || _scope.Aliases.Any(a => a.Name == lambda.Parameter) || _scope.Constants.ContainsKey(lambda.Parameter))
            throw Problem(lambda.Start, DiagnosticDescriptors.InvalidAlias, lambda.Parameter, "the name is already used in this expression; choose another lambda parameter name.");
        _lambdaNesting++;
        _lambdaParameters[lambda.Parameter] = parameterType;
        try
        {
            return Bind(lambda.Body);
        }
        finally
        {
            _lambdaParameters.Remove(lambda.Parameter);
            _lambdaNesting--;
        }
    }

    /// <summary>A call with arguments of unknown receiver type: the arguments are still bound (names resolved, parameters recorded).</summary>
    private Symbol BindUnknownCall(CallNode node)
    {
        foreach (var argument in node.Arguments)
            if (argument is LambdaNode lambda) BindLambda(lambda, typeof(object));
            else Bind(argument);
        return UnknownValue;
    }

    private Symbol Overload(CallNode node, List<MethodInfo> methods, string display)
    {
        if (node.Arguments.FirstOrDefault(a => a is LambdaNode) is { } lambda)
            throw Problem(lambda.Start, DiagnosticDescriptors.TypeMismatch, $"{display} does not take a lambda.");
        var arguments = node.Arguments.Select(a =>
        {
            var symbol = Bind(a);
            if (symbol.Static is not null) throw NotAValue(a, symbol);
            return symbol;
        }).ToList();
        var byCount = methods.Where(m => m.GetParameters().Length == arguments.Count).ToList();
        if (byCount.Count == 0)
        {
            var counts = methods.Select(m => m.GetParameters().Length).Distinct().Order().Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture));
            throw Problem(node.NameStart, DiagnosticDescriptors.TypeMismatch, $"{display} takes {string.Join(" or ", counts)} argument(s), not {arguments.Count}.");
        }
        var fitting = byCount.Where(m => m.GetParameters().Zip(arguments).All(pair => Fits(pair.Second, pair.First.ParameterType))).ToList();
        if (fitting.Count == 0)
            throw Problem(node.NameStart, DiagnosticDescriptors.TypeMismatch,
                $"{display} cannot be called with ({string.Join(", ", arguments.Select(Describe))}); it takes ({string.Join(" | ", byCount.Select(m => string.Join(", ", m.GetParameters().Select(p => DisplayName(p.ParameterType)))))}).");
        var results = fitting.Select(m => m.ReturnType).Distinct().ToList();
        return results.Count == 1 && !results[0].ContainsGenericParameters ? new Symbol(results[0]) : UnknownValue;
    }

    private static bool Fits(Symbol argument, Type parameter)
    {
        if (argument.IsNull) return !parameter.IsValueType || Nullable.GetUnderlyingType(parameter) is not null;
        if (argument.Type is not { } type || parameter.ContainsGenericParameters || parameter == typeof(object)) return true;
        var (a, p) = (Unwrap(type), Unwrap(parameter));
        if (p.IsAssignableFrom(a)) return true;
        return Category(a) == Kind.Number && Category(p) == Kind.Number && Wider(a, p) == p;
    }

    private enum Kind { Unknown, Null, Boolean, Number, Text, Date, Instant, Duration, Other }

    private static Kind Category(Type? type)
    {
        if (type is null) return Kind.Unknown;
        type = Unwrap(type);
        if (type == typeof(bool)) return Kind.Boolean;
        if (type == typeof(string) || type == typeof(char)) return Kind.Text;
        if (type == typeof(DateOnly)) return Kind.Date;
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset)) return Kind.Instant;
        if (type == typeof(TimeSpan)) return Kind.Duration;
        return Type.GetTypeCode(type) is >= TypeCode.SByte and <= TypeCode.Decimal ? Kind.Number : Kind.Other;
    }

    private static readonly Type[] NumberWidths = [typeof(int), typeof(long), typeof(double), typeof(decimal)];

    private static Type Wider(Type a, Type b)
    {
        var (x, y) = (Array.IndexOf(NumberWidths, Unwrap(a)), Array.IndexOf(NumberWidths, Unwrap(b)));
        return NumberWidths[Math.Max(Math.Max(x, y), 0)];
    }

    private static Type Unwrap(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string)) return null;
        if (type.IsArray) return type.GetElementType();
        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>) ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0] ?? (typeof(IEnumerable).IsAssignableFrom(type) ? typeof(object) : null);
    }

    private static IEnumerable<PropertyInfo> AllProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Concat(type.IsInterface ? type.GetInterfaces().SelectMany(i => i.GetProperties(BindingFlags.Public | BindingFlags.Instance)) : [])
            .Where(p => p.GetIndexParameters().Length == 0);

    private static PropertyInfo? FindProperty(Type type, string name) => AllProperties(type).FirstOrDefault(p => p.Name == name);

    private static string Describe(Symbol symbol) =>
        symbol.IsNull ? "null" : symbol.Static is not null ? $"the type {symbol.StaticName}" : symbol.Type is { } type ? DisplayName(type) : "a value";

    public static string DisplayName(Type type) => ExpressionBinder.FriendlyName(type);

    private static ExpressionProblem NotAValue(Node node, Symbol symbol) =>
        Problem(node.Start, DiagnosticDescriptors.TypeMismatch, $"{symbol.StaticName} is a helper type, not a value; call one of its methods ({symbol.StaticName}.Method(...)).");

    private static ExpressionProblem Problem(int position, DiagnosticDescriptor descriptor, params object[] arguments) =>
        new(position, descriptor, null, arguments);
}
