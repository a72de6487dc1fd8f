using System.Reflection;
using System.Linq.Dynamic.Core.CustomTypeProviders;
using PolicyEngine.Core.Facts;
using PolicyEngine.Rules.Helpers;

namespace PolicyEngine.Rules.Binding;

/// <summary>
/// What a rule expression can reach: the registered fact types (FactCatalog), the registered helpers (RuleHelpers)
/// and a few value types. Dynamic LINQ resolves type names only through this provider, and
/// <see cref="ExpressionGuard"/> checks the parsed tree against the same list, so nothing else (files, environment, processes, reflection, network) is reachable whatever a rule file says.
/// </summary>
public sealed class Sandbox : IDynamicLinqCustomTypeProvider
{
    /// <summary>The registered helpers (<see cref="RuleHelpers"/>).</summary>
    public static IReadOnlyList<Type> HelperTypes => RuleHelpers.All;

    public static string HelperNames => RuleHelpers.Names;

    private static readonly HashSet<Type> ValueTypes =
    [
        typeof(string), typeof(bool), typeof(int), typeof(long), typeof(double), typeof(decimal), typeof(char),
        typeof(DateTime), typeof(DateTimeOffset), typeof(DateOnly), typeof(TimeSpan), typeof(Math),
        typeof(Enumerable), typeof(object),
    ];

    private readonly HashSet<Type> _customTypes = [.. FactCatalog.All.Select(f => f.ClrType), .. HelperTypes];
    private readonly Dictionary<string, Type> _bySimpleName;

    private Sandbox()
    {
        _bySimpleName = _customTypes.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public HashSet<Type> GetCustomTypes() => [.. _customTypes];

    public Dictionary<Type, List<MethodInfo>> GetExtensionMethods() => [];

    public Type? ResolveType(string typeName) => _bySimpleName.GetValueOrDefault(typeName);

    public Type? ResolveTypeBySimpleName(string simpleTypeName) => _bySimpleName.GetValueOrDefault(simpleTypeName);

    /// <summary>True for types whose members an expression may use.</summary>
    public bool Allows(Type type)
    {
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
            return Allows(type.GetGenericTypeDefinition()) && type.GetGenericArguments().All(Allows);
        if (type.IsArray) return Allows(type.GetElementType()!);
        return ValueTypes.Contains(type) || _customTypes.Contains(type) || AllowedGenerics.Contains(type);
    }

    private static readonly HashSet<Type> AllowedGenerics =
    [
        typeof(Nullable<>), typeof(IEnumerable<>), typeof(IReadOnlyList<>), typeof(IReadOnlyCollection<>),
        typeof(List<>), typeof(Func<,>), typeof(Func<,,>),
    ];

    // Declared after the lists it reads: static fields initialize in text order.
    public static readonly Sandbox Instance = new();
}
