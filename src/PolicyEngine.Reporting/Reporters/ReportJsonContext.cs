using System.Text.Json.Serialization;
using PolicyEngine.Reporting.Asff;

namespace PolicyEngine.Reporting.Reporters;

/// <summary>
/// The contracts of the JSON-based reports, generated at build time: writing a report builds no metadata by reflection
/// and emits no accessors at run time, which a one-shot process otherwise pays before its first result is written.
/// Reading a JSON report back stays on reflection (<see cref="ReportJson.CamelCaseReading"/>): a generated contract
/// would set init-only values a file leaves out to null instead of their defaults.
/// </summary>
[JsonSerializable(typeof(JsonReportDocument))]
[JsonSerializable(typeof(SarifLog))]
[JsonSerializable(typeof(IReadOnlyList<AsffFinding>))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
