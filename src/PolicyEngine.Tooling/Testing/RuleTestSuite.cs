using System.Text.Json;
using System.Text.Json.Serialization;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Results;
using PolicyEngine.Core.Snapshots;
using PolicyEngine.Diagnostics;
using PolicyEngine.Syntax;
using YamlDotNet.RepresentationModel;

namespace PolicyEngine.Tooling.Testing;

/// <summary>The test cases written beside a rule: given facts (and optionally a date and parameters), the results expected.</summary>
public sealed record RuleTestSuite(string Path, string RuleId, IReadOnlyList<RuleTestCase> Cases);

public sealed record RuleTestCase(
    string Name,
    SourceLocation Location,
    DateTimeOffset? Now,
    IReadOnlyDictionary<string, object> Parameters,
    FactSet Facts,
    IReadOnlyList<ExpectedResult> Expected);

/// <summary>One expected result: the account, the status and optionally the resource, a part of the message and a part of one evidence entry.</summary>
public sealed record ExpectedResult(string AccountId, ResultStatus Status, string? Resource, string? MessageContains, SourceLocation Location,
    string? EvidenceContains = null)
{
    public bool Matches(RuleResult result) =>
        result.AccountId == AccountId && result.Status == Status
        && (Resource is null || result.Resource == Resource)
        && (MessageContains is null || result.Message.Contains(MessageContains, StringComparison.OrdinalIgnoreCase))
        && (EvidenceContains is null || result.Evidence.Any(e => e.Contains(EvidenceContains, StringComparison.OrdinalIgnoreCase)));

    public override string ToString() =>
        $"{Status.ToName()} for {AccountId}{(Resource is null ? "" : $" {Resource}")}{(MessageContains is null ? "" : $" with \"{MessageContains}\"")}"
        + (EvidenceContains is null ? "" : $" and evidence \"{EvidenceContains}\"");
}

public static class RuleTestReader
{
    public static readonly IReadOnlyList<string> FileKeys = ["rule", "cases"];
    public static readonly IReadOnlyList<string> CaseKeys = ["name", "now", "parameters", "facts", "expect"];
    public static readonly IReadOnlyList<string> ExpectKeys = ["account", "status", "resource", "messageContains", "evidenceContains"];

    /// <summary>The statuses a case can expect, spelled as the JSON report spells them (fail, notApplicable, ...).</summary>
    private static readonly Dictionary<string, ResultStatus> ExpectedStatuses =
        Enum.GetValues<ResultStatus>().ToDictionary(s => s.ToName(), StringComparer.Ordinal);

    private static readonly JsonSerializerOptions FactOptions = CreateFactOptions();

    private static JsonSerializerOptions CreateFactOptions()
    {
        var options = new JsonSerializerOptions(SnapshotSerializer.Options);
        options.Converters.Add(new LenientStringConverter());
        return options;
    }

    public static RuleTestSuite? Read(YamlSource document, DiagnosticBag diagnostics)
    {
        var map = YamlMap.Read(document, document.Root, "the rule tests", diagnostics, FileKeys);
        var rule = map?.Text("rule", required: true);
        var cases = map?.List("cases", required: true);
        if (map is null || rule is null || cases is null) return null;
        var list = new List<RuleTestCase>();
        foreach (var node in cases.Children)
            if (ReadCase(document, node, diagnostics) is { } testCase)
                list.Add(testCase);
        return new RuleTestSuite(document.Path, rule.Value, list);
    }

    private static RuleTestCase? ReadCase(YamlSource document, YamlNode node, DiagnosticBag diagnostics)
    {
        var map = YamlMap.Read(document, node, "a test case", diagnostics, CaseKeys);
        if (map is null) return null;
        var name = map.Text("name", required: true);
        var factsNode = map.Required("facts");
        var expectNode = map.List("expect", required: true, allowEmpty: true);
        DateTimeOffset? now = null;
        if (map.Text("now", required: false) is { } nowText)
        {
            if (DateTimeOffset.TryParse(nowText.Value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)) now = parsed;
            else diagnostics.Add(DiagnosticDescriptors.InvalidValue.Create(nowText.Location, nowText.Value, "date", "write an ISO 8601 date such as 2026-11-01."));
        }
        var parameters = new Dictionary<string, object>(StringComparer.Ordinal);
        if (map.Get("parameters") is { } parametersNode && YamlMap.Read(document, parametersNode, "parameters", diagnostics, []) is { } parameterMap)
            foreach (var key in parameterMap.Keys)
                if (parameterMap.ParameterValue(parameterMap.Get(key)!, key) is { } value) parameters[key] = value;

        FactSet? facts = null;
        if (factsNode is not null && name is not null && YamlJson.FirstEmptyListItem(factsNode) is { } empty)
        {
            diagnostics.Add(DiagnosticDescriptors.InvalidTestFacts.Create(document.LocationOf(empty), name.Value,
                "a list item is empty (~ or null); give the fact's fields or remove the item."));
        }
        else if (factsNode is not null && name is not null)
        {
            try
            {
                facts = YamlJson.ToJson(factsNode).Deserialize<FactSet>(FactOptions) ?? new FactSet();
            }
            catch (JsonException e)
            {
                diagnostics.Add(DiagnosticDescriptors.InvalidTestFacts.Create(document.LocationOf(factsNode), name.Value,
                    $"at {e.Path?.Replace("$", "facts")}: {e.Message.Split(" Path:")[0]}"));
            }
        }
        var expected = new List<ExpectedResult>();
        foreach (var item in expectNode?.Children ?? [])
            if (ReadExpectation(document, item, diagnostics) is { } expectation) expected.Add(expectation);

        return name is null || facts is null ? null : new RuleTestCase(name.Value, map.Location, now, parameters, facts, expected);
    }

    private static ExpectedResult? ReadExpectation(YamlSource document, YamlNode node, DiagnosticBag diagnostics)
    {
        var map = YamlMap.Read(document, node, "an expected result", diagnostics, ExpectKeys);
        var account = map?.Text("account", required: true);
        var status = map?.Text("status", required: true);
        if (map is null || account is null || status is null) return null;
        if (!ExpectedStatuses.TryGetValue(status.Value, out var parsed))
        {
            diagnostics.Add(DiagnosticDescriptors.InvalidValue.Create(status.Location, status.Value, "status", $"use {string.Join(", ", ExpectedStatuses.Keys)}."));
            return null;
        }
        return new ExpectedResult(account.Value, parsed, map.Text("resource", false)?.Value, map.Text("messageContains", false)?.Value, map.Location,
            map.Text("evidenceContains", false)?.Value);
    }

    /// <summary>Lets test authors write account IDs unquoted: YAML reads 111111111111 as a number.</summary>
    private sealed class LenientStringConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number
                ? System.Text.Encoding.UTF8.GetString(reader.ValueSpan)
                : reader.GetString();

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
