using System.Text.Json;
using Json.Schema;
using PolicyEngine.Tooling.Testing;
using PolicyEngine.Rules;
using PolicyEngine.Diagnostics;
using PolicyEngine.Rules.Syntax;
using PolicyEngine.Syntax;

namespace PolicyEngine.Evaluation.Tests;

/// <summary>The published JSON Schemas and the compiler's own checks describe the same language.</summary>
public class RuleSchemaTests
{
    private static JsonElement Schema(string name) =>
        JsonDocument.Parse(File.ReadAllText(Repo.Path($"docs/schemas/{name}"))).RootElement;

    private static List<string> Keys(JsonElement objectSchema) =>
        objectSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order().ToList();

    private static List<string> Required(JsonElement objectSchema) =>
        objectSchema.GetProperty("required").EnumerateArray().Select(p => p.GetString()!).Order().ToList();

    [Fact]
    public void Rule_schema_keys_match_the_compiler()
    {
        var schema = Schema("rule.schema.json");
        Assert.Equal(RuleReader.RuleKeys.Order(), Keys(schema));
        Assert.Equal(RuleReader.RequiredRuleKeys.Order(), Required(schema));
        var definitions = schema.GetProperty("definitions");
        Assert.Equal(RuleReader.PatternKeys.Order(), Keys(definitions.GetProperty("pattern")));
        Assert.Equal(RuleReader.CollectKeys.Order(), Keys(definitions.GetProperty("collect")));
        var factTypes = definitions.GetProperty("pattern").GetProperty("properties").GetProperty("fact").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).Order();
        Assert.Equal(Core.Facts.FactCatalog.All.Select(f => f.Name).Order(), factTypes);
        var anchors = schema.GetProperty("properties").GetProperty("recommendation").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).Order();
        Assert.Equal(Rules.Frameworks.FrameworkLoader.Shipped.Catalog.RecommendationSources.SelectMany(f => f.Requirements).Select(r => r.Id).Order(), anchors);
    }

    [Fact]
    public void Framework_schema_keys_match_the_reader_and_every_shipped_framework_validates()
    {
        var schema = Schema("framework.schema.json");
        Assert.Equal(Rules.Frameworks.FrameworkReader.FileKeys.Order(), Keys(schema));
        Assert.Equal(Rules.Frameworks.FrameworkReader.RequiredFileKeys.Order(), Required(schema));
        Assert.Equal(Rules.Frameworks.FrameworkReader.RequirementKeys.Order(), Keys(schema.GetProperty("properties").GetProperty("requirements").GetProperty("items")));
        AssertFilesValidate("framework.schema.json", Directory.GetFiles(Repo.Path("rules/frameworks"), "*.yaml"));
    }

    [Fact]
    public void Rule_test_schema_keys_match_the_test_reader()
    {
        var schema = Schema("rule-tests.schema.json");
        Assert.Equal(RuleTestReader.FileKeys.Order(), Keys(schema));
        var testCase = schema.GetProperty("properties").GetProperty("cases").GetProperty("items");
        Assert.Equal(RuleTestReader.CaseKeys.Order(), Keys(testCase));
        Assert.Equal(RuleTestReader.ExpectKeys.Order(), Keys(testCase.GetProperty("properties").GetProperty("expect").GetProperty("items")));
    }

    [Fact]
    public void Every_shipped_rule_validates_against_the_schema_and_references_it()
    {
        AssertFilesValidate("rule.schema.json", YamlRuleCompiler.FindRuleFiles(Repo.Path("rules")));
    }

    /// <summary>Each YAML file names the schema for editors and validates against it.</summary>
    private static void AssertFilesValidate(string schemaName, IReadOnlyList<string> files)
    {
        var schema = JsonSchema.FromText(File.ReadAllText(Repo.Path($"docs/schemas/{schemaName}")));
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Assert.StartsWith($"# yaml-language-server: $schema=../../docs/schemas/{schemaName}", text);
            var document = YamlSource.Parse(text, file, new DiagnosticBag())!;
            using var json = JsonDocument.Parse(YamlJson.ToJson(document.Root!)!.ToJsonString());
            var result = schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(result.IsValid, $"{file}: " + string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null)
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        }
    }
}
