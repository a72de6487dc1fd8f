using PolicyEngine.Core.Frameworks;
using PolicyEngine.Core.Rules;

namespace PolicyEngine.Core.Results;

/// <summary>Everything a reporter needs about one run: the rules that ran and their results.</summary>
public sealed record EvaluationReport
{
    public required IReadOnlyList<RuleDescriptor> Rules { get; init; }
    public required IReadOnlyList<RuleResult> Results { get; init; }
    public required DateTimeOffset EvaluatedAt { get; init; }
    public string ToolVersion { get; init; } = ToolInfo.Version;

    /// <summary>Effective severities where configuration changed a rule's default.</summary>
    public IReadOnlyDictionary<string, Severity> SeverityOverrides { get; init; } = new Dictionary<string, Severity>();

    /// <summary>The frameworks the rules were mapped against: requirement titles, and the requirements no rule covers.</summary>
    public FrameworkCatalog Frameworks { get; init; } = FrameworkCatalog.Empty;

    /// <summary>The framework (id@version) every report groups its results by, when one was asked for (evaluate --framework).</summary>
    public string? Framework { get; init; }

    public int Count(ResultStatus status) => Results.Count(r => r.Status == status);
}

public static class ToolInfo
{
    public const string Name = "PolicyEngine";

    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>The project's home; help links of rules and diagnostics point into its docs.</summary>
    public const string RepositoryUrl = "https://github.com/policyengine/policyengine";

    /// <summary>The address of a file of the repository's docs folder as published on the main branch.</summary>
    public static string DocsUrl(string pathUnderDocs) => $"{RepositoryUrl}/blob/main/docs/{pathUnderDocs}";
}
