using System.Text.Json;
using Json.Schema;
using PolicyEngine.Pipeline.Configuration;
using PolicyEngine.Tooling.Testing;
using PolicyEngine.Diagnostics;
using PolicyEngine.Rules.Syntax;
using PolicyEngine.Syntax;

namespace PolicyEngine.Cli.Tests;

public class ConfigurationSchemaTests
{
    private static readonly JsonElement Schema =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "docs/schemas/config.schema.json"))).RootElement;

    private static IEnumerable<string> Keys(JsonElement schema) => schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order();

    [Fact]
    public void The_schema_and_the_reader_accept_the_same_keys()
    {
        Assert.Equal(ConfigurationReader.TopKeys.Order(), Keys(Schema));
        var properties = Schema.GetProperty("properties");
        Assert.Equal(ConfigurationReader.SeverityKeys.Order(), Keys(properties.GetProperty("severity")));
        Assert.Equal(ConfigurationReader.SuppressionKeys.Order(), Keys(properties.GetProperty("suppressions").GetProperty("items")));
        Assert.Equal(ConfigurationReader.ReportKeys.Order(), Keys(properties.GetProperty("reports").GetProperty("items")));
        Assert.Equal(ConfigurationReader.AwsKeys.Order(), Keys(properties.GetProperty("aws")));
    }

    [Fact]
    public void The_sample_configuration_is_valid()
    {
        var path = Path.Combine(Repo.Root, "samples/policyengine.yaml");
        var diagnostics = new DiagnosticBag();
        ConfigurationReader.Read(path, diagnostics);
        Assert.Empty(diagnostics.Items);
        var document = YamlSource.Parse(File.ReadAllText(path), path, new DiagnosticBag())!;
        using var json = JsonDocument.Parse(YamlJson.ToJson(document.Root!)!.ToJsonString());
        var result = JsonSchema.FromText(Schema.GetRawText()).Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid);
    }
}

public class SampleRunTests
{
    [Fact]
    public void The_demo_with_the_sample_configuration_runs_without_configuration_warnings()
    {
        var run = CliProcess.Run(Repo.Root, "evaluate", "--facts", "samples/demo-org.json", "--config", "samples/policyengine.yaml",
            "--now", "2026-11-20", "--report", "console");
        Assert.Equal(3, run.ExitCode); // the demo carries collection errors on purpose
        Assert.DoesNotContain("warning", run.Stderr);
        Assert.Contains("Results:", run.Stderr);
        Assert.Contains("suppressed", run.Stdout);
    }
}
