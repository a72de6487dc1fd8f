using System.Text.Json;

namespace PolicyEngine.Rules.Helpers;

/// <summary>Reads EventBridge event patterns: does a rule's pattern catch root user activity?</summary>
public static class EventPatterns
{
    /// <summary>
    /// True when the pattern's detail.userIdentity.type matches "Root" (as a value, or through an anything-but or prefix
    /// that admits it) and, when detail-type is restricted, it includes the API-call or console sign-in events.
    /// </summary>
    public static bool MatchesRootActivity(string? eventPattern)
    {
        if (string.IsNullOrWhiteSpace(eventPattern)) return false;
        try
        {
            using var document = JsonDocument.Parse(eventPattern, new JsonDocumentOptions { MaxDepth = 32 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return false;
            if (!(root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.Object
                && detail.TryGetProperty("userIdentity", out var identity) && identity.ValueKind == JsonValueKind.Object
                && identity.TryGetProperty("type", out var type) && Admits(type, "Root")))
                return false;
            return !root.TryGetProperty("detail-type", out var detailType)
                || Admits(detailType, "AWS API Call via CloudTrail")
                || Admits(detailType, "AWS Console Sign In via CloudTrail");
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool Admits(JsonElement matcher, string value)
    {
        if (matcher.ValueKind == JsonValueKind.String) return matcher.GetString() == value;
        if (matcher.ValueKind != JsonValueKind.Array) return false;
        foreach (var item in matcher.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && item.GetString() == value) return true;
            if (item.ValueKind == JsonValueKind.Object
                && item.TryGetProperty("prefix", out var prefix) && prefix.ValueKind == JsonValueKind.String
                && value.StartsWith(prefix.GetString()!, StringComparison.Ordinal))
                return true;
        }
        return false;
    }
}
