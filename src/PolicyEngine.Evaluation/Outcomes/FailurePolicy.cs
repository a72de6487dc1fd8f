using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;

namespace PolicyEngine.Evaluation.Outcomes;

/// <summary>What makes a run fail: failing results at or above a severity, optionally only the new ones.</summary>
public sealed record FailurePolicy(Severity Threshold, bool OnlyNew)
{
    public static readonly FailurePolicy Default = new(Severity.Info, false);

    public IReadOnlyList<RuleResult> Failing(IEnumerable<RuleResult> results) =>
        results.Where(r => r.Status == ResultStatus.Fail && r.Severity >= Threshold && (!OnlyNew || r.Baseline != BaselineState.Unchanged)).ToList();
}
