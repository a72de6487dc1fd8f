using PolicyEngine.Core.Results;

namespace PolicyEngine.Evaluation.Outcomes;

/// <summary>Compares a run with the JSON report of a previous run, so the on-call person sees only what changed.</summary>
public static class Baseline
{
    /// <summary>
    /// Failing results become new or unchanged; results that failed before and do not now become resolved (a passing
    /// result is marked; a subject that is gone is carried over as resolved). Only rules that ran are compared.
    /// </summary>
    public static IReadOnlyList<RuleResult> Compare(IReadOnlyList<RuleResult> current, IReadOnlyList<RuleResult> previous, IReadOnlySet<string> rulesThatRan)
    {
        var failedBefore = previous.Where(r => r.Status == ResultStatus.Fail && rulesThatRan.Contains(r.RuleId))
            .GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.First());
        var output = new List<RuleResult>(current.Count);
        var seen = new HashSet<string>();
        foreach (var result in current)
        {
            seen.Add(result.Key);
            var before = failedBefore.ContainsKey(result.Key);
            output.Add(result.Status switch
            {
                ResultStatus.Fail => result with { Baseline = before ? BaselineState.Unchanged : BaselineState.New },
                ResultStatus.Pass or ResultStatus.Suppressed or ResultStatus.NotApplicable when before => result with { Baseline = BaselineState.Resolved },
                _ => result,
            });
        }
        foreach (var (key, gone) in failedBefore.Where(p => !seen.Contains(p.Key)))
            output.Add(gone with
            {
                Status = ResultStatus.Pass,
                Baseline = BaselineState.Resolved,
                Message = $"No longer reported: {gone.Message}",
                Evidence = [],
            });
        return output.Sorted().ToList();
    }
}
