
namespace PolicyEngine.Reporting.Tests.Fixtures;

/// <summary>Runs a reporter into a string, as the console would receive it.</summary>
public static class Render
{
    public static async Task<string> ToStringAsync(IReporter reporter, EvaluationReport report, bool color = false)
    {
        var writer = new StringWriter();
        await reporter.WriteAsync(report, new ConsoleTarget(writer, color), CancellationToken.None);
        return writer.ToString();
    }

    public static Task<string> ToStringAsync(string name, EvaluationReport report, IReadOnlyDictionary<string, string>? options = null) =>
        ToStringAsync(ReporterRegistry.CreateDefault().Create(name, options), report);

    public static readonly IReadOnlyDictionary<string, string> AsffOptions =
        new Dictionary<string, string> { ["accountId"] = ReportFixture.Management, ["region"] = "us-east-1" };
}
