using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace PolicyEngine.SecurityHub.Tests;

/// <summary>
/// An in-memory Security Hub behind an HttpMessageHandler, with the behaviours the publisher must cope with:
/// it checks every finding against the model (rejecting invalid ones, and ones sending back the aws/ product fields
/// it adds itself, as InvalidInput), refuses oversize calls,
/// ignores updates whose UpdatedAt is not newer, keeps Workflow and Note on re-import (as Security Hub does),
/// pages GetFindings, and can throttle (429) or fail chosen findings.
/// </summary>
public sealed class StubSecurityHub : HttpMessageHandler
{
    public readonly ConcurrentDictionary<string, JsonObject> Findings = new();
    public readonly ConcurrentQueue<Call> Calls = new();

    public int ThrottleImportsFirst { get; set; }
    public bool ThrottleImportsAlways { get; set; }
    public bool FailGetFindings { get; set; }
    public HashSet<string> FailOnce { get; } = [];
    public HashSet<string> FailAlways { get; } = [];
    public int PageSize { get; set; } = 40;
    public bool LoopNextToken { get; set; }
    public int? RetryAfterSeconds { get; set; }

    private int _imports;

    public sealed record Call(string Operation, int Status, int Findings, int Bytes, DateTime At, IReadOnlyList<string> Ids);

    public IEnumerable<Call> Successful(string operation) => Calls.Where(c => c.Operation == operation && c.Status == 200);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        var json = JsonNode.Parse(body)!.AsObject();
        var operation = (request.Method.Method, request.RequestUri!.AbsolutePath) switch
        {
            ("POST", "/findings/import") => "BatchImportFindings",
            ("POST", "/findings") => "GetFindings",
            ("PATCH", "/findings/batchupdate") => "BatchUpdateFindings",
            _ => "Unknown",
        };
        var (status, response, headers) = operation switch
        {
            "BatchImportFindings" => Import(json, body.Length),
            "GetFindings" when FailGetFindings => (400, Error("InvalidAccessException", "Account 111111111111 is not subscribed to AWS Security Hub"), ErrorType("InvalidAccessException")),
            "GetFindings" => (200, Get(json), []),
            "BatchUpdateFindings" => (200, Update(json), []),
            _ => (404, Error("NotFound", "no such operation"), []),
        };
        var ids = (json["Findings"]?.AsArray() ?? []).Select(f => (string?)f?["Id"] ?? "").ToList();
        Calls.Enqueue(new Call(operation, status, ids.Count, body.Length, DateTime.UtcNow, ids));
        var message = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(response.ToJsonString(), Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers) message.Headers.TryAddWithoutValidation(name, value);
        return message;
    }

    private (int, JsonObject, (string, string)[]) Import(JsonObject request, int bytes)
    {
        var findings = request["Findings"]!.AsArray();
        if (ThrottleImportsAlways || Interlocked.Increment(ref _imports) <= ThrottleImportsFirst)
            return (429, Error("LimitExceededException", "Rate exceeded"),
                RetryAfterSeconds is { } wait ? [.. ErrorType("LimitExceededException"), ("Retry-After", wait.ToString())] : ErrorType("LimitExceededException"));
        if (findings.Count is < AsffModel.MinFindingsPerCall or > AsffModel.MaxFindingsPerCall || bytes > 6 * 1000 * 1000)
            return (400, Error("InvalidInputException", $"{findings.Count} findings in {bytes} bytes"), ErrorType("InvalidInputException"));

        var failed = new JsonArray();
        foreach (var node in findings)
        {
            var finding = node!.AsObject();
            var id = (string)finding["Id"]!;
            if (FailAlways.Contains(id) || FailOnce.Remove(id))
            {
                failed.Add(Failure(id, "InternalFailure", "try again"));
                continue;
            }
            try
            {
                AsffAssert.Valid(finding);
                Assert.DoesNotContain(finding["ProductFields"]?.AsObject() ?? [], f => f.Key.StartsWith("aws/", StringComparison.Ordinal));
            }
            catch (Exception e)
            {
                failed.Add(Failure(id, "InvalidInput", e.Message));
                continue;
            }
            Store(finding.DeepClone().AsObject());
        }
        return (200, new JsonObject { ["FailedCount"] = failed.Count, ["SuccessCount"] = findings.Count - failed.Count, ["FailedFindings"] = failed }, []);
    }

    private void Store(JsonObject finding)
    {
        var id = (string)finding["Id"]!;
        // What Security Hub adds on its own, and a provider must not send back.
        finding["ProductFields"]!["aws/securityhub/FindingId"] = $"{finding["ProductArn"]}/{id}";
        finding["ProductFields"]!["aws/securityhub/ProductName"] = "Default";
        finding["Severity"] ??= finding["FindingProviderFields"]?["Severity"]?.DeepClone();
        if (Findings.TryGetValue(id, out var stored))
        {
            // Security Hub applies an update only when UpdatedAt is newer, and keeps the customer's workflow and note.
            if (string.CompareOrdinal((string)finding["UpdatedAt"]!, (string)stored["UpdatedAt"]!) <= 0) return;
            foreach (var kept in new[] { "Workflow", "Note" })
            {
                finding.Remove(kept);
                if (stored[kept] is { } value) finding[kept] = value.DeepClone();
            }
        }
        Findings[id] = finding;
    }

    private JsonObject Get(JsonObject request)
    {
        var productArn = (string?)request["Filters"]?["ProductArn"]?[0]?["Value"];
        var prefix = (string?)request["Filters"]?["GeneratorId"]?[0]?["Value"] ?? "";
        var matching = Findings.Values
            .Where(f => (productArn is null || (string?)f["ProductArn"] == productArn) && ((string)f["GeneratorId"]!).StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(f => (string)f["Id"]!, StringComparer.Ordinal).ToList();
        var offset = int.TryParse((string?)request["NextToken"], out var o) ? o : 0;
        var page = matching.Skip(offset).Take(PageSize).Select(f => (JsonNode)f.DeepClone()).ToArray();
        var response = new JsonObject { ["Findings"] = new JsonArray(page) };
        if (offset + PageSize < matching.Count || LoopNextToken) response["NextToken"] = LoopNextToken ? "0" : (offset + PageSize).ToString();
        return response;
    }

    private JsonObject Update(JsonObject request)
    {
        var processed = new JsonArray();
        var unprocessed = new JsonArray();
        foreach (var identifier in request["FindingIdentifiers"]!.AsArray())
        {
            if (Findings.TryGetValue((string)identifier!["Id"]!, out var finding))
            {
                finding["Workflow"] = request["Workflow"]?.DeepClone();
                finding["Note"] = new JsonObject { ["Text"] = request["Note"]?["Text"]?.DeepClone(), ["UpdatedBy"] = request["Note"]?["UpdatedBy"]?.DeepClone(), ["UpdatedAt"] = "2026-11-20T00:00:00.000Z" };
                processed.Add(identifier.DeepClone());
            }
            else
            {
                unprocessed.Add(new JsonObject { ["FindingIdentifier"] = identifier.DeepClone(), ["ErrorCode"] = "FindingNotFound", ["ErrorMessage"] = "no such finding" });
            }
        }
        return new JsonObject { ["ProcessedFindings"] = processed, ["UnprocessedFindings"] = unprocessed };
    }

    private static JsonObject Failure(string id, string code, string message) =>
        new() { ["Id"] = id, ["ErrorCode"] = code, ["ErrorMessage"] = message };

    private static JsonObject Error(string code, string message) => new() { ["Code"] = code, ["Message"] = message };

    private static (string, string)[] ErrorType(string code) => [("x-amzn-ErrorType", $"{code}:http://internal.amazon.com/coral/com.amazonaws.securityhub/")];
}
