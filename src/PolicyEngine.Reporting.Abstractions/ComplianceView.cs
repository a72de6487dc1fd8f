using PolicyEngine.Core.Frameworks;
using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;

namespace PolicyEngine.Reporting;

/// <summary>Where a run leaves one requirement of a framework.</summary>
public enum RequirementStatus
{
    /// <summary>At least one result of a mapped rule fails.</summary>
    Fail,

    /// <summary>No failure, but at least one result could not be decided (data not collected).</summary>
    Unknown,

    /// <summary>Every result of the mapped rules passes, or fails under a suppression someone accepted.</summary>
    Pass,

    /// <summary>No rule of this run maps to the requirement, or the mapped rules judged nothing (no subject, or not applicable).</summary>
    NotCovered,
}

/// <summary>One requirement with the rules that check it and their results, failing first.</summary>
public sealed record RequirementOutcome(Requirement Requirement, RequirementStatus Status, IReadOnlyList<string> RuleIds, IReadOnlyList<RuleResult> Results)
{
    public int Count(ResultStatus status) => Results.Count(r => r.Status == status);
}

/// <summary>
/// A report grouped by one framework's requirements, as compliance tools present it (Prowler's compliance output,
/// Powerpipe benchmarks): every requirement of the framework, covered or not, with a status and the results under it.
/// A result appears under every requirement its rule maps to.
/// </summary>
public sealed record ComplianceView(Framework Framework, IReadOnlyList<RequirementOutcome> Requirements)
{
    public int Count(RequirementStatus status) => Requirements.Count(r => r.Status == status);

    public static ComplianceView Of(Framework framework, IReadOnlyList<RuleDescriptor> rules, IReadOnlyList<RuleResult> results)
    {
        var byRule = results.ToLookup(r => r.RuleId, StringComparer.Ordinal);
        var outcomes = framework.Requirements.Select(requirement =>
        {
            var ruleIds = rules.Where(rule => rule.Mappings.Any(m => m.Framework == framework.Id && m.Version == framework.Version && m.RequirementId == requirement.Id))
                .Select(rule => rule.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var mine = ruleIds.SelectMany(id => byRule[id])
                .OrderBy(r => ReportView.StatusOrder(r.Status)).ThenByDescending(r => r.Severity)
                .ThenBy(r => r.RuleId, StringComparer.Ordinal).ThenBy(r => r.AccountId, StringComparer.Ordinal).ThenBy(r => r.Resource, StringComparer.Ordinal)
                .ToList();
            return new RequirementOutcome(requirement, StatusOf(mine), ruleIds, mine);
        }).ToList();
        return new ComplianceView(framework, outcomes);
    }

    // Not-applicable results judged nothing: a requirement with only those is not covered, never passing.
    private static RequirementStatus StatusOf(IReadOnlyList<RuleResult> results) =>
        results.All(r => r.Status == ResultStatus.NotApplicable) ? RequirementStatus.NotCovered
        : results.Any(r => r.Status == ResultStatus.Fail) ? RequirementStatus.Fail
        : results.Any(r => r.Status == ResultStatus.Unknown) ? RequirementStatus.Unknown
        : RequirementStatus.Pass;

    public static string Name(RequirementStatus status) => status switch
    {
        RequirementStatus.Fail => "fail",
        RequirementStatus.Unknown => "unknown",
        RequirementStatus.Pass => "pass",
        _ => "not covered",
    };

    public string SummaryText() =>
        $"{Requirements.Count} requirements: {Count(RequirementStatus.Fail)} fail, {Count(RequirementStatus.Unknown)} unknown, " +
        $"{Count(RequirementStatus.Pass)} pass, {Count(RequirementStatus.NotCovered)} not covered";
}
