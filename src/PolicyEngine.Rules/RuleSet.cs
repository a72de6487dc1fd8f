using PolicyEngine.Diagnostics;

namespace PolicyEngine.Rules;

/// <summary>The outcome of compiling a rules folder: the rules, and every diagnostic found on the way.</summary>
public sealed record RuleSet(IReadOnlyList<CompiledRule> Rules, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

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
}
