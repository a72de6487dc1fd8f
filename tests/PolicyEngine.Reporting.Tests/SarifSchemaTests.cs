using System.Reflection;
using System.Text.Json;
using Json.Schema;

namespace PolicyEngine.Reporting.Tests;

/// <summary>The SARIF output against the official OASIS SARIF 2.1.0 schema (a copy is embedded in this project).</summary>
public sealed class SarifSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(LoadSchema);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sarif_validates_against_the_official_schema(bool includePassed)
    {
        var options = new Dictionary<string, string> { ["includePassed"] = includePassed.ToString() };
        var sarif = await Render.ToStringAsync("sarif", ReportFixture.WithBaseline(), options);
        AssertValid(JsonDocument.Parse(sarif).RootElement);
        var results = JsonNode.Parse(sarif)!["runs"]![0]!["results"]!.AsArray();
        Assert.Equal(includePassed, results.Any(r => (string?)r!["kind"] == "pass"));
    }

    [Fact]
    public async Task Results_point_at_their_rule_and_carry_suppressions()
    {
        var run = JsonNode.Parse(await Render.ToStringAsync("sarif", ReportFixture.Create()))!["runs"]![0]!;
        var rules = run["tool"]!["driver"]!["rules"]!.AsArray();
        foreach (var result in run["results"]!.AsArray())
            Assert.Equal((string?)result!["ruleId"], (string?)rules[(int)result["ruleIndex"]!]!["id"]);
        var suppressed = run["results"]!.AsArray().Single(r => r!["suppressions"] is not null)!;
        Assert.Equal("Sandbox accounts are closed monthly; root is locked by an SCP.", (string?)suppressed["suppressions"]![0]!["justification"]);
        // The severity override of MA0302 (low -> info) is reported the way Roslyn reports .editorconfig overrides.
        var overrides = run["invocations"]![0]!["ruleConfigurationOverrides"]!.AsArray();
        Assert.Equal("MA0302", (string?)Assert.Single(overrides)!["descriptor"]!["id"]);
    }

    [Fact]
    public async Task Rules_relate_to_framework_requirements_through_taxonomies()
    {
        var run = JsonNode.Parse(await Render.ToStringAsync("sarif", ReportFixture.Create()))!["runs"]![0]!;
        var taxonomies = run["taxonomies"]!.AsArray();
        var supported = run["tool"]!["driver"]!["supportedTaxonomies"]!.AsArray();
        Assert.Equal(taxonomies.Select(t => (string?)t!["name"]), supported.Select(t => (string?)t!["name"]));
        var rule = run["tool"]!["driver"]!["rules"]!.AsArray().Single(r => (string?)r!["id"] == "MA0401")!;
        // Every relationship resolves: its toolComponent index names a taxonomy, and its index names the taxon with its id.
        var targets = rule["relationships"]!.AsArray().Select(r =>
        {
            var target = r!["target"]!;
            var taxonomy = taxonomies[(int)target["toolComponent"]!["index"]!]!;
            Assert.Equal((string?)target["toolComponent"]!["name"], (string?)taxonomy["name"]);
            var taxon = taxonomy["taxa"]![(int)target["index"]!]!;
            Assert.Equal((string?)target["id"], (string?)taxon["id"]);
            Assert.Equal(["relevant"], r["kinds"]!.AsArray().Select(k => (string?)k));
            return $"{taxonomy["name"]} {taxon["id"]}";
        });
        Assert.Equal(
            ["AWS management account best practices v1 best-practices_mgmt-acct_mfa", "AWS IAM root user best practices ru-bp-mfa", "Security Hub IAM.9", "CIS AWS Foundations Benchmark v3.0.0 1.5"],
            targets);
    }

    [Fact]
    public async Task The_validation_catches_an_invalid_log()
    {
        // Guards the test itself: a log that breaks the schema (an unknown level) must be rejected.
        var sarif = JsonNode.Parse(await Render.ToStringAsync("sarif", ReportFixture.Create()))!;
        sarif["runs"]![0]!["results"]![0]!["level"] = "fatal";
        Assert.False(Schema.Value.Evaluate(JsonDocument.Parse(sarif.ToJsonString()).RootElement, Options).IsValid);
    }

    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private static void AssertValid(JsonElement instance)
    {
        var result = Schema.Value.Evaluate(instance, Options);
        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .Take(20);
        Assert.True(result.IsValid, "SARIF is not valid:\n" + string.Join("\n", errors));
    }

    /// <summary>
    /// The official file declares draft-04 ("id"), which JsonSchema.Net does not implement. Its keywords are the
    /// draft-07 subset (no boolean exclusiveMinimum/Maximum), so it is read as draft-07 without the draft-04 "id".
    /// </summary>
    private static JsonSchema LoadSchema()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("sarif-schema-2.1.0.json")!;
        var schema = JsonNode.Parse(stream)!.AsObject();
        schema["$schema"] = "http://json-schema.org/draft-07/schema#";
        schema.Remove("id");
        return JsonSchema.FromText(schema.ToJsonString(), new BuildOptions { Dialect = Dialect.Draft07 });
    }
}
