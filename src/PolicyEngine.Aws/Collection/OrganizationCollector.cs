using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyEngine.Aws.Http;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Snapshots;

namespace PolicyEngine.Aws.Collection;

/// <summary>
/// Collects every fact the rule pack needs from the organization the credentials reach (run it from the management
/// account), read-only, and returns a snapshot. Calls that fail for good become <see cref="CollectionError"/> facts;
/// only a failure to learn who is calling (no credentials, STS unreachable) stops the run.
/// </summary>
public sealed class OrganizationCollector(ILogger? logger = null, HttpMessageHandler? handler = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public async Task<Snapshot> CollectAsync(CollectorOptions options, IProgress<CollectionProgress>? progress, CancellationToken ct)
    {
        var credentials = options.Credentials ?? AwsSession.ResolveCredentials(options.Profile);
        var region = AwsSession.ResolveRegion(options.Region, options.Profile);
        using var clients = AwsClientSet.Create(options.ToClientOptions(region), credentials, handler, _logger);
        return await CollectAsync(clients, options with { Region = region }, progress, ct).ConfigureAwait(false);
    }

    /// <summary>Collects with the given clients (an official SDK client may stand in for any hand-written one).</summary>
    public async Task<Snapshot> CollectAsync(AwsClientSet clients, CollectorOptions options, IProgress<CollectionProgress>? progress, CancellationToken ct)
    {
        var region = options.Region ?? "us-east-1";
        var collectedAt = DateTimeOffset.UtcNow;
        var caller = await IdentifyCallerAsync(clients, ct).ConfigureAwait(false);
        _logger.LogInformation("Collecting as {Arn} (account {Account}) from {Region}", caller.Arn, caller.AccountId, region);

        var sink = new FactSink();
        var ctx = new CollectionContext(clients, sink, caller.AccountId, region, options, _logger, ct);
        var stages = new List<(string Name, Func<Task> Run)>
        {
            ("organization and contacts", () => CollectOrganizationAndContactsAsync(ctx)),
            ("IAM", () => IdentityFacts.CollectAsync(ctx)),
            ("access to the management account", () => AccessFacts.CollectAsync(ctx)),
            ("monitoring", () => MonitoringFacts.CollectAsync(ctx)),
        };
        if (options.CollectWorkloads) stages.Add(("workload resources", () => WorkloadFacts.CollectAsync(ctx)));
        stages.Add(("cost by service", () => CostFacts.CollectAsync(ctx, DateOnly.FromDateTime(collectedAt.UtcDateTime))));

        var completed = 0;
        await Task.WhenAll(stages.Select(async stage =>
        {
            await stage.Run().ConfigureAwait(false);
            var done = Interlocked.Increment(ref completed);
            _logger.LogInformation("Collected {Stage} ({Done}/{Total}); {Calls} calls so far", stage.Name, done, stages.Count, clients.Statistics.Attempts);
            progress?.Report(new CollectionProgress(stage.Name, done, stages.Count, clients.Statistics.Attempts, sink.ErrorCount));
        })).ConfigureAwait(false);

        var facts = sink.Build();
        _logger.LogInformation("Collection finished: {Calls} calls, {Retries} retries, {Throttled} throttled, {Errors} collection errors",
            clients.Statistics.Attempts, clients.Statistics.Retries, clients.Statistics.Throttled, facts.CollectionErrors.Count);
        return new Snapshot(Snapshot.CurrentSchemaVersion, collectedAt, facts,
            new SnapshotSource("policy-engine", ToolVersion, caller.Arn, region, "collected from AWS"));
    }

    /// <summary>Member accounts' contacts are asked for as the account pages arrive, alongside the governance listings.</summary>
    private static async Task CollectOrganizationAndContactsAsync(CollectionContext ctx)
    {
        var managementId = await OrganizationFacts.DescribeAsync(ctx).ConfigureAwait(false);
        await Task.WhenAll(
            ContactFacts.CollectAsync(ctx, OrganizationFacts.StreamAccountsAsync(ctx, managementId)),
            OrganizationFacts.CollectGovernanceAsync(ctx, managementId ?? ctx.CallerAccountId)).ConfigureAwait(false);
    }

    private static async Task<Clients.Sts.CallerIdentity> IdentifyCallerAsync(AwsClientSet clients, CancellationToken ct)
    {
        try
        {
            return await clients.Sts.GetCallerIdentityAsync(ct).ConfigureAwait(false);
        }
        catch (AwsServiceException e)
        {
            throw new AwsCollectionException($"Cannot tell who the credentials belong to: {e.Operation.IamAction} answered {e.ErrorCode}: {e.ErrorMessage}", e);
        }
    }

    private static string? ToolVersion => typeof(OrganizationCollector).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
}
