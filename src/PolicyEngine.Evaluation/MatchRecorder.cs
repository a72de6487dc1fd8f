using System.Collections;
using System.Diagnostics.CodeAnalysis;
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
        Matches.Add(new Match(ruleId, role, MatchedFacts.Of(context.Match.Facts)));
    }

    public void RecordError(IEnumerable<IRuleDefinition> rules, Exception exception)
    {
        var reason = exception.InnerException?.Message ?? exception.Message;
        foreach (var rule in rules)
            EvaluationErrors.TryAdd(RuleIdentity.Of(rule).RuleId, reason);
    }
}

/// <summary>
/// One firing's facts by alias, as two arrays: a rule binds a few aliases, which are searched faster than hashed, and
/// every one of a run's tens of thousands of firings once had a dictionary of its own. Aliases are unique in a rule.
/// </summary>
internal sealed class MatchedFacts : IReadOnlyDictionary<string, object>
{
    private readonly string[] _aliases;
    private readonly object[] _facts;

    private MatchedFacts(string[] aliases, object[] facts)
    {
        _aliases = aliases;
        _facts = facts;
    }

    /// <summary>The facts a firing matched, in declaration order; a declaration with no value (an empty optional match) is left out.</summary>
    public static MatchedFacts Of(IEnumerable<IFactMatch> matched)
    {
        var all = matched as IFactMatch[] ?? [.. matched];
        var count = 0;
        foreach (var fact in all)
            if (fact.Value is not null) count++;
        var aliases = new string[count];
        var facts = new object[count];
        count = 0;
        foreach (var fact in all)
        {
            if (fact.Value is null) continue;
            aliases[count] = fact.Declaration.Name;
            facts[count++] = fact.Value;
        }
        return new MatchedFacts(aliases, facts);
    }

    public int Count => _aliases.Length;

    public object this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No fact is bound to '{key}'.");

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value)
    {
        var i = Array.IndexOf(_aliases, key);
        value = i < 0 ? null : _facts[i];
        return i >= 0;
    }

    public bool ContainsKey(string key) => Array.IndexOf(_aliases, key) >= 0;

    public IEnumerable<string> Keys => _aliases;

    public IEnumerable<object> Values => _facts;

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        for (var i = 0; i < _aliases.Length; i++) yield return new KeyValuePair<string, object>(_aliases[i], _facts[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
