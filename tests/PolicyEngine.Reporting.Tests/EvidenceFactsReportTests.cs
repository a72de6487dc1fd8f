using System.Text.Json;

namespace PolicyEngine.Reporting.Tests;

/// <summary>The facts behind a verdict in every report format: named, escaped where the format needs it, within Security Hub's limits.</summary>
public class EvidenceFactsReportTests
{
    private const string Hostile = "Mgmt\u001b[31m<script>alert(1)</script>\nforged";

    private static EvidenceFact Fact(int index, string value) => new()
    {
        Type = "RootCredential",
        AccountId = ReportFixture.Management,
        ResourceId = $"arn:aws:iam::{ReportFixture.Management}:root#{index}",
        Where = "when/not",
        Matched = false,
        FailedCondition = "credential.MfaActive",
        Values = new Dictionary<string, string> { ["credential.MfaActive"] = "false", ["credential.Note"] = value },
    };

    /// <summary>The fixture with its first failing MA0401 result carrying <paramref name="count"/> facts, the first with a hostile value.</summary>
    private static EvaluationReport WithFacts(int count, string firstValue = "\"" + Hostile + "\"")
    {
        var report = ReportFixture.Create();
        var target = report.Results.First(r => r is { RuleId: "MA0401", Status: ResultStatus.Fail });
        var facts = Enumerable.Range(1, count).Select(i => Fact(i, i == 1 ? firstValue : "\"plain\"")).ToList();
        return report with { Results = report.Results.Select(r => ReferenceEquals(r, target) ? r with { Facts = facts } : r).ToList() };
    }

    [Fact]
    public async Task Json_carries_the_facts_and_validates_against_the_schema()
    {
        var text = await Render.ToStringAsync("json", WithFacts(2));
        var json = JsonDocument.Parse(text).RootElement;
        var result = ReportSchema.Instance.Evaluate(json, new Json.Schema.EvaluationOptions { OutputFormat = Json.Schema.OutputFormat.List });
        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        var fact = json.GetProperty("results").EnumerateArray().Single(r => r.TryGetProperty("facts", out _)).GetProperty("facts")[0];
        Assert.Equal("RootCredential", fact.GetProperty("type").GetString());
        Assert.Equal("when/not", fact.GetProperty("where").GetString());
        Assert.Equal("credential.MfaActive", fact.GetProperty("failedCondition").GetString());
        Assert.Equal("\"" + Hostile + "\"", fact.GetProperty("values").GetProperty("credential.Note").GetString());
        Assert.DoesNotContain('\u001b', text);

        // The schema refuses a fact whose 'where' is not a place in a rule.
        var broken = JsonNode.Parse(text)!;
        broken["results"]!.AsArray().First(r => r!["facts"] is not null)!["facts"]![0]!["where"] = "elsewhere";
        Assert.False(ReportSchema.Instance.Evaluate(JsonDocument.Parse(broken.ToJsonString()).RootElement).IsValid);
    }

    [Fact]
    public async Task Sarif_result_properties_carry_the_facts()
    {
        var sarif = JsonNode.Parse(await Render.ToStringAsync("sarif", WithFacts(2)))!;
        var facts = sarif["runs"]![0]!["results"]!.AsArray().Select(r => r!["properties"]!["facts"]).OfType<JsonNode>().Single();
        Assert.Equal(2, facts.AsArray().Count);
        Assert.Equal("false", facts[0]!["values"]!["credential.MfaActive"]!.GetValue<string>());
    }

    [Fact]
    public async Task Asff_product_fields_carry_the_facts_within_security_hub_limits()
    {
        var findings = JsonNode.Parse(await Render.ToStringAsync("asff", WithFacts(60, new string('x', 5000)), Render.AsffOptions))!.AsArray();
        var fields = findings.Select(f => f!["ProductFields"]!.AsObject()).Single(p => p.ContainsKey("PolicyEngine/Fact/01"));
        // 50 pairs at most, with room for the three aws/ fields Security Hub adds and the resource-gone field.
        Assert.InRange(fields.Count, 40, AsffLimits.ProductFieldCount - 4);
        Assert.All(fields, f => Assert.InRange(f.Key.Length, 1, AsffLimits.ProductFieldKey));
        Assert.All(fields, f => Assert.InRange(f.Value!.GetValue<string>().Length, 1, AsffLimits.ProductFieldValue));
        Assert.StartsWith($"RootCredential arn:aws:iam::{ReportFixture.Management}:root#1 (when/not, turned away by credential.MfaActive)", fields["PolicyEngine/Fact/01"]!.GetValue<string>());
    }

    [Fact]
    public async Task Html_and_markdown_show_the_facts_escaped()
    {
        var html = await Render.ToStringAsync("html", WithFacts(1));
        Assert.Contains("1 fact(s) behind the verdict", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain('\u001b', html);

        var markdown = await Render.ToStringAsync("markdown", WithFacts(1));
        Assert.Contains($"• RootCredential arn:aws:iam::{ReportFixture.Management}:root#1 (when/not, turned away by credential.MfaActive)", markdown);
        Assert.DoesNotContain("<script>alert", markdown);
        Assert.DoesNotContain('\u001b', markdown);
    }
}
