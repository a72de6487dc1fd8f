using PolicyEngine.Reporting.Asff;
using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyEngine.Core;

namespace PolicyEngine.SecurityHub;

/// <summary>
/// Records the writes a publish would make instead of making them, and answers them as if all succeeded. Reads
/// (GetFindings) still go to the real API when there is one, so the recorded requests are exactly those a real run
/// would send now.
/// </summary>
internal sealed class DryRunSecurityHubApi(ISecurityHubApi? reader) : ISecurityHubApi
{
    private readonly List<JsonObject> _requests = [];
    private int _unsentReads;

    /// <summary>The reads sent to the real API; the recorded writes count as the requests a real run would send.</summary>
    public int Requests
    {
        get
        {
            lock (_requests) return _requests.Count + (reader?.Requests ?? Volatile.Read(ref _unsentReads));
        }
    }

    public Task<BatchImportFindingsResponse> BatchImportFindingsAsync(BatchImportFindingsRequest request, CancellationToken cancellationToken)
    {
        Record("BatchImportFindings", "POST", "/findings/import", request);
        return Task.FromResult(new BatchImportFindingsResponse(0, request.Findings.Count, []));
    }

    public Task<GetFindingsResponse> GetFindingsAsync(GetFindingsRequest request, CancellationToken cancellationToken)
    {
        if (reader is not null) return reader.GetFindingsAsync(request, cancellationToken);
        Interlocked.Increment(ref _unsentReads);
        return Task.FromResult(new GetFindingsResponse([], null));
    }

    public Task<BatchUpdateFindingsResponse> BatchUpdateFindingsAsync(BatchUpdateFindingsRequest request, CancellationToken cancellationToken)
    {
        Record("BatchUpdateFindings", "PATCH", "/findings/batchupdate", request);
        return Task.FromResult(new BatchUpdateFindingsResponse(request.FindingIdentifiers, []));
    }

    public Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var document = new JsonObject { ["dryRun"] = true, ["requests"] = new JsonArray([.. _requests]) };
        AtomicFile.WriteAllText(path, document.ToJsonString(Asff.Json) + "\n");
        return Task.CompletedTask;
    }

    private void Record<T>(string operation, string method, string path, T body)
    {
        lock (_requests)
            _requests.Add(new JsonObject
            {
                ["operation"] = operation,
                ["method"] = method,
                ["path"] = path,
                ["body"] = JsonSerializer.SerializeToNode(body, Asff.Json),
            });
    }
}
