using System.Text.Json.Serialization;
using PolicyEngine.Reporting.Asff;

namespace PolicyEngine.Reporting.Reporters;

/// <summary>
/// The contracts of the JSON-based reports, generated at build time: writing a report builds no metadata by reflection
/// and emits no accessors at run time, which a one-shot process otherwise pays before its first result is written.
/// One context per set of report settings (<see cref="ReportJson"/>), declared with the same naming and null
/// handling, so that the serializer may also run the code generated to write each type directly. Reading a JSON
/// report back stays on reflection (<see cref="ReportJson.CamelCaseReading"/>): a generated contract would set
/// init-only values a file leaves out to null instead of their defaults.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(JsonReportDocument))]
internal sealed partial class JsonReportContext : JsonSerializerContext;

/// <inheritdoc cref="JsonReportContext"/>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SarifLog))]
internal sealed partial class SarifContext : JsonSerializerContext;

/// <inheritdoc cref="JsonReportContext"/>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<AsffFinding>))]
internal sealed partial class AsffContext : JsonSerializerContext;
