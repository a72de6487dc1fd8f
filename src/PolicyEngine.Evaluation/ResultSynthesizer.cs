using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Results;
using PolicyEngine.Rules;
using PolicyEngine.Rules.Binding;
using PolicyEngine.Rules.Runtime;

namespace PolicyEngine.Evaluation;

/// <summary>
/// Turns one session's firings into exactly one result per rule and subject: not applicable when the rule's
/// 'notApplicable' part matched, fail when the violation matched, unknown when data the rule reads is missing or the
/// rule threw, pass otherwise.
/// </summary>
internal static class ResultSynthesizer
{
    public static IReadOnlyList<RuleResult> Synthesize(IEnumerable<CompiledRule> rules, MatchRecorder recorder, Partition partition)
    {
        if (recorder.Matches.Count == 0 && recorder.EvaluationErrors.Count == 0) return [];
        // Indexed once per partition: most rules have no subject in most partitions and cost nothing.
        var matchesByRule = new Dictionary<(string RuleId, RuleRole Role), List<Match>>();
        foreach (var match in recorder.Matches)
            (matchesByRule.TryGetValue((match.RuleId, match.Role), out var list) ? list : matchesByRule[(match.RuleId, match.Role)] = []).Add(match);
        var results = new List<RuleResult>();
        foreach (var rule in rules)
        {
            recorder.EvaluationErrors.TryGetValue(rule.Id, out var evaluationError);
            if (!matchesByRule.TryGetValue((rule.Id, RuleRole.Subject), out var subjects))
            {
                // A subject condition that threw matched nothing: the subjects are unknown, not absent.
                if (evaluationError is not null)
                    results.Add(Unknown(rule, partition.AccountId, $"{rule.Descriptor.SubjectType} (not evaluated)", [], FailedWhileEvaluating(evaluationError)));
                continue;
            }
            var violationsBySubject = BySubject(rule, matchesByRule, RuleRole.Violation);
            var notesBySubject = BySubject(rule, matchesByRule, RuleRole.Evidence);
            var outOfScope = BySubject(rule, matchesByRule, RuleRole.NotApplicable);
            var missing = partition.Errors.Count == 0 ? [] : partition.Errors.Where(e => rule.Descriptor.FactTypes.Contains(e.FactType)).ToList();
            var seen = new HashSet<object>();
            foreach (var subjectMatch in subjects)
            {
                var subject = subjectMatch.Facts[rule.SubjectAlias];
                if (!seen.Add(subject)) continue;
                results.Add(Judge(rule, (IFact)subject, subjectMatch, violationsBySubject[subject].ToList(), missing, evaluationError, notesBySubject[subject],
                    outOfScope[subject].FirstOrDefault()));
            }
        }
        return results;
    }

    private static ILookup<object, Match> BySubject(CompiledRule rule, Dictionary<(string RuleId, RuleRole Role), List<Match>> matchesByRule, RuleRole role) =>
        matchesByRule.TryGetValue((rule.Id, role), out var matches) ? matches.ToLookup(m => m.Facts[rule.SubjectAlias]) : NoMatches;

    // Most rules have no evidence or notApplicable part, and most subjects pass: one empty lookup serves them all.
    private static readonly ILookup<object, Match> NoMatches = Array.Empty<Match>().ToLookup(m => (object)m);

    private static RuleResult Judge(CompiledRule rule, IFact subject, Match subjectMatch, List<Match> violations, List<CollectionError> missing,
        string? evaluationError, IEnumerable<Match> notes, Match? notApplicable)
    {
        try
        {
            // The rule said the subject is out of its scope, on facts that were read: nothing else about it is judged.
            if (evaluationError is null && notApplicable is not null)
                return WithNotes(rule, Result(rule, subject, ResultStatus.NotApplicable, Render(rule, rule.NotApplicableMessage, notApplicable.Facts)!), notes);
            return WithNotes(rule, Verdict(rule, subject, subjectMatch, violations, missing, evaluationError), notes);
        }
        catch (Exception e) when (e is MessageTemplateException or EvaluationBudgetExceededException)
        {
            // A message that cannot be rendered is treated like a condition that throws: the verdict cannot be reported.
            return Unknown(rule, subject.AccountId, subject.ResourceId, [], FailedWhileEvaluating(e.Message));
        }
    }

    private static RuleResult Verdict(CompiledRule rule, IFact subject, Match subjectMatch, List<Match> violations, List<CollectionError> missing, string? evaluationError)
    {
        if (evaluationError is not null)
            return Unknown(rule, subject.AccountId, subject.ResourceId, [], FailedWhileEvaluating(evaluationError));
        if (violations.Count > 0 && !(rule.DependsOnAbsence && missing.Any(e => rule.AbsenceFactTypes?.Contains(e.FactType) ?? true)))
            return Fail(rule, subject, violations, missing);
        if (missing.Count > 0 && !(violations.Count == 0 && rule.PassIsConclusive))
            return Unknown(rule, subject.AccountId, subject.ResourceId, missing);
        return Result(rule, subject, ResultStatus.Pass, Render(rule, rule.PassMessage, subjectMatch.Facts) ?? $"No violation of {rule.Id} found.");
    }

    private static string FailedWhileEvaluating(string error) => $"the rule failed while evaluating: {error}";

    /// <summary>Renders a message on the rule's time budget: its placeholders may iterate like conditions do.</summary>
    private static string? Render(CompiledRule rule, MessageTemplate? template, IReadOnlyDictionary<string, object> facts)
    {
        if (template is null) return null;
        EvaluationBudget.Enter(rule.Id);
        try
        {
            return template.Render(facts);
        }
        finally
        {
            EvaluationBudget.Exit(true);
        }
    }

    /// <summary>The rule's evidence notes (an exemption it applied, say) follow the failing resources, whatever the verdict.</summary>
    private static RuleResult WithNotes(CompiledRule rule, RuleResult result, IEnumerable<Match> notes)
    {
        if (rule.EvidenceNote is null) return result;
        var rendered = notes.Select(n => Render(rule, rule.EvidenceNote, n.Facts)!).Distinct().Order(StringComparer.Ordinal).ToList();
        return rendered.Count == 0 ? result : result with { Evidence = [.. result.Evidence, .. rendered] };
    }

    private static RuleResult Fail(CompiledRule rule, IFact subject, List<Match> violations, List<CollectionError> missing)
    {
        var messages = violations.Select(v => Render(rule, rule.Message, v.Facts)!).Distinct().Order(StringComparer.Ordinal).ToList();
        var evidence = violations
            .SelectMany(v => v.Facts.Where(f => f.Key != rule.SubjectAlias).Select(f => f.Value))
            .OfType<IFact>()
            .Select(f => f.ResourceId)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var message = messages.Count == 1 ? messages[0] : $"{messages[0]} (and {messages.Count - 1} more)";
        // Found despite data that could not be read: say what was not seen, since there may be more.
        if (missing.Count > 0) message += $" Not read: {string.Join("; ", missing.Select(e => e.Describe()))}.";
        return Result(rule, subject, ResultStatus.Fail, message) with { Evidence = evidence };
    }

    public static RuleResult Unknown(CompiledRule rule, string accountId, string resource, IReadOnlyList<CollectionError> missing, string? reason = null)
    {
        reason ??= string.Join("; ", missing.Select(e => e.Describe()));
        return new RuleResult
        {
            RuleId = rule.Id,
            Recommendation = rule.Descriptor.Recommendation,
            Status = ResultStatus.Unknown,
            Severity = rule.Severity,
            AccountId = accountId,
            Resource = resource,
            Message = $"Could not evaluate {rule.Id}: {reason}.",
            UnknownReason = reason,
        };
    }

    private static RuleResult Result(CompiledRule rule, IFact subject, ResultStatus status, string message) => new()
    {
        RuleId = rule.Id,
        Recommendation = rule.Descriptor.Recommendation,
        Status = status,
        Severity = rule.Severity,
        AccountId = subject.AccountId,
        Resource = subject.ResourceId,
        Message = message,
    };
}
