using PolicyEngine.Core.Results;
using PolicyEngine.Diagnostics;
using PolicyEngine.Rules.Helpers;

namespace PolicyEngine.Evaluation.Outcomes;

/// <summary>
/// An accepted result: rule ID, account and resource (exact or '*' glob), a justification, an owner and an expiry.
/// </summary>
public sealed record SuppressionRule(
    string RuleId,
    string Account,
    string Resource,
    string Justification,
    string Owner,
    DateOnly Expires,
    SourceLocation Location)
{
    public bool Matches(RuleResult result) =>
        result.RuleId == RuleId && Text.Like(result.AccountId, Account) && Text.Like(result.Resource, Resource);

    public bool IsExpired(DateOnly today) => Expires < today;
}

/// <summary>What applying suppressions found: the results, and suppressions that expired or matched nothing.</summary>
public sealed record SuppressionOutcome(IReadOnlyList<RuleResult> Results, IReadOnlyList<Diagnostic> Diagnostics);

public static class Suppressions
{
    /// <summary>
    /// Marks failing results that an active suppression covers as suppressed, keeping the justification. Unknown
    /// results are never suppressed: accepting a risk needs the data that shows it.
    /// An expired suppression suppresses nothing and is reported; one that matches nothing is reported as unused.
    /// </summary>
    public static SuppressionOutcome Apply(IReadOnlyList<RuleResult> results, IReadOnlyList<SuppressionRule> rules, DateOnly today)
    {
        var used = new HashSet<SuppressionRule>();
        var diagnostics = new List<Diagnostic>();
        var output = new List<RuleResult>(results.Count);
        foreach (var result in results)
        {
            if (result.Status != ResultStatus.Fail)
            {
                output.Add(result);
                continue;
            }
            var matching = rules.Where(r => r.Matches(result)).ToList();
            foreach (var match in matching) used.Add(match);
            var active = matching.FirstOrDefault(r => !r.IsExpired(today));
            output.Add(active is null ? result : result with
            {
                Status = ResultStatus.Suppressed,
                Suppression = new Suppression(active.Justification, active.Owner, active.Expires),
            });
        }
        foreach (var rule in rules)
        {
            if (rule.IsExpired(today))
                diagnostics.Add(DiagnosticDescriptors.SuppressionExpired.Create(rule.Location, rule.RuleId, rule.Account, rule.Expires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), rule.Owner));
            else if (!used.Contains(rule))
                diagnostics.Add(DiagnosticDescriptors.SuppressionUnused.Create(rule.Location, rule.RuleId, rule.Account, rule.Resource));
        }
        return new SuppressionOutcome(output, diagnostics);
    }
}
