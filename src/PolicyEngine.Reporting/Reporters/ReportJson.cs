using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PolicyEngine.Reporting.Reporters;

/// <summary>Serializer settings shared by the JSON-based formats: indented, readable (no needless escaping), no nulls unless a format keeps them.</summary>
internal static class ReportJson
{
    public static readonly JsonSerializerOptions CamelCase = Create(JsonNamingPolicy.CamelCase, JsonIgnoreCondition.Never);

    public static readonly JsonSerializerOptions CamelCaseOmitNull = Create(JsonNamingPolicy.CamelCase, JsonIgnoreCondition.WhenWritingNull);

    /// <summary>AWS's JSON uses the member names as declared (PascalCase).</summary>
    public static readonly JsonSerializerOptions AsIs = Create(null, JsonIgnoreCondition.WhenWritingNull);

    /// <summary>
    /// Writes <paramref name="value"/> and a newline, serialized straight into the target as UTF-8: at 50,000 accounts
    /// a report is hundreds of megabytes, which held whole in memory (as text or as a growing buffer) doubled the
    /// run's peak. The serializer escapes control characters itself.
    /// </summary>
    public static Task WriteAsync<T>(ReportTarget target, T value, JsonSerializerOptions options, CancellationToken cancellationToken) =>
        target.WriteUtf8Async(stream =>
        {
            ParallelJson.Serialize(stream, value, options);
            stream.Write("\n"u8);
        }, cancellationToken);

    private static JsonSerializerOptions Create(JsonNamingPolicy? naming, JsonIgnoreCondition ignore)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = naming,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = ignore,
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            IndentSize = 2,
            // Read back as baselines and results: a second "status" or "schemaVersion" must not silently win.
            AllowDuplicateProperties = false,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
