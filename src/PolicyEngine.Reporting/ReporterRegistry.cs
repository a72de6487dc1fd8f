using PolicyEngine.Reporting.Plugins;
using PolicyEngine.Reporting.Reporters;

namespace PolicyEngine.Reporting;

/// <summary>How reporters are configured: third-party assemblies to load, and each reporter's options by name.</summary>
public sealed record ReporterConfiguration
{
    public IReadOnlyList<string> Assemblies { get; init; } = [];

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Options { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();
}

/// <summary>
/// Resolves reporters by name: the built-in ones and those loaded from third-party assemblies. Each
/// <see cref="Create"/> builds a new reporter with the options configured for that name.
/// </summary>
public sealed class ReporterRegistry
{
    private readonly Dictionary<string, (Func<ReporterOptions, IReporter> Create, string Source)> _factories = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ReporterOptions> _options = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A registry with the built-in reporters: console, json, sarif, asff, markdown, html, junit.</summary>
    public static ReporterRegistry CreateDefault()
    {
        var registry = new ReporterRegistry();
        registry.Register("console", o => new ConsoleReporter(o));
        registry.Register("json", _ => new JsonReporter());
        registry.Register("sarif", o => new SarifReporter(o));
        registry.Register("asff", o => new AsffReporter(o));
        registry.Register("markdown", _ => new MarkdownReporter());
        registry.Register("html", _ => new HtmlReporter());
        registry.Register("junit", o => new JUnitReporter(o));
        return registry;
    }

    /// <summary>The built-ins, then the configuration's assemblies loaded, then its options applied.</summary>
    public static ReporterRegistry FromConfiguration(ReporterConfiguration configuration)
    {
        var registry = CreateDefault();
        foreach (var assembly in configuration.Assemblies) registry.LoadPlugins(assembly);
        foreach (var (name, values) in configuration.Options) registry.Configure(name, values);
        return registry;
    }

    public IReadOnlyCollection<string> Names => _factories.Keys.Order(StringComparer.Ordinal).ToList();

    public void Register(string name, Func<ReporterOptions, IReporter> create) => Register(name, create, "built-in");

    /// <summary>Loads every public <see cref="IReporter"/> in an assembly and returns their names.</summary>
    /// <exception cref="ReporterException">The file is missing or not loadable, has no reporter, or a name is taken.</exception>
    public IReadOnlyList<string> LoadPlugins(string assemblyPath)
    {
        var loaded = ReporterPlugin.Load(assemblyPath);
        foreach (var (name, create) in loaded) Register(name, create, assemblyPath);
        return loaded.Select(r => r.Name).ToList();
    }

    public void Configure(string name, IReadOnlyDictionary<string, string> options) => _options[name] = new ReporterOptions(options);

    /// <exception cref="ReporterException">No reporter has that name, or its options are invalid.</exception>
    public IReporter Create(string name, IReadOnlyDictionary<string, string>? options = null)
    {
        if (!_factories.TryGetValue(name, out var entry))
            throw new ReporterException($"unknown reporter '{name}'; known reporters: {string.Join(", ", Names)}");
        var effective = options is null ? _options.GetValueOrDefault(name, ReporterOptions.Empty) : new ReporterOptions(options);
        return ReporterPlugin.Create(entry.Create, effective, entry.Source);
    }

    private void Register(string name, Func<ReporterOptions, IReporter> create, string source)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsWhiteSpace) || name.Contains('='))
            throw new ReporterException($"reporter name '{name}' from {source} is not valid: use letters, digits and dashes");
        if (_factories.TryGetValue(name, out var existing))
            throw new ReporterException($"reporter name '{name}' from {source} is already taken by {existing.Source}");
        _factories[name] = (create, source);
    }
}
