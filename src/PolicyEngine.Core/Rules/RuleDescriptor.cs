namespace PolicyEngine.Core.Rules;

/// <summary>
/// What a rule is, independent of how it is matched: the single source every reporter, the documentation and
/// Security Hub read (as Roslyn's DiagnosticDescriptor is for analyzers).
/// </summary>
public sealed record RuleDescriptor
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required Severity DefaultSeverity { get; init; }
    public required string Category { get; init; }
    public required string Recommendation { get; init; }
    public required string Rationale { get; init; }
    public required string Remediation { get; init; }
    public IReadOnlyList<string> References { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The framework requirements the rule checks, the recommendation first (from the rule's 'recommendation' and 'mappings').</summary>
    public IReadOnlyList<Frameworks.RequirementMapping> Mappings { get; init; } = [];

    /// <summary>The mappings as text ("CIS AWS Foundations Benchmark v3.0.0 1.4"), for Compliance.RelatedRequirements.</summary>
    public IReadOnlyList<string> RelatedRequirements { get; init; } = [];

    public IReadOnlyDictionary<string, object?> Parameters { get; init; } = new Dictionary<string, object?>();

    /// <summary>The fact type each result is about.</summary>
    public required string SubjectType { get; init; }

    /// <summary>Every fact type the rule reads; a collection error for any of them makes the result unknown.</summary>
    public IReadOnlyList<string> FactTypes { get; init; } = [];

    /// <summary>The rule file, relative to the rules folder, with forward slashes.</summary>
    public string? SourcePath { get; init; }

    public string HelpUri => Results.ToolInfo.DocsUrl($"rules/{Id}.md");
}
