using PolicyEngine.Core.Results;
using PolicyEngine.Core.Text;
using PolicyEngine.Rules.Syntax;
using PolicyEngine.Rules.Tracing;

namespace PolicyEngine.Evaluation.Tracing;

/// <summary>
/// Writes a subject's trace as text over the rule's YAML: the verdict and message, then every pattern and condition
/// with its file(line,col), the facts each pattern matched or the condition that turned each away with the values it
/// read, the group that decided, and what could not be collected. Each line is escaped (snapshots are untrusted).
/// </summary>
public static class TraceText
{
    public static void Write(SubjectTrace trace, RuleResult? result, TextWriter output)
    {
        void Line(int depth, string text) => output.WriteLine(UntrustedText.Escape(new string(' ', depth * 2) + text));

        var rule = trace.Rule;
        Line(0, $"{rule.Id} {(result?.Status.ToName() ?? "not reported")} for {TraceValues.Describe(trace.Subject)} (account {trace.Subject.AccountId})");
        if (result is not null) Line(1, TraceValues.Truncate(result.Message, 400));
        if (result?.UnknownReason is { } reason) Line(1, $"unknown because: {reason}");

        var plan = rule.Plan;
        Line(1, $"{plan.Subject.Location}: subject {plan.Subject.Label}: {TraceValues.Describe(trace.Subject)}");
        if (trace.SubjectConditions is { } own)
            foreach (var outcome in own.Conditions)
                Line(2, Condition(outcome));

        WritePart(Line, "when", trace.When, trace.Violated
            ? "matched: the subject fails"
            : "did not match: no violation");
        if (trace.NotApplicable is { } notApplicable)
            WritePart(Line, "notApplicable", notApplicable, notApplicable.Matched ? "matched: the rule does not apply to the subject" : "did not match: the rule applies");
        if (trace.Evidence is { } evidence)
            WritePart(Line, "evidence", evidence, $"{evidence.Matches.Count} match(es) noted");

        if (trace.Missing.Count > 0)
        {
            Line(1, "not collected (facts the rule reads that are missing):");
            foreach (var error in trace.Missing)
                Line(2, $"{error.Describe()}{(error.AccountId is null ? " for the organization" : $" in {error.AccountId}")}: {TraceValues.Truncate(error.Message, 200)}");
        }
    }

    private static void WritePart(Action<int, string> line, string name, PartTrace part, string verdict)
    {
        line(1, $"{name}: {verdict}");
        var decided = part.Matched ? null : part.Elements.FirstOrDefault(e => e.Held == 0);
        foreach (var element in part.Elements)
            WriteElement(line, element, 2, element == decided);
    }

    private static void WriteElement(Action<int, string> line, ElementTrace trace, int depth, bool decided)
    {
        var element = trace.Element;
        var mark = decided ? "  <- decides: the part stops here" : "";
        if (!trace.Evaluated && element is not PlanCollect)
        {
            line(depth, $"{element.Location}: {element.Label}: not evaluated (an earlier element did not match){mark}");
            return;
        }
        switch (element)
        {
            case PlanGroup { Group: GroupKind.Any }:
                line(depth, $"{element.Location}: any: {(trace.Held > 0 ? "a branch matched" : "no branch matched")}{mark}");
                foreach (var child in trace.Children) WriteElement(line, child, depth + 1, false);
                break;
            case PlanGroup group:
                var held = trace.Held > 0;
                var what = group.Group == GroupKind.Not
                    ? held ? "holds: nothing inside matched" : $"fails: {trace.InnerMatches} match(es) inside"
                    : held ? $"holds: {trace.InnerMatches} match(es) inside" : "fails: nothing inside matched";
                line(depth, $"{element.Location}: {group.Kind}: {what}{mark}");
                foreach (var child in trace.Children) WriteElement(line, child, depth + 1, false);
                break;
            case PlanPattern pattern:
                var matched = trace.Candidates.Where(c => c.Matched).ToList();
                line(depth, $"{element.Location}: {pattern.Label}: "
                    + (matched.Count > 0 ? $"matched {matched.Count} fact(s)" : $"no fact matched ({Considered(trace)} considered)") + mark);
                WriteCandidates(line, trace, depth + 1);
                break;
            case PlanCollect collect:
                line(depth, $"{element.Location}: {collect.Label}: {trace.ListSize ?? 0} item(s) collected{mark}");
                WriteCandidates(line, trace, depth + 1);
                foreach (var having in trace.Having) line(depth + 1, "having " + Condition(having));
                break;
        }
        foreach (var error in trace.Missing)
            line(depth + 1, $"not collected: {error.Describe()}{(error.AccountId is null ? "" : $" in {error.AccountId}")}");
    }

    private static string Considered(ElementTrace trace) => (trace.Candidates.Count + trace.MoreCandidates).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void WriteCandidates(Action<int, string> line, ElementTrace trace, int depth)
    {
        foreach (var candidate in trace.Candidates)
        {
            line(depth, $"{(candidate.Matched ? "matched" : "turned away")}: {TraceValues.Describe(candidate.Fact)}");
            foreach (var outcome in candidate.Conditions)
                line(depth + 1, Condition(outcome));
        }
        if (trace.MoreCandidates > 0) line(depth, $"… and {trace.MoreCandidates} more fact(s)");
    }

    /// <summary>"file(line,col): text: true [path = value, ...]", or the error it threw.</summary>
    public static string Condition(ConditionOutcome outcome)
    {
        var values = outcome.Values.Count == 0 ? "" : $"  [{string.Join(", ", outcome.Values.Select(v => $"{v.Path} = {TraceValues.Format(v.Value)}"))}]";
        var result = outcome.Error is null ? (outcome.Result ? "true" : "false") : $"threw ({TraceValues.Truncate(outcome.Error, 200)})";
        return $"{outcome.Condition.Location}: {TraceValues.Truncate(outcome.Condition.Label, 200)}: {result}{values}";
    }
}
