namespace PolicyEngine.Diagnostics;

/// <summary>
/// The categories of PolicyEngine's diagnostics, each with its range of IDs (as roslyn-analyzers keeps
/// DiagnosticCategoryAndIdRanges.txt): a new diagnostic takes the next free ID of its category's range.
/// </summary>
public static class DiagnosticCategory
{
    public const string Structure = "Structure";
    public const string Expressions = "Expressions";
    public const string RuleSet = "RuleSet";
    public const string RuleTests = "RuleTests";
    public const string Attestations = "Attestations";
    public const string Files = "Files";
    public const string Frameworks = "Frameworks";
    public const string Configuration = "Configuration";
    public const string Suppressions = "Suppressions";

    /// <summary>Each category with its first and last ID and what it covers.</summary>
    public static readonly IReadOnlyList<(string Category, int First, int Last, string Covers)> Ranges =
    [
        (Structure, 1001, 1099, "the structure of every YAML file PolicyEngine reads: rules, rule tests, attestations, configuration"),
        (Expressions, 1201, 1299, "rule expressions: names, types, the sandbox, limits and cost"),
        (RuleSet, 1301, 1399, "the rules folder as a whole"),
        (RuleTests, 1401, 1499, "rule test files (*.tests.yaml)"),
        (Attestations, 1501, 1599, "the attestations file"),
        (Files, 1601, 1699, "input and output files of every kind"),
        (Frameworks, 1701, 1799, "framework files (rules/frameworks) and the mappings of rules to their requirements"),
        (Configuration, 2001, 2099, "the configuration file (policyengine.yaml)"),
        (Suppressions, 2101, 2199, "suppressions in the configuration"),
    ];
}
