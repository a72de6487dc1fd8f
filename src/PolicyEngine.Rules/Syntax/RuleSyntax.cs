using PolicyEngine.Diagnostics;
using PolicyEngine.Syntax;

namespace PolicyEngine.Rules.Syntax;


/// <summary>A rule file as parsed: every value carries its location; nothing is bound yet.</summary>
public sealed record RuleSyntax
{
    public required string Path { get; init; }
    public required Located<string> Id { get; init; }
    public required string Title { get; init; }
    public required Located<string> Severity { get; init; }
    public required string Category { get; init; }
    public required Located<string> Recommendation { get; init; }
    public required string Rationale { get; init; }
    public required string Remediation { get; init; }
    public IReadOnlyList<string> References { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<MappingSyntax> Mappings { get; init; } = [];
    public IReadOnlyList<ParameterSyntax> Parameters { get; init; } = [];
    public required PatternSyntax Subject { get; init; }
    public required IReadOnlyList<ElementSyntax> When { get; init; }
    public required ExpressionSyntax Message { get; init; }
    public ExpressionSyntax? PassMessage { get; init; }
    public EvidenceSyntax? Evidence { get; init; }
    public NotApplicableSyntax? NotApplicable { get; init; }
}

/// <summary>
/// What a result shows besides its verdict: facts matched with the subject under 'when' elements, each rendered as a
/// note (an exemption the rule applied, say), on passing and failing results alike.
/// </summary>
public sealed record EvidenceSyntax(ExpressionSyntax Note, IReadOnlyList<ElementSyntax> When, SourceLocation Location);

/// <summary>The requirements of one framework version that a rule checks, as written under 'mappings'.</summary>
public sealed record MappingSyntax(Located<string> Framework, Located<string>? Version, IReadOnlyList<Located<string>> Requirements, SourceLocation Location);

/// <summary>
/// When the rule does not apply to a subject: a subject matched with the subject under 'when' elements is reported
/// not applicable, with the rendered message, instead of being judged.
/// </summary>
public sealed record NotApplicableSyntax(ExpressionSyntax Message, IReadOnlyList<ElementSyntax> When, SourceLocation Location);

/// <summary>A rule parameter and its default value (a string, number, boolean or list of strings).</summary>
public sealed record ParameterSyntax(string Name, object Value, SourceLocation Location);

public abstract record ElementSyntax(SourceLocation Location);

/// <summary>Matches facts of one type under an alias, where every condition holds.</summary>
public sealed record PatternSyntax(Located<string> FactType, Located<string> Alias, IReadOnlyList<ExpressionSyntax> Where, SourceLocation Location)
    : ElementSyntax(Location);

public enum GroupKind
{
    Not,
    Exists,
    Any,
}

/// <summary>A group of elements: none may match (not), at least one match exists (exists), or either branch (any).</summary>
public sealed record GroupSyntax(GroupKind Kind, IReadOnlyList<ElementSyntax> Elements, SourceLocation Location) : ElementSyntax(Location);

/// <summary>Collects the facts of one type that meet the conditions into a list, then tests the list (a count, for example).</summary>
public sealed record CollectSyntax(
    Located<string> FactType,
    Located<string> Alias,
    Located<string> Each,
    IReadOnlyList<ExpressionSyntax> Where,
    IReadOnlyList<ExpressionSyntax> Having,
    SourceLocation Location) : ElementSyntax(Location);
