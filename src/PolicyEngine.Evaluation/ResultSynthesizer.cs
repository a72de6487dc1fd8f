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
            // Most partitions hold one subject per rule: its matches are then looked through rather than indexed.
            var indexed = subjects.Count > 1;
            var violationsBySubject = new BySubject(matchesByRule, rule, RuleRole.Violation, indexed);
            var notesBySubject = new BySubject(matchesByRule, rule, RuleRole.Evidence, indexed);
            var outOfScope = new BySubject(matchesByRule, rule, RuleRole.NotApplicable, indexed);
            var missing = partition.Errors.Count == 0 ? [] : partition.Errors.Where(e => rule.Descriptor.FactTypes.Contains(e.FactType)).ToList();
            var seen = indexed ? new HashSet<object>() : null;
            foreach (var subjectMatch in subjects)
            {
                var subject = subjectMatch.Facts[rule.SubjectAlias];
                if (seen is not null && !seen.Add(subject)) continue;
                var notApplicable = outOfScope[subject];
                results.Add(Judge(rule, (IFact)subject, subjectMatch, violationsBySubject[subject], missing, evaluationError, notesBySubject[subject],
                    notApplicable.Count > 0 ? notApplicable[0] : null));
            }
        }
        return results;
    }

    /// <summary>
    /// A rule's matches in one role, by the subject they are about (subjects compared as values, as a lookup would): an
    /// index when the partition has several subjects, a look through the few matches when it has one.
    /// </summary>
    private readonly struct BySubject
    {
        private readonly List<Match>? _matches;
        private readonly string _alias;
        private readonly ILookup<object, Match>? _index;

        public BySubject(Dictionary<(string RuleId, RuleRole Role), List<Match>> matchesByRule, CompiledRule rule, RuleRole role, bool indexed)
        {
            var alias = _alias = rule.SubjectAlias;
            _matches = matchesByRule.GetValueOrDefault((rule.Id, role));
            _index = indexed && _matches is not null ? _matches.ToLookup(m => m.Facts[alias]) : null;
        }

        public IReadOnlyList<Match> this[object subject]
        {
            get
            {
                if (_matches is null) return [];
                if (_index is not null) return [.. _index[subject]];
                List<Match>? about = null;
                foreach (var match in _matches)
                    if (Equals(match.Facts[_alias], subject)) (about ??= []).Add(match);
                return about ?? (IReadOnlyList<Match>)[];
            }
        }
    }

    private static RuleResult Judge(CompiledRule rule, IFact subject, Match subjectMatch, IReadOnlyList<Match> violations, List<CollectionError> missing,
        string? evaluationError, IReadOnlyList<Match> notes, Match? notApplicable)
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

    private static RuleResult Verdict(CompiledRule rule, IFact subject, Match subjectMatch, IReadOnlyList<Match> violations, List<CollectionError> missing, string? evaluationError)
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
    private static RuleResult WithNotes(CompiledRule rule, RuleResult result, IReadOnlyList<Match> notes)
    {
        if (rule.EvidenceNote is null) return result;
        var rendered = notes.Select(n => Render(rule, rule.EvidenceNote, n.Facts)!).Distinct().Order(StringComparer.Ordinal).ToList();
        return rendered.Count == 0 ? result : result with { Evidence = [.. result.Evidence, .. rendered] };
    }

    private static RuleResult Fail(CompiledRule rule, IFact subject, IReadOnlyList<Match> violations, List<CollectionError> missing)
    {
        // Each violation's message, and the resources it matched besides the subject: each once, in ordinal order.
        var messages = new List<string>(violations.Count);
        var evidence = new List<string>();
        foreach (var violation in violations)
        {
            messages.Add(Render(rule, rule.Message, violation.Facts)!);
            foreach (var (alias, fact) in violation.Facts)
                if (alias != rule.SubjectAlias && fact is IFact matched) evidence.Add(matched.ResourceId);
        }
        messages = OrdinalSet(messages);
        var message = messages.Count == 1 ? messages[0] : $"{messages[0]} (and {messages.Count - 1} more)";
        // Found despite data that could not be read: say what was not seen, since there may be more.
        if (missing.Count > 0) message += $" Not read: {string.Join("; ", missing.Select(e => e.Describe()))}.";
        return Result(rule, subject, ResultStatus.Fail, message) with { Evidence = OrdinalSet(evidence) };
    }

    /// <summary>The strings without repeats, in ordinal order.</summary>
    private static List<string> OrdinalSet(List<string> strings)
    {
        if (strings.Count < 2) return strings;
        strings.Sort(StringComparer.Ordinal);
        var kept = 1;
        for (var i = 1; i < strings.Count; i++)
            if (!string.Equals(strings[i], strings[kept - 1], StringComparison.Ordinal)) strings[kept++] = strings[i];
        strings.RemoveRange(kept, strings.Count - kept);
        return strings;
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
