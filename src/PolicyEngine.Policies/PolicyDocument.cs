using System.Text.Json;

namespace PolicyEngine.Policies;

public enum Effect
{
    Allow,
    Deny,
}

/// <summary>One condition operator applied to one key, with the values it compares against (ANDed with the other clauses).</summary>
public sealed record ConditionClause(string Operator, string Key, IReadOnlyList<string> Values)
{
    public override string ToString() => $"{Operator} {Key} [{string.Join(", ", Values)}]";
}

/// <summary>
/// A statement of an IAM policy document. <see cref="Actions"/> holds the Action list, or the NotAction list when
/// <see cref="NotAction"/> is set; likewise for resources. Principal is not modelled: SCPs and identity policies have none.
/// </summary>
public sealed record PolicyStatement(
    string? Sid,
    Effect Effect,
    IReadOnlyList<string> Actions,
    bool NotAction,
    IReadOnlyList<string> Resources,
    bool NotResource,
    IReadOnlyList<ConditionClause> Conditions)
{
    /// <summary>True when the statement's Action (or NotAction) element covers <paramref name="action"/>, as IAM matches actions: case-insensitive, with * and ? wildcards.</summary>
    public bool CoversAction(string action)
    {
        var listed = Actions.Any(pattern => Wildcard.Matches(pattern, action));
        return NotAction ? !listed : listed;
    }

    /// <summary>True when the statement applies to every resource ("Resource": "*", or no resource element as in a trust policy).</summary>
    public bool CoversEveryResource => !NotResource && (Resources.Count == 0 || Resources.Any(r => r == "*"));

    public string Label => Sid is { Length: > 0 } sid ? $"statement '{sid}'" : "an unnamed statement";
}

/// <summary>An IAM policy document (identity policy, SCP, permission-set inline policy), parsed from its JSON text.</summary>
public sealed record PolicyDocument(IReadOnlyList<PolicyStatement> Statements)
{
    /// <summary>Parses a policy's JSON; IAM accepts single values where lists are expected, and so does this.</summary>
    public static PolicyDocument Parse(string json)
    {
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new PolicyFormatException($"not valid JSON ({e.Message})");
        }
        using (parsed)
        {
            var root = parsed.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new PolicyFormatException("the document is not a JSON object");
            if (!root.TryGetProperty("Statement", out var statement)) throw new PolicyFormatException("the document has no Statement");
            var statements = statement.ValueKind switch
            {
                JsonValueKind.Object => [ParseStatement(statement)],
                JsonValueKind.Array => statement.EnumerateArray().Select(ParseStatement).ToList(),
                _ => throw new PolicyFormatException("Statement is neither an object nor a list"),
            };
            return new PolicyDocument(statements);
        }
    }

    /// <summary>Parses, or returns null with the reason when the text is not a policy document.</summary>
    public static PolicyDocument? TryParse(string? json, out string? error)
    {
        error = null;
        if (json is null)
        {
            error = "the policy text is missing";
            return null;
        }
        try
        {
            return Parse(json);
        }
        catch (PolicyFormatException e)
        {
            error = e.Message;
            return null;
        }
    }

    private static PolicyStatement ParseStatement(JsonElement s)
    {
        if (s.ValueKind != JsonValueKind.Object) throw new PolicyFormatException("a statement is not a JSON object");
        var sid = s.TryGetProperty("Sid", out var sidElement) && sidElement.ValueKind == JsonValueKind.String ? sidElement.GetString() : null;
        var effect = s.TryGetProperty("Effect", out var e) ? e.GetString() : null;
        var parsedEffect = effect switch
        {
            "Allow" => Effect.Allow,
            "Deny" => Effect.Deny,
            _ => throw new PolicyFormatException($"{Describe(sid)} has Effect '{effect}', which is neither Allow nor Deny"),
        };
        var (actions, notAction) = Either(s, "Action", "NotAction", sid, required: true);
        var (resources, notResource) = Either(s, "Resource", "NotResource", sid, required: false);
        var conditions = new List<ConditionClause>();
        if (s.TryGetProperty("Condition", out var condition))
        {
            if (condition.ValueKind != JsonValueKind.Object) throw new PolicyFormatException($"{Describe(sid)} has a Condition that is not an object");
            foreach (var op in condition.EnumerateObject())
            {
                if (op.Value.ValueKind != JsonValueKind.Object)
                    throw new PolicyFormatException($"{Describe(sid)}: condition operator {op.Name} does not map keys to values");
                foreach (var key in op.Value.EnumerateObject())
                    conditions.Add(new ConditionClause(op.Name, key.Name, Strings(key.Value, $"{Describe(sid)}: condition {op.Name} {key.Name}")));
            }
        }
        return new PolicyStatement(sid, parsedEffect, actions, notAction, resources, notResource, conditions);
    }

    private static (IReadOnlyList<string> Values, bool Negated) Either(JsonElement s, string name, string negatedName, string? sid, bool required)
    {
        var has = s.TryGetProperty(name, out var positive);
        var hasNegated = s.TryGetProperty(negatedName, out var negative);
        if (has && hasNegated) throw new PolicyFormatException($"{Describe(sid)} has both {name} and {negatedName}");
        if (has) return (Strings(positive, $"{Describe(sid)}: {name}"), false);
        if (hasNegated) return (Strings(negative, $"{Describe(sid)}: {negatedName}"), true);
        if (required) throw new PolicyFormatException($"{Describe(sid)} has neither {name} nor {negatedName}");
        return ([], false);
    }

    /// <summary>A string or a list of strings; booleans and numbers (allowed in condition values) are read as their text.</summary>
    private static IReadOnlyList<string> Strings(JsonElement value, string where) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number => [value.GetRawText()],
        JsonValueKind.Array => value.EnumerateArray().Select(item => item.ValueKind switch
        {
            JsonValueKind.String => item.GetString()!,
            JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number => item.GetRawText(),
            _ => throw new PolicyFormatException($"{where} holds a value that is not a string"),
        }).ToList(),
        _ => throw new PolicyFormatException($"{where} is neither a string nor a list of strings"),
    };

    private static string Describe(string? sid) => sid is { Length: > 0 } ? $"statement '{sid}'" : "a statement";
}

/// <summary>The text is not an IAM policy document; the message says what is wrong with it.</summary>
public sealed class PolicyFormatException(string message) : Exception(message);
