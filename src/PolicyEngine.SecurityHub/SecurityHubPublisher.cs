using PolicyEngine.Reporting.Asff;
using PolicyEngine.Core.Results;

namespace PolicyEngine.SecurityHub;

/// <summary>
/// Keeps Security Hub in step with a run: reads back this tool's findings (GetFindings), imports the planned findings
/// in batches of at most 100 findings and 6 MB (BatchImportFindings), then applies workflow changes
/// (BatchUpdateFindings). The phases run in that order (CreatedAt and archiving need what exists; a workflow needs its
/// finding); within the import and update phases several calls are in flight at once, so the transport's pace (for AWS,
/// the one pipeline every AWS call goes through, at Security Hub's documented per-operation limits:
/// <see cref="AwsSecurityHubApi"/>) and not the answer time bounds the run. Pacing and retrying calls is the
/// transport's; findings Security Hub rejects one by one are sent again here; whatever still fails is listed in the result.
/// </summary>
public sealed class SecurityHubPublisher
{
    private readonly ISecurityHubApi _api;
    private readonly SecurityHubTarget _target;
    private readonly SecurityHubPublisherOptions _options;
    private readonly TimeProvider _time;
    private readonly DryRunSecurityHubApi? _dryRun;

    /// <param name="api">The transport; in a dry run it is only read from (GetFindings), and may be null to plan as if Security Hub were empty.</param>
    public SecurityHubPublisher(ISecurityHubApi? api, SecurityHubTarget target, SecurityHubPublisherOptions? options = null, TimeProvider? time = null)
    {
        _options = options ?? new SecurityHubPublisherOptions();
        _target = target;
        _time = time ?? TimeProvider.System;
        if (_options.DryRunPath is not null) _dryRun = new DryRunSecurityHubApi(api);
        _api = _dryRun ?? api ?? throw new ArgumentNullException(nameof(api), "a Security Hub API is needed unless this is a dry run");
    }

    public async Task<PublishResult> PublishAsync(EvaluationReport report, CancellationToken cancellationToken)
    {
        var requestsBefore = _api.Requests;
        var planner = new FindingPlanner(new AsffFindingFactory(_target));
        var now = _time.GetUtcNow();
        IReadOnlyList<AsffFinding> existing;
        try
        {
            existing = await ReadExistingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SecurityHubApiException e)
        {
            // Without the existing findings CreatedAt would be lost and nothing could be archived: send nothing, name everything.
            var blind = planner.Plan(report, [], now);
            return new PublishResult([], [], blind.Imports.Select(f => FailedFinding.Of(f, e.Code, $"GetFindings failed, nothing was sent: {e.Message}")).ToList(), 0, _api.Requests - requestsBefore, null);
        }

        var plan = planner.Plan(report, existing, now);
        var failures = new Dictionary<string, FailedFinding>(StringComparer.Ordinal);
        foreach (var f in plan.Undeliverable) failures[f.Id] = f;
        var delivered = await ImportAsync(plan.Imports, failures, cancellationToken).ConfigureAwait(false);
        await UpdateWorkflowAsync(plan.WorkflowChanges.Where(c => delivered.Contains(c.Id)).ToList(), plan.Imports, failures, cancellationToken).ConfigureAwait(false);

        if (_dryRun is not null) await _dryRun.WriteAsync(_options.DryRunPath!, cancellationToken).ConfigureAwait(false);
        return new PublishResult(
            plan.Imports.Select(f => f.Id).Where(delivered.Contains).ToList(),
            plan.Archived.Where(delivered.Contains).ToList(),
            failures.Values.OrderBy(f => f.Id, StringComparer.Ordinal).ToList(),
            existing.Count, _api.Requests - requestsBefore, _options.DryRunPath);
    }

    private async Task<IReadOnlyList<AsffFinding>> ReadExistingAsync(CancellationToken ct)
    {
        var filters = new AsffFindingFilters(
            ProductArn: [new AsffStringFilter(_target.ProductArn, "EQUALS")],
            GeneratorId: [new AsffStringFilter(AsffFindingFactory.GeneratorPrefix, "PREFIX")]);
        var findings = new List<AsffFinding>();
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await _api.GetFindingsAsync(new GetFindingsRequest(filters, token, 100), ct).ConfigureAwait(false);
            findings.AddRange(page.Findings);
            token = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
            // A token seen before would loop for ever: a broken service, not more findings.
            if (token is not null && !tokens.Add(token))
                throw new SecurityHubApiException(200, "InvalidResponse", "GetFindings returned the same NextToken twice");
        } while (token is not null);
        return findings;
    }

    private async Task<HashSet<string>> ImportAsync(IReadOnlyList<AsffFinding> findings, Dictionary<string, FailedFinding> failures, CancellationToken ct)
    {
        var delivered = new HashSet<string>(StringComparer.Ordinal);
        var pending = findings;
        for (var round = 1; pending.Count > 0 && round <= _options.FindingAttempts; round++)
        {
            if (round > 1) await Task.Delay(_options.RoundPause * (round - 1), _time, ct).ConfigureAwait(false);
            var batches = FindingBatches.Split(pending).ToList();
            var answers = await SendAllAsync(batches, (batch, c) => _api.BatchImportFindingsAsync(new BatchImportFindingsRequest(batch), c), ct).ConfigureAwait(false);
            // Merged in batch order, whatever order the answers came in: the failures and the next round are the same as one batch at a time.
            var again = new List<AsffFinding>();
            for (var i = 0; i < batches.Count; i++)
            {
                var (response, error) = answers[i];
                if (error is not null)
                {
                    // The call failed as a whole after its own retries: every finding in it is undelivered.
                    foreach (var finding in batches[i]) failures[finding.Id] = FailedFinding.Of(finding, error.Code, error.Message);
                    continue;
                }
                var rejected = (response!.FailedFindings ?? []).GroupBy(f => f.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
                foreach (var finding in batches[i])
                {
                    if (rejected.TryGetValue(finding.Id, out var rejection))
                    {
                        failures[finding.Id] = FailedFinding.Of(finding, rejection.ErrorCode, rejection.ErrorMessage);
                        again.Add(finding);
                    }
                    else
                    {
                        failures.Remove(finding.Id);
                        delivered.Add(finding.Id);
                    }
                }
            }
            pending = again;
        }
        return delivered;
    }

    private async Task UpdateWorkflowAsync(IReadOnlyList<WorkflowChange> changes, IReadOnlyList<AsffFinding> imports, Dictionary<string, FailedFinding> failures, CancellationToken ct)
    {
        var byId = imports.ToDictionary(f => f.Id, StringComparer.Ordinal);
        var requests = changes.GroupBy(c => (c.Status, c.Note))
            .SelectMany(group => group.Chunk(AsffLimits.FindingsPerBatch).Select(chunk => new BatchUpdateFindingsRequest(
                chunk.Select(c => new AsffFindingIdentifier(c.Id, _target.ProductArn)).ToList(),
                new AsffWorkflow(group.Key.Status),
                new AsffNoteUpdate(group.Key.Note, AsffFindingFactory.UpdatedBy))))
            .ToList();
        var answers = await SendAllAsync(requests, _api.BatchUpdateFindingsAsync, ct).ConfigureAwait(false);
        for (var i = 0; i < requests.Count; i++)
        {
            var status = requests[i].Workflow!.Status;
            var (response, error) = answers[i];
            if (error is not null)
            {
                foreach (var identifier in requests[i].FindingIdentifiers)
                    failures[identifier.Id] = FailedFinding.Of(byId[identifier.Id], error.Code, $"workflow {status} not set: {error.Message}");
                continue;
            }
            foreach (var unprocessed in response!.UnprocessedFindings ?? [])
                if (byId.TryGetValue(unprocessed.FindingIdentifier.Id, out var finding))
                    failures[finding.Id] = FailedFinding.Of(finding, unprocessed.ErrorCode, $"workflow {status} not set: {unprocessed.ErrorMessage}");
        }
    }

    /// <summary>
    /// Sends every request with up to <see cref="SecurityHubPublisherOptions.MaxRequestsInFlight"/> of them in flight,
    /// so the transport's rate limit, not the service's answer time, sets the pace; answers come back in request order,
    /// each either a response or the call-level failure. A dry run sends one at a time, so its file lists the requests
    /// in a stable order (nothing is waited for there).
    /// </summary>
    private async Task<(TResponse? Response, SecurityHubApiException? Error)[]> SendAllAsync<TRequest, TResponse>(
        IReadOnlyList<TRequest> requests, Func<TRequest, CancellationToken, Task<TResponse>> send, CancellationToken ct)
        where TResponse : class
    {
        var answers = new (TResponse?, SecurityHubApiException?)[requests.Count];
        var parallelism = new ParallelOptions { MaxDegreeOfParallelism = _dryRun is null ? _options.MaxRequestsInFlight : 1, CancellationToken = ct };
        await Parallel.ForEachAsync(Enumerable.Range(0, requests.Count), parallelism, async (i, c) =>
        {
            try
            {
                answers[i] = (await send(requests[i], c).ConfigureAwait(false), null);
            }
            catch (SecurityHubApiException e)
            {
                answers[i] = (null, e);
            }
        }).ConfigureAwait(false);
        return answers;
    }
}
