using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Results;
using PolicyEngine.Rules;

namespace PolicyEngine.Evaluation;

/// <summary>
/// Turns one session's firings into exactly one result per rule and subject: fail when the violation matched,
/// unknown when data the rule reads is missing or the rule threw, pass otherwise.
/// </summary>
internal static class ResultSynthesizer
{
    public static IReadOnlyList<RuleResult> Synthesize(IEnumerable<CompiledRule> rules, MatchRecorder recorder, Partition partition)
    {
        if (recorder.Matches.Count == 0) return [];
        // Indexed once per partition: most rules have no subject in most partitions and cost nothing.
        var matchesByRule = new Dictionary<string, List<Match>>(StringComparer.Ordinal);
        foreach (var match in recorder.Matches)
            (matchesByRule.TryGetValue(match.RuleName, out var list) ? list : matchesByRule[match.RuleName] = []).Add(match);
        var results = new List<RuleResult>();
        foreach (var rule in rules)
        {
            if (!matchesByRule.TryGetValue(rule.Id + CompiledRule.SubjectSuffix, out var subjects)) continue;
            var violationsBySubject = (matchesByRule.GetValueOrDefault(rule.Id) ?? []).ToLookup(m => m.Facts[rule.SubjectAlias]);
            var notesBySubject = (matchesByRule.GetValueOrDefault(rule.Id + CompiledRule.EvidenceSuffix) ?? []).ToLookup(m => m.Facts[rule.SubjectAlias]);
            var missing = partition.Errors.Count == 0 ? [] : partition.Errors.Where(e => rule.Descriptor.FactTypes.Contains(e.FactType)).ToList();
            recorder.EvaluationErrors.TryGetValue(rule.Id, out var evaluationError);
            var seen = new HashSet<object>();
            foreach (var subjectMatch in subjects)
            {
                var subject = subjectMatch.Facts[rule.SubjectAlias];
                if (!seen.Add(subject)) continue;
                var result = Judge(rule, (IFact)subject, subjectMatch, violationsBySubject[subject].ToList(), missing, evaluationError);
                results.Add(WithNotes(rule, result, notesBySubject[subject]));
            }
        }
        return results;
    }

    private static RuleResult Judge(CompiledRule rule, IFact subject, Match subjectMatch, List<Match> violations, List<CollectionError> missing, string? evaluationError)
    {
        if (evaluationError is not null)
            return Unknown(rule, subject.AccountId, subject.ResourceId, [], $"the rule failed while evaluating: {evaluationError}");
        if (violations.Count > 0 && !(rule.DependsOnAbsence && missing.Any(e => rule.AbsenceFactTypes?.Contains(e.FactType) ?? true)))
            return Fail(rule, subject, violations);
        if (missing.Count > 0 && !(violations.Count == 0 && rule.PassIsConclusive))
            return Unknown(rule, subject.AccountId, subject.ResourceId, missing);
        return Result(rule, subject, ResultStatus.Pass, rule.PassMessage?.Render(subjectMatch.Facts) ?? $"No violation of {rule.Id} found.");
    }

    /// <summary>The rule's evidence notes (an exemption it applied, say) follow the failing resources, whatever the verdict.</summary>
    private static RuleResult WithNotes(CompiledRule rule, RuleResult result, IEnumerable<Match> notes)
    {
        if (rule.EvidenceNote is null) return result;
        var rendered = notes.Select(n => rule.EvidenceNote.Render(n.Facts)).Distinct().Order(StringComparer.Ordinal).ToList();
        return rendered.Count == 0 ? result : result with { Evidence = [.. result.Evidence, .. rendered] };
    }

    private static RuleResult Fail(CompiledRule rule, IFact subject, List<Match> violations)
    {
        var messages = violations.Select(v => rule.Message.Render(v.Facts)).Distinct().Order(StringComparer.Ordinal).ToList();
        var evidence = violations
            .SelectMany(v => v.Facts.Where(f => f.Key != rule.SubjectAlias).Select(f => f.Value))
            .OfType<IFact>()
            .Select(f => f.ResourceId)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var message = messages.Count == 1 ? messages[0] : $"{messages[0]} (and {messages.Count - 1} more)";
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
            Severity = rule.Descriptor.DefaultSeverity,
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
        Severity = rule.Descriptor.DefaultSeverity,
        AccountId = subject.AccountId,
        Resource = subject.ResourceId,
        Message = message,
    };
}
