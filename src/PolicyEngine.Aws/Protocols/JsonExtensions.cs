using System.Text.Json;

namespace PolicyEngine.Aws.Protocols;

/// <summary>Tolerant readers for AWS JSON: absent and null members read as null, timestamps are epoch seconds (E-notation included).</summary>
public static class JsonExtensions
{
    public static string? Str(this JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static bool Bool(this JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    public static JsonElement Obj(this JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : default;

    public static IEnumerable<JsonElement> Array(this JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray()
            : [];

    public static IReadOnlyList<string> Strings(this JsonElement obj, string name) =>
        obj.Array(name).Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();

    /// <summary>JSON protocols send timestamps as epoch seconds, possibly fractional or in E-notation (1.481830215E9); some send ISO strings.</summary>
    public static DateTimeOffset? EpochSeconds(this JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.Number => DateTimeOffset.UnixEpoch.AddMilliseconds(Math.Round(v.GetDouble() * 1000)),
            JsonValueKind.String when DateTimeOffset.TryParse(v.GetString(), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
            _ => null,
        };
    }
}
