using Microsoft.Extensions.Logging;
using PolicyEngine.Aws.Collection;
using PolicyEngine.Pipeline.Configuration;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Snapshots;

namespace PolicyEngine.Cli.AwsSteps;

/// <summary>Collects a snapshot from AWS for `collect` and `evaluate --aws`, with progress on a terminal and log lines otherwise.</summary>
public static class LiveCollection
{
    public static async Task<Snapshot> CollectAsync(string? profile, string? region, PolicyConfiguration configuration, ILogger logger, CancellationToken cancellation)
    {
        var aws = configuration.Aws;
        var options = CollectorOptions.FromEnvironment(profile ?? aws.Profile, region ?? aws.Region) with
        {
            WorkloadResourceTypes = aws.ResourceTypes,
            WorkloadRegions = aws.InventoryRegions,
            CollectCosts = aws.CostExplorerEnabled,
            CostPeriodDays = aws.CostExplorerDays,
        };
        IProgress<CollectionProgress>? progress = Console.IsErrorRedirected ? null : new TerminalProgress();
        var snapshot = await new OrganizationCollector(logger).CollectAsync(options, progress, cancellation);
        if (!Console.IsErrorRedirected) Console.Error.WriteLine();
        foreach (var line in CollectionError.Summarize(snapshot.Facts.CollectionErrors))
            logger.LogWarning("Not collected: {Summary}", line);
        return snapshot with { Facts = AccountSelection.Apply(snapshot.Facts, configuration.Aws) };
    }

    /// <summary>One line on stderr, rewritten in place; only used when stderr is a terminal.</summary>
    private sealed class TerminalProgress : IProgress<CollectionProgress>
    {
        public void Report(CollectionProgress value) =>
            Console.Error.Write($"\rCollecting: {value.CompletedStages}/{value.TotalStages} stages ({value.Stage} done), {value.Calls} calls, {value.Errors} errors   ");
    }
}

/// <summary>
/// The member accounts the configuration selects (aws.accounts.include / exclude, '*' patterns allowed). The
/// management account and organization-wide facts are always kept: the recommendations are about them.
/// </summary>
public static class AccountSelection
{
    public static FactSet Apply(FactSet facts, AwsSettings settings)
    {
        if (settings.IncludeAccounts.Count == 0 && settings.ExcludeAccounts.Count == 0) return facts;
        var management = facts.ManagementAccountId;
        bool Keep(string? accountId) =>
            accountId is null || accountId == management
            || ((settings.IncludeAccounts.Count == 0 || Rules.Helpers.Lists.MatchesAny(settings.IncludeAccounts, accountId))
                && !Rules.Helpers.Lists.MatchesAny(settings.ExcludeAccounts, accountId));
        return facts.Where(f => f is IOrganizationFact || Keep(f.AccountId), e => Keep(e.AccountId));
    }
}
