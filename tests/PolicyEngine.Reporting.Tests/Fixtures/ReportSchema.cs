namespace PolicyEngine.Reporting.Tests.Fixtures;

/// <summary>
/// The published report schema, built once per test process: JsonSchema.Net registers a schema globally by its $id and
/// refuses a second registration, so two tests that each build it fail in whichever order runs second.
/// </summary>
internal static class ReportSchema
{
    private static readonly Lazy<Json.Schema.JsonSchema> Built = new(() => Json.Schema.JsonSchema.FromText(Reporters.JsonReportDocument.Schema()));

    public static Json.Schema.JsonSchema Instance => Built.Value;
}
