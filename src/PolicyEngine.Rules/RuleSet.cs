using PolicyEngine.Core.Rules;
using PolicyEngine.Core.Frameworks;
using PolicyEngine.Diagnostics;
using PolicyEngine.Rules.Frameworks;

namespace PolicyEngine.Rules;

/// <summary>
/// The outcome of compiling a rules folder: the rules that run, every diagnostic found on the way, and the rules
/// the severity options turned off (compiled and checked all the same, so an error in one is still an error).
/// </summary>
public sealed record RuleSet(IReadOnlyList<CompiledRule> Rules, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>Rules that compiled but that <see cref="CompileOptions.Severities"/> turned off ('none').</summary>
    public IReadOnlyList<CompiledRule> TurnedOff { get; init; } = [];
    /// <summary>The frameworks the rules were mapped against; reports carry them to group results by requirement.</summary>
    public FrameworkCatalog Frameworks { get; init; } = FrameworkCatalog.Empty;

    public CompiledRule? Find(string id) => Rules.FirstOrDefault(r => r.Id == id);
}

/// <summary>Inputs to compilation that come from outside the rule files.</summary>
public sealed record CompileOptions
{
    /// <summary>The evaluation date; expressions see it as <c>now</c> and <c>today</c>.</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Parameter values by rule ID that replace the rule files' defaults (from configuration or a test case).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, object>> ParameterOverrides { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, object>>();

    /// <summary>The frameworks rules given as text are mapped against; null for the shipped ones.</summary>
    public FrameworkSet? Frameworks { get; init; }

    /// <summary>The severity each rule runs with, applied while compiling (as Roslyn's compilation options are).</summary>
    public SeverityOptions Severities { get; init; } = SeverityOptions.Defaults;
}

/// <summary>
/// Severity per rule ID and per category, like Roslyn's SpecificDiagnosticOptions and .editorconfig's category
/// settings: a rule ID beats its category, null ('none') turns the rule off, and a rule named by neither keeps the
/// default severity its file gives.
/// </summary>
public sealed record SeverityOptions(IReadOnlyDictionary<string, Severity?> ByRule, IReadOnlyDictionary<string, Severity?> ByCategory)
{
    public static readonly SeverityOptions Defaults = new(new Dictionary<string, Severity?>(), new Dictionary<string, Severity?>());

    /// <summary>The severity the rule runs with, or null when it is turned off.</summary>
    public Severity? For(RuleDescriptor rule)
    {
        if (ByRule.TryGetValue(rule.Id, out var byId)) return byId;
        if (ByCategory.TryGetValue(rule.Category, out var byCategory)) return byCategory;
        return rule.DefaultSeverity;
    }
}
