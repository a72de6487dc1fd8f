using PolicyEngine.Core.Results;

namespace PolicyEngine.Evaluation.Tracing;

/// <summary>What --explain names: RULE, or RULE:WHICH (a subject for evaluate, a test case for rules test).</summary>
public static class ExplainTarget
{
    /// <summary>Splits at the first colon: a rule ID has none, while a subject (an ARN) or a case name may.</summary>
    public static bool TryParse(string text, out string ruleId, out string? which)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        ruleId = colon < 0 ? text : text[..colon];
        which = colon < 0 ? null : text[(colon + 1)..];
        return ruleId.Length > 0 && which is not { Length: 0 };
    }

    /// <summary>The evaluator's result for the traced subject, if it reported one.</summary>
    public static RuleResult? ResultFor(IEnumerable<RuleResult> results, SubjectTrace trace) =>
        results.FirstOrDefault(r => r.RuleId == trace.Rule.Id && r.AccountId == trace.Subject.AccountId && r.Resource == trace.Subject.ResourceId);
}
