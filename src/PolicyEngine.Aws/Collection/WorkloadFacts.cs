using PolicyEngine.Aws.Clients.Workloads;
using PolicyEngine.Core.Facts;

namespace PolicyEngine.Aws.Collection;

/// <summary>EC2 instances, DynamoDB tables and SQS queues in every enabled region, and S3 buckets, of the caller's account.</summary>
internal static class WorkloadFacts
{
    private const string FactType = nameof(WorkloadResource);

    public static async Task CollectAsync(CollectionContext ctx)
    {
        var inventory = ctx.Clients.Workloads;
        var account = ctx.CallerAccountId;
        IReadOnlyList<string> regions;
        if (ctx.Options.WorkloadRegions is { } chosen) regions = chosen;
        else if ((await ctx.TryAsync(FactType, account, inventory.ListEnabledRegionsAsync)) is { Ok: true } enabled) regions = enabled.Value;
        else regions = [ctx.Region];

        var listings = regions.SelectMany(region => new Func<CancellationToken, Task<IReadOnlyList<WorkloadItem>>>[]
        {
            ct => inventory.ListInstancesAsync(account, region, ct),
            ct => inventory.ListTablesAsync(account, region, ct),
            ct => inventory.ListQueuesAsync(account, region, ct),
        }).Append(inventory.ListBucketsAsync);

        await ctx.ForEachAsync(listings, async listing =>
        {
            var items = await ctx.TryAsync(FactType, account, listing);
            if (items.Ok)
                ctx.Sink.AddRange(items.Value.Select(i => new WorkloadResource(account, i.Region, i.ResourceType, i.Arn, i.Name)));
        });
    }
}
