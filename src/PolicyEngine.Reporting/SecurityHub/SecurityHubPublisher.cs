using PolicyEngine.Core.Results;

namespace PolicyEngine.Reporting.SecurityHub;

/// <summary>
/// Keeps Security Hub in step with a run: reads back this tool's findings (GetFindings), imports the planned findings
/// in batches of at most 100 findings and 6 MB (BatchImportFindings), then applies workflow changes
/// (BatchUpdateFindings). Pacing and retrying calls is the transport's (for AWS, the one pipeline every AWS call goes
/// through: <see cref="AwsSecurityHubApi"/>); findings Security Hub rejects one by one are sent again here; whatever
/// still fails is listed in the result.
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
            var again = new List<AsffFinding>();
            foreach (var batch in FindingBatches.Split(pending))
            {
                try
                {
                    var response = await _api.BatchImportFindingsAsync(new BatchImportFindingsRequest(batch), ct).ConfigureAwait(false);
                    var rejected = (response.FailedFindings ?? []).GroupBy(f => f.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
                    foreach (var finding in batch)
                    {
                        if (rejected.TryGetValue(finding.Id, out var error))
                        {
                            failures[finding.Id] = FailedFinding.Of(finding, error.ErrorCode, error.ErrorMessage);
                            again.Add(finding);
                        }
                        else
                        {
                            failures.Remove(finding.Id);
                            delivered.Add(finding.Id);
                        }
                    }
                }
                catch (SecurityHubApiException e)
                {
                    // The call failed as a whole after its own retries: every finding in it is undelivered.
                    foreach (var finding in batch) failures[finding.Id] = FailedFinding.Of(finding, e.Code, e.Message);
                }
            }
            pending = again;
        }
        return delivered;
    }

    private async Task UpdateWorkflowAsync(IReadOnlyList<WorkflowChange> changes, IReadOnlyList<AsffFinding> imports, Dictionary<string, FailedFinding> failures, CancellationToken ct)
    {
        var byId = imports.ToDictionary(f => f.Id, StringComparer.Ordinal);
        foreach (var group in changes.GroupBy(c => (c.Status, c.Note)))
        foreach (var chunk in group.Chunk(AsffLimits.FindingsPerBatch))
        {
            var request = new BatchUpdateFindingsRequest(
                chunk.Select(c => new AsffFindingIdentifier(c.Id, _target.ProductArn)).ToList(),
                new AsffWorkflow(group.Key.Status),
                new AsffNoteUpdate(group.Key.Note, AsffFindingFactory.UpdatedBy));
            try
            {
                var response = await _api.BatchUpdateFindingsAsync(request, ct).ConfigureAwait(false);
                foreach (var unprocessed in response.UnprocessedFindings ?? [])
                    if (byId.TryGetValue(unprocessed.FindingIdentifier.Id, out var finding))
                        failures[finding.Id] = FailedFinding.Of(finding, unprocessed.ErrorCode, $"workflow {group.Key.Status} not set: {unprocessed.ErrorMessage}");
            }
            catch (SecurityHubApiException e)
            {
                foreach (var change in chunk)
                    failures[change.Id] = FailedFinding.Of(byId[change.Id], e.Code, $"workflow {group.Key.Status} not set: {e.Message}");
            }
        }
    }

}
