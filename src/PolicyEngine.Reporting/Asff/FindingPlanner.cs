using PolicyEngine.Core.Results;

namespace PolicyEngine.Reporting.Asff;

/// <summary>What one run changes in Security Hub: the findings to import and the workflow changes to make after.</summary>
public sealed record PublishPlan(
    IReadOnlyList<AsffFinding> Imports,
    IReadOnlyList<WorkflowChange> WorkflowChanges,
    IReadOnlyList<string> Archived,
    IReadOnlyList<FailedFinding> Undeliverable);

/// <summary>A workflow status to set with BatchUpdateFindings, because BatchImportFindings ignores Workflow on existing findings.</summary>
public sealed record WorkflowChange(string Id, string Status, string Note);

/// <summary>
/// Decides what a run sends, given the findings Security Hub already holds from this tool:
/// <list type="bullet">
/// <item>every result becomes a finding with its stable ID; CreatedAt is kept from the existing finding and UpdatedAt
/// is later than the stored one (Security Hub ignores an update that is not newer);</item>
/// <item>passing results are sent PASSED and ARCHIVED, so a finding that failed before is resolved;</item>
/// <item>an ACTIVE finding of a rule that ran, for an account this run evaluated, whose subject has no result now
/// (the resource is gone) is re-sent ARCHIVED, NOT_AVAILABLE and informational; findings of other rules or
/// accounts are not touched;</item>
/// <item>a suppression or its end on an existing finding becomes a workflow change.</item>
/// </list>
/// </summary>
public sealed class FindingPlanner(AsffFindingFactory factory)
{
    private const string ResourceGoneField = "PolicyEngine/ArchivedBecause";

    public PublishPlan Plan(EvaluationReport report, IReadOnlyList<AsffFinding> existingFindings, DateTimeOffset now)
    {
        var view = new ReportView(report);
        var existing = existingFindings
            .Where(f => f.ProductArn == factory.Target.ProductArn && f.GeneratorId.StartsWith(AsffFindingFactory.GeneratorPrefix, StringComparison.Ordinal))
            .GroupBy(f => f.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(f => Parse(f.UpdatedAt)).First(), StringComparer.Ordinal);

        var imports = new List<AsffFinding>();
        var changes = new List<WorkflowChange>();
        var archived = new List<string>();
        var undeliverable = new List<FailedFinding>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var result in report.Results)
        {
            var id = AsffFindingFactory.FindingId(result);
            if (!seen.Add(id)) continue; // one result per (rule, subject) is the engine's contract; guard anyway
            var previous = existing.GetValueOrDefault(id);
            var finding = factory.Create(result, view.Rule(result.RuleId), report.ToolVersion, After(now, previous), previous?.CreatedAt, report.Frameworks);
            if (AsffSize.Fit(finding) is not { } fitted)
            {
                undeliverable.Add(FailedFinding.Of(finding, "FindingTooLarge", $"the finding is larger than {AsffLimits.MaxFindingBytes} bytes even with its evidence removed"));
                continue;
            }
            imports.Add(fitted);
            if (fitted.RecordState == Asff.Archived && previous is not null && previous.RecordState != Asff.Archived) archived.Add(id);
            if (previous is not null && WorkflowChangeFor(result, previous) is { } change) changes.Add(change);
        }

        var ranRules = report.Rules.Select(r => r.Id).Concat(report.Results.Select(r => r.RuleId)).ToHashSet(StringComparer.Ordinal);
        var evaluatedAccounts = report.Results.Select(r => r.AccountId).ToHashSet(StringComparer.Ordinal);
        foreach (var previous in existing.Values.OrderBy(f => f.Id, StringComparer.Ordinal))
        {
            if (seen.Contains(previous.Id) || previous.RecordState == Asff.Archived) continue;
            var fields = previous.ProductFields ?? new Dictionary<string, string>();
            if (!fields.TryGetValue(AsffFindingFactory.RuleIdField, out var ruleId) || !ranRules.Contains(ruleId)) continue;
            if (!fields.TryGetValue(AsffFindingFactory.AccountField, out var account) || !evaluatedAccounts.Contains(account)) continue;
            var stamp = Asff.Timestamp(After(now, previous));
            // Re-send what this tool wrote: not the fields Security Hub owns (aws/ product fields, the top-level
            // Severity it derived) nor Workflow and Note, which an import ignores for an existing finding.
            var ownFields = fields.Where(f => !f.Key.StartsWith("aws/", StringComparison.Ordinal)).ToDictionary(f => f.Key, f => f.Value);
            ownFields[ResourceGoneField] = "the subject was not found in this run";
            imports.Add(previous with
            {
                UpdatedAt = stamp,
                RecordState = Asff.Archived,
                // Neither passing nor failing: the subject is gone. Informational, so it no longer weighs on scores.
                Compliance = (previous.Compliance ?? new AsffCompliance(Asff.NotAvailable)) with { Status = Asff.NotAvailable },
                FindingProviderFields = previous.FindingProviderFields is { } provider
                    ? provider with { Severity = new AsffSeverity("INFORMATIONAL", provider.Severity?.Original) }
                    : null,
                Severity = null,
                Workflow = null,
                Note = null,
                ProductFields = ownFields,
            });
            archived.Add(previous.Id);
        }
        return new PublishPlan(imports, changes, archived, undeliverable);
    }

    private static WorkflowChange? WorkflowChangeFor(RuleResult result, AsffFinding previous)
    {
        var suppressedThere = previous.Workflow?.Status == Asff.WorkflowSuppressed;
        if (result.Suppression is { } suppression)
            return suppressedThere ? null : new WorkflowChange(previous.Id, Asff.WorkflowSuppressed, AsffFindingFactory.SuppressionNote(suppression));
        // Lift only a suppression this tool set: one a person set in Security Hub is theirs to keep.
        if (suppressedThere && previous.Note?.UpdatedBy == AsffFindingFactory.UpdatedBy && result.Status == ResultStatus.Fail)
            return new WorkflowChange(previous.Id, Asff.WorkflowNew, "The suppression was removed or has expired; the result fails again.");
        return null;
    }

    /// <summary>The run's time, or just after the stored UpdatedAt if that is not earlier (clock skew, two runs in one millisecond).</summary>
    private static DateTimeOffset After(DateTimeOffset now, AsffFinding? previous)
    {
        if (previous is null || Parse(previous.UpdatedAt) is not { } stored || stored < now) return now;
        return stored.AddMilliseconds(1);
    }

    private static DateTimeOffset? Parse(string? timestamp) =>
        DateTimeOffset.TryParse(timestamp, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var value) ? value : null;
}
