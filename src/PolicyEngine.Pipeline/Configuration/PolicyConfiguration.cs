using PolicyEngine.Core.Rules;

namespace PolicyEngine.Pipeline.Configuration;

/// <summary>
/// The contents of policyengine.yaml: how the nightly job runs. Severities work like Roslyn's .editorconfig
/// (a rule ID beats its category; 'none' turns a rule off); suppressions always carry a justification.
/// </summary>
public sealed record PolicyConfiguration
{
    public static readonly PolicyConfiguration Empty = new();

    /// <summary>The file it was read from, for relative paths and messages; null when no file was used.</summary>
    public string? SourcePath { get; init; }

    /// <summary>Where each key of the file was written, by dotted path, for diagnostics found after reading.</summary>
    public IReadOnlyDictionary<string, Diagnostics.SourceLocation> KeyLocations { get; init; } =
        new Dictionary<string, Diagnostics.SourceLocation>();

    public string? RulesDirectory { get; init; }
    public string? AttestationsPath { get; init; }

    /// <summary>Severity per rule ID; null means the rule is turned off ('none').</summary>
    public IReadOnlyDictionary<string, Severity?> RuleSeverities { get; init; } = new Dictionary<string, Severity?>();

    /// <summary>Severity per category, for rules without an ID-specific setting.</summary>
    public IReadOnlyDictionary<string, Severity?> CategorySeverities { get; init; } = new Dictionary<string, Severity?>();

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, object>> Parameters { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, object>>();

    public IReadOnlyList<PolicyEngine.Evaluation.Outcomes.SuppressionRule> Suppressions { get; init; } = [];
    public IReadOnlyList<ReportEntry> Reports { get; init; } = [];
    public IReadOnlyList<Syntax.Located<string>> ReporterAssemblies { get; init; } = [];
    public IReadOnlyList<string> Push { get; init; } = [];
    public Severity? FailOn { get; init; }
    public bool FailOnNew { get; init; }

    /// <summary>
    /// Whether results carry the facts behind their verdicts (evidence facts). On by default; a nightly run over a
    /// large organization may turn it off, as they cost about a third of the evaluation (docs/benchmarks.md).
    /// </summary>
    public bool Evidence { get; init; } = true;
    public AwsSettings Aws { get; init; } = new();

    /// <summary>How the rules compile under this configuration: its parameters and severities, at <paramref name="now"/>.</summary>
    public Rules.CompileOptions CompileOptions(DateTimeOffset now) => new()
    {
        Now = now,
        ParameterOverrides = Parameters,
        Severities = new Rules.SeverityOptions(RuleSeverities, CategorySeverities),
    };

    public string Resolve(string path) =>
        SourcePath is null || Path.IsPathRooted(path) ? path : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(SourcePath))!, path);
}

/// <summary>A reporter the configuration asks for, with its options.</summary>
public sealed record ReportEntry(string Name, string? Path, IReadOnlyDictionary<string, string> Options)
{
    /// <summary>Where the entry's name was written, for diagnostics about the reporter.</summary>
    public Diagnostics.SourceLocation? Location { get; init; }
}

public sealed record AwsSettings
{
    public string? Profile { get; init; }
    public string? Region { get; init; }
    public IReadOnlyList<string> IncludeAccounts { get; init; } = [];
    public IReadOnlyList<string> ExcludeAccounts { get; init; } = [];

    /// <summary>aws.inventory.resourceTypes: the Cloud Control types to list; null keeps the documented default list.</summary>
    public IReadOnlyList<string>? ResourceTypes { get; init; }

    /// <summary>aws.inventory.regions: the regions to list; null means every enabled region.</summary>
    public IReadOnlyList<string>? InventoryRegions { get; init; }

    /// <summary>aws.costExplorer.enabled: AWS bills each Cost Explorer request, so the catch-all can be switched off.</summary>
    public bool CostExplorerEnabled { get; init; } = true;

    public const int DefaultCostExplorerDays = 30;

    /// <summary>aws.costExplorer.days: the recent period, up to today, whose spend is read.</summary>
    public int CostExplorerDays { get; init; } = DefaultCostExplorerDays;
}
