using System.Text;
using System.Text.Json;

namespace PolicyEngine.Core.Files;

/// <summary>Where in a JSON file something is: 1-based line and column, and the JSON path ($.facts.accounts[0]).</summary>
public readonly record struct JsonSpot(long Line, long Column, string Path);

/// <summary>
/// Checks the JSON files PolicyEngine reads (snapshots, JSON reports used as baselines or results) for what the
/// serializer lets through: no list in these formats may hold null, so a null item is refused at its line and
/// column instead of reaching code as a null object. Duplicate property names are refused by the serializer
/// options (AllowDuplicateProperties = false) of each format.
/// </summary>
public static class UntrustedJson
{
    /// <summary>The first null list item, or null when there is none (or the JSON is malformed: the serializer says where).</summary>
    public static JsonSpot? FindNullListItem(ReadOnlySpan<byte> utf8, int maxDepth = 64)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth });
        // One frame per open container: the array index or the property name (where its token starts: names are read
        // only for the path of a null found, not for each of the million properties of a large snapshot).
        var frames = new List<(bool IsArray, int Index, long Property)>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        frames[^1] = frames[^1] with { Property = reader.TokenStartIndex };
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        continue;
                }
                if (frames.Count > 0 && frames[^1].IsArray) frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
                if (reader.TokenType == JsonTokenType.Null && frames.Count > 0 && frames[^1].IsArray)
                    return Spot(utf8, reader.TokenStartIndex, frames);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    frames.Add((reader.TokenType == JsonTokenType.StartArray, -1, -1));
            }
        }
        catch (JsonException)
        {
            return null;
        }
        return null;
    }

    /// <summary>The serializer's message in the user's terms: without the location (printed already) or advice meant for programmers.</summary>
    public static string Explain(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        if (System.Text.RegularExpressions.Regex.Match(message, "^Duplicate property '([^']*)'") is { Success: true } duplicate)
            return $"the property '{duplicate.Groups[1].Value}' appears more than once; keep one.";
        if (message.Contains("doesn't allow null values", StringComparison.Ordinal) || message.Contains("doesn't allow setting null values", StringComparison.Ordinal))
            return "null is not allowed here; write the value.";
        return message;
    }

    private static JsonSpot Spot(ReadOnlySpan<byte> utf8, long offset, List<(bool IsArray, int Index, long Property)> frames)
    {
        var before = utf8[..(int)offset];
        var line = before.Count((byte)'\n') + 1;
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var column = Encoding.UTF8.GetCharCount(before[lineStart..]) + 1;
        var path = new StringBuilder("$");
        foreach (var (isArray, index, property) in frames)
            path.Append(isArray ? $"[{index}]" : $".{PropertyName(utf8, property)}");
        return new JsonSpot(line, column, path.ToString());
    }

    /// <summary>The (unescaped) property name whose token starts at <paramref name="start"/>: read as a string value on its own.</summary>
    private static string? PropertyName(ReadOnlySpan<byte> utf8, long start)
    {
        var reader = new Utf8JsonReader(utf8[(int)start..]);
        return reader.Read() ? reader.GetString() : null;
    }
}
