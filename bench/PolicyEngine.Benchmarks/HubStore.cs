using System.Text;
using System.Text.Json.Nodes;

namespace PolicyEngine.Benchmarks;

/// <summary>
/// The findings store behind <c>hub-proxy --store</c>: Security Hub's three finding calls answered in memory, keyed by
/// (ProductArn, Id) as Security Hub keys findings, so a benchmark measures the publisher and the limits rather than an
/// emulator (moto scans every stored finding on each import and read, which dominated the 10k push). Shapes follow
/// botocore's securityhub model: BatchImportFindings {FailedCount, SuccessCount, FailedFindings}, GetFindings
/// {Findings, NextToken} (MaxResults up to 100), BatchUpdateFindings {ProcessedFindings, UnprocessedFindings}. GetFindings
/// filters on ProductArn, GeneratorId and Id (EQUALS, PREFIX); any other filter is refused, so a publisher that starts
/// relying on one is noticed rather than answered wrongly.
/// </summary>
internal sealed class HubStore
{
    private readonly Lock _lock = new();
    private readonly List<JsonObject> _findings = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public (int Status, JsonObject Body) Answer(string operation, JsonObject request) => operation switch
    {
        "BatchImportFindings" => (200, Import(request)),
        "GetFindings" => Read(request),
        "BatchUpdateFindings" => (200, Update(request)),
        _ => (404, Error("ResourceNotFoundException", $"the bench store does not implement {operation}")),
    };

    private JsonObject Import(JsonObject request)
    {
        var findings = request["Findings"]?.AsArray() ?? [];
        var failed = new JsonArray();
        var success = 0;
        lock (_lock)
        {
            foreach (var node in findings)
            {
                if (node is not JsonObject finding || (string?)finding["Id"] is not { } id || (string?)finding["ProductArn"] is not { } product)
                {
                    failed.Add(new JsonObject { ["Id"] = (string?)node?["Id"] ?? "", ["ErrorCode"] = "InvalidInput", ["ErrorMessage"] = "Id and ProductArn are required" });
                    continue;
                }
                var copy = (JsonObject)finding.DeepClone();
                if (_index.TryGetValue(Key(product, id), out var at)) _findings[at] = copy;
                else
                {
                    _index[Key(product, id)] = _findings.Count;
                    _findings.Add(copy);
                }
                success++;
            }
        }
        return new JsonObject { ["FailedCount"] = failed.Count, ["SuccessCount"] = success, ["FailedFindings"] = failed };
    }

    private (int, JsonObject) Read(JsonObject request)
    {
        var filters = request["Filters"] as JsonObject ?? [];
        var unsupported = filters.Select(f => f.Key).Where(k => k is not ("ProductArn" or "GeneratorId" or "Id")).ToList();
        unsupported.AddRange(filters.SelectMany(f => f.Value as JsonArray ?? []).Select(f => (string?)f?["Comparison"] ?? "")
            .Where(c => c is not ("EQUALS" or "PREFIX")).Select(c => $"the comparison '{c}'"));
        if (unsupported.Count > 0)
            return (400, Error("InvalidInputException", $"the bench store does not filter on {string.Join(", ", unsupported)}"));
        var max = Math.Clamp((int?)request["MaxResults"] ?? 100, 1, 100);
        var start = int.TryParse((string?)request["NextToken"], out var offset) ? offset : 0;
        var page = new JsonArray();
        var next = -1;
        lock (_lock)
        {
            for (var i = start; i < _findings.Count; i++)
            {
                if (!filters.All(f => Matches(_findings[i][f.Key], f.Value as JsonArray ?? []))) continue;
                if (page.Count == max)
                {
                    next = i;
                    break;
                }
                page.Add(_findings[i].DeepClone());
            }
        }
        var answer = new JsonObject { ["Findings"] = page };
        if (next >= 0) answer["NextToken"] = next.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (200, answer);
    }

    private JsonObject Update(JsonObject request)
    {
        var processed = new JsonArray();
        var unprocessed = new JsonArray();
        lock (_lock)
        {
            foreach (var identifier in request["FindingIdentifiers"]?.AsArray() ?? [])
            {
                var (id, product) = ((string?)identifier?["Id"] ?? "", (string?)identifier?["ProductArn"] ?? "");
                if (!_index.TryGetValue(Key(product, id), out var at))
                {
                    unprocessed.Add(new JsonObject { ["FindingIdentifier"] = identifier!.DeepClone(), ["ErrorCode"] = "FindingNotFound", ["ErrorMessage"] = "no such finding" });
                    continue;
                }
                if (request["Workflow"] is JsonObject workflow) _findings[at]["Workflow"] = workflow.DeepClone();
                if (request["Note"] is JsonObject note) _findings[at]["Note"] = note.DeepClone();
                processed.Add(identifier!.DeepClone());
            }
        }
        return new JsonObject { ["ProcessedFindings"] = processed, ["UnprocessedFindings"] = unprocessed };
    }

    /// <summary>A string filter list matches when any of its filters does (Security Hub ORs values of one field).</summary>
    private static bool Matches(JsonNode? value, JsonArray filters)
    {
        var text = value?.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string?)value : null;
        return text is not null && filters.Any(f => (string?)f?["Comparison"] == "EQUALS"
            ? text == (string?)f["Value"]
            : text.StartsWith((string?)f?["Value"] ?? "\0", StringComparison.Ordinal));
    }

    private static string Key(string productArn, string id) => productArn + "\n" + id;

    private static JsonObject Error(string code, string message) => new() { ["Code"] = code, ["Message"] = message };

    public static byte[] Bytes(JsonObject body) => Encoding.UTF8.GetBytes(body.ToJsonString());
}
