using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PolicyEngine.Rules.Helpers;

/// <summary>
/// Reads EventBridge event patterns: which of the root user's events would a rule's pattern catch? The pattern is
/// matched, with EventBridge's matching rules (values, prefix, suffix, equals-ignore-case, anything-but, exists,
/// wildcard, numeric, $or), against the events CloudTrail delivers for root's console sign-ins and API calls, and
/// against the same events made by other identities: a pattern sees root's events of a kind when it matches root's and
/// none of the others'. Where the rule lives is the caller's business: sign-ins and IAM/STS calls reach EventBridge in
/// us-east-1 only.
/// </summary>
public static class EventPatterns
{
    /// <summary>EventBridge's detail-type of console sign-ins; AWS's documentation also spells it "Signin".</summary>
    public static readonly IReadOnlyList<string> SignInDetailTypes = ["AWS Console Sign In via CloudTrail", "AWS Console Signin via CloudTrail"];

    public const string ApiCallDetailType = "AWS API Call via CloudTrail";

    /// <summary>True when the pattern catches root's console sign-ins, or root's API calls (see the two below).</summary>
    public static bool MatchesRootActivity(string? eventPattern) => SeesRootSignIns(eventPattern) || SeesRootApiCalls(eventPattern);

    /// <summary>True when the pattern matches the event of root's console sign-in, and not other identities' sign-ins.</summary>
    public static bool SeesRootSignIns(string? eventPattern) =>
        Parse(eventPattern) is { } pattern && SignInDetailTypes.Any(type => Selects(pattern, Event("aws.signin", type, CloudTrailSamples.SignIns[0])));

    /// <summary>
    /// True when the pattern matches the event of a root API call that changes something (CreateAccessKey on IAM), and
    /// not other identities' calls. Read-only calls reach a rule only in the state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS.
    /// </summary>
    public static bool SeesRootApiCalls(string? eventPattern) =>
        Parse(eventPattern) is { } pattern && Selects(pattern, Event("aws.iam", ApiCallDetailType, CloudTrailSamples.ApiCalls[0]));

    private static JsonObject? Parse(string? eventPattern)
    {
        if (string.IsNullOrWhiteSpace(eventPattern)) return null;
        try
        {
            return JsonNode.Parse(eventPattern, documentOptions: new JsonDocumentOptions { MaxDepth = 32 }) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool Selects(JsonObject pattern, JsonObject rootEvent) =>
        Matches(pattern, rootEvent)
        && CloudTrailSamples.AsOtherIdentities((JsonObject)rootEvent["detail"]!)
            .All(detail => !Matches(pattern, Event((string)rootEvent["source"]!, (string)rootEvent["detail-type"]!, detail)));

    private static JsonObject Event(string source, string detailType, JsonObject record) => new()
    {
        ["version"] = "0",
        ["id"] = "6f1e2d3c-0000-4000-8000-000000000001",
        ["detail-type"] = detailType,
        ["source"] = source,
        ["account"] = "111111111111",
        ["time"] = "2026-11-20T10:00:00Z",
        ["region"] = "us-east-1",
        ["resources"] = new JsonArray(),
        ["detail"] = record.DeepClone(),
    };

    private static bool Matches(JsonObject pattern, JsonObject target)
    {
        foreach (var (key, matcher) in pattern)
        {
            if (key == "$or")
            {
                if (matcher is not JsonArray branches || !branches.OfType<JsonObject>().Any(branch => Matches(branch, target))) return false;
                continue;
            }
            target.TryGetPropertyValue(key, out var value);
            var present = target.ContainsKey(key);
            switch (matcher)
            {
                case JsonObject nested:
                    if (value is not JsonObject child || !Matches(nested, child)) return false;
                    break;
                case JsonArray alternatives:
                    if (!MatchesAny(alternatives, value, present)) return false;
                    break;
                default:
                    return false;
            }
        }
        return true;
    }

    private static bool MatchesAny(JsonArray alternatives, JsonNode? value, bool present)
    {
        if (value is JsonArray values) return values.Any(v => MatchesAny(alternatives, v, true));
        return alternatives.Any(alternative => MatchesOne(alternative, value, present));
    }

    private static bool MatchesOne(JsonNode? matcher, JsonNode? value, bool present)
    {
        if (matcher is not JsonObject rule)
        {
            if (!present) return false;
            if (matcher is null) return value is null;
            return value is JsonValue v && JsonNode.DeepEquals(matcher, v);
        }
        if (rule.Count != 1) return false;
        var (op, argument) = rule.First();
        if (op == "exists") return argument is JsonValue e && e.TryGetValue<bool>(out var exists) && exists == present;
        if (!present) return false;
        var text = value is JsonValue sv && sv.TryGetValue<string>(out var s) ? s : null;
        return op switch
        {
            "prefix" => text is not null && StringTest(argument, t => text.StartsWith(t, StringComparison.Ordinal), t => text.StartsWith(t, StringComparison.OrdinalIgnoreCase)),
            "suffix" => text is not null && StringTest(argument, t => text.EndsWith(t, StringComparison.Ordinal), t => text.EndsWith(t, StringComparison.OrdinalIgnoreCase)),
            "equals-ignore-case" => text is not null && argument is JsonValue a && a.TryGetValue<string>(out var other) && string.Equals(text, other, StringComparison.OrdinalIgnoreCase),
            "wildcard" => text is not null && argument is JsonValue w && w.TryGetValue<string>(out var glob) && Wildcard(text, glob),
            "anything-but" => !AnythingButExcludes(argument, value),
            "numeric" => value is JsonValue n && n.TryGetValue<double>(out var number) && Numeric(argument, number),
            _ => false,
        };
    }

    /// <summary>prefix and suffix take a string, or {"equals-ignore-case": string}.</summary>
    private static bool StringTest(JsonNode? argument, Func<string, bool> exact, Func<string, bool> ignoreCase) => argument switch
    {
        JsonValue v when v.TryGetValue<string>(out var t) => exact(t),
        JsonObject { Count: 1 } o when o["equals-ignore-case"] is JsonValue i && i.TryGetValue<string>(out var t) => ignoreCase(t),
        _ => false,
    };

    private static bool AnythingButExcludes(JsonNode? argument, JsonNode? value) =>
        argument is JsonArray list ? list.Any(item => MatchesOne(item, value, true)) : MatchesOne(argument, value, true);

    private static bool Wildcard(string text, string glob) =>
        Regex.IsMatch(text, "^" + Regex.Escape(glob).Replace(@"\*", ".*") + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromMilliseconds(100));

    private static bool Numeric(JsonNode? argument, double number)
    {
        if (argument is not JsonArray terms || terms.Count % 2 != 0) return false;
        for (var i = 0; i < terms.Count; i += 2)
        {
            if (terms[i] is not JsonValue op || !op.TryGetValue<string>(out var o)
                || terms[i + 1] is not JsonValue limitValue || !limitValue.TryGetValue<double>(out var limit))
                return false;
            var holds = o switch { "<" => number < limit, "<=" => number <= limit, ">" => number > limit, ">=" => number >= limit, "=" => number == limit, _ => false };
            if (!holds) return false;
        }
        return true;
    }
}
