using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace PolicyEngine.Reporting.Reporters;

/// <summary>Serializer settings shared by the JSON-based formats: indented, readable (no needless escaping), no nulls unless a format keeps them.</summary>
internal static class ReportJson
{
    public static readonly JsonSerializerOptions CamelCase = Create(JsonNamingPolicy.CamelCase, JsonIgnoreCondition.Never, JsonReportContext.Default);

    /// <summary>The JSON report's settings for reading one back (a baseline), on the reflected contract.</summary>
    public static readonly JsonSerializerOptions CamelCaseReading = Create(JsonNamingPolicy.CamelCase, JsonIgnoreCondition.Never, generated: null);

    public static readonly JsonSerializerOptions CamelCaseOmitNull = Create(JsonNamingPolicy.CamelCase, JsonIgnoreCondition.WhenWritingNull, SarifContext.Default);

    /// <summary>AWS's JSON uses the member names as declared (PascalCase).</summary>
    public static readonly JsonSerializerOptions AsIs = Create(null, JsonIgnoreCondition.WhenWritingNull, AsffContext.Default);

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

    private static JsonSerializerOptions Create(JsonNamingPolicy? naming, JsonIgnoreCondition ignore, JsonSerializerContext? generated)
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
        // Types outside the generated contracts (a value typed object, say) are still served, by reflection.
        if (generated is not null) options.TypeInfoResolver = JsonTypeInfoResolver.Combine(generated, new DefaultJsonTypeInfoResolver());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
