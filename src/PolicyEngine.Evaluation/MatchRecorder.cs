using NRules.Extensibility;
using NRules.RuleModel;
using PolicyEngine.Rules;

namespace PolicyEngine.Evaluation;

/// <summary>One firing: which rule matched in which role (its definition's properties), and the facts matched under each alias.</summary>
public sealed record Match(string RuleId, RuleRole Role, IReadOnlyDictionary<string, object> Facts);

/// <summary>
/// Records firings instead of running actions, and the rules whose conditions threw. One per session: NRules
/// sessions are single-threaded, so no locking is needed.
/// </summary>
internal sealed class MatchRecorder(IEnumerable<Match>? matches = null) : IActionInterceptor
{
    public List<Match> Matches { get; } = [.. matches ?? []];
    public Dictionary<string, string> EvaluationErrors { get; } = new(StringComparer.Ordinal);

    public void Intercept(IContext context, IReadOnlyCollection<IActionInvocation> actions)
    {
        var (ruleId, role) = RuleIdentity.Of(context.Rule);
        var facts = Bindings.Empty;
        foreach (var fact in context.Match.Facts)
            if (fact.Value is not null) facts = facts.With(fact.Declaration.Name, fact.Value);
        Matches.Add(new Match(ruleId, role, facts));
    }

    public void RecordError(IEnumerable<IRuleDefinition> rules, Exception exception)
    {
        var reason = exception.InnerException?.Message ?? exception.Message;
        foreach (var rule in rules)
            EvaluationErrors.TryAdd(RuleIdentity.Of(rule).RuleId, reason);
    }
}
