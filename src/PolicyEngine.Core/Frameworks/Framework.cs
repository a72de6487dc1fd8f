namespace PolicyEngine.Core.Frameworks;

/// <summary>
/// A published set of requirements a rule can be mapped to (AWS's management-account page in one of its versions,
/// IAM's root-user best practices, Security Hub CSPM controls, a CIS benchmark version). Read from a data file under
/// rules/frameworks, never written in code, so a new framework or version is one file.
/// </summary>
public sealed record Framework
{
    /// <summary>The short name used on the command line and in rule mappings, such as cis-aws-foundations.</summary>
    public required string Id { get; init; }

    /// <summary>The version label; several versions of one framework may be loaded side by side.</summary>
    public required string Version { get; init; }

    public required string Name { get; init; }

    public string? Url { get; init; }

    /// <summary>What the file holds when it is a subset of the framework (the requirements about the management account, say).</summary>
    public string? Scope { get; init; }

    /// <summary>The prefix of Security Hub's Compliance.RelatedRequirements entries, such as "CIS AWS Foundations Benchmark v3.0.0".</summary>
    public required string Label { get; init; }

    /// <summary>The Security Hub standard this framework is published as (its StandardsId), for Compliance.AssociatedStandards.</summary>
    public string? SecurityHubStandard { get; init; }

    /// <summary>True for the one framework whose requirement IDs a rule's 'recommendation' names.</summary>
    public bool IsRecommendations { get; init; }

    public required IReadOnlyList<Requirement> Requirements { get; init; }

    /// <summary>How the framework is named on the command line and in reports: id@version.</summary>
    public string Key => $"{Id}@{Version}";

    public Requirement? Find(string requirementId) => Requirements.FirstOrDefault(r => r.Id == requirementId);

    public int IndexOf(string requirementId)
    {
        for (var i = 0; i < Requirements.Count; i++)
            if (Requirements[i].Id == requirementId) return i;
        return -1;
    }
}

/// <summary>One requirement of a framework: an anchor of a page, a control, a benchmark item.</summary>
public sealed record Requirement(string Id, string Title, string? Url);

/// <summary>A rule's claim that it checks (part of) one requirement of one framework version.</summary>
public sealed record RequirementMapping(string Framework, string Version, string RequirementId, string Title, string? Url)
{
    public string FrameworkKey => $"{Framework}@{Version}";
}
