using System.Text.Json;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Inventory;
using PolicyEngine.Core.Facts;

namespace PolicyEngine.Aws.Collection;

/// <summary>
/// The workload inventory of the caller's account: every configured resource type in every enabled region, through
/// Cloud Control ListResources. A type the region does not offer becomes an <see cref="InventoryGap"/>; any other
/// failure is a collection error for that region.
/// </summary>
internal static class WorkloadFacts
{
    private const string FactType = nameof(WorkloadResource);

    /// <summary>Cloud Control's answers for "this type cannot be listed here": not a failure to read.</summary>
    private static readonly HashSet<string> Unsupported = new(StringComparer.Ordinal)
    {
        "TypeNotFoundException", "UnsupportedActionException",
    };

    public static async Task CollectAsync(CollectionContext ctx)
    {
        var account = ctx.CallerAccountId;
        var regions = await RegionsAsync(ctx).ConfigureAwait(false);
        var types = WorkloadResourceTypes.Resolve(ctx.Options.WorkloadResourceTypes);
        var listings = types.SelectMany(type => type.Global ? [(type, WorkloadResourceType.GlobalRegion)] : regions.Select(region => (type, region)));
        var seen = new HashSet<string>(StringComparer.Ordinal);

        await ctx.ForEachAsync(listings, async listing =>
        {
            var (type, region) = listing;
            try
            {
                var resources = await ctx.Clients.CloudControl.ListResourcesAsync(type.Type, region, ctx.Ct).ConfigureAwait(false);
                var facts = resources.Select(r => new WorkloadResource(account, region, type.Type,
                    ArnFromModel(r.Properties) ?? type.ArnOf(r.Identifier, region, account), WorkloadResourceType.NameOf(r.Identifier)));
                // Cloud Control may list account-wide resources (S3 buckets) from every region: count each once.
                lock (seen) facts = facts.Where(f => seen.Add($"{f.ResourceType}|{f.Arn}")).ToList();
                ctx.Sink.AddRange(facts);
            }
            catch (AwsServiceException e) when (Unsupported.Contains(e.ErrorCode))
            {
                ctx.Sink.Add(new InventoryGap(account, region, type.Type, e.ErrorCode));
            }
            catch (AwsServiceException e)
            {
                ctx.Record(FactType, account, e);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Every enabled region, or the configured ones that are enabled (a configured region that is not is a gap). When
    /// the enabled regions cannot be read, the configured regions, else the home region, are listed and the error recorded.
    /// </summary>
    private static async Task<IReadOnlyList<string>> RegionsAsync(CollectionContext ctx)
    {
        var chosen = ctx.Options.WorkloadRegions;
        var enabled = await ctx.TryAsync(FactType, ctx.CallerAccountId, ctx.Clients.Account.ListEnabledRegionsAsync).ConfigureAwait(false);
        if (!enabled.Ok) return chosen ?? [ctx.Region];
        if (chosen is null) return enabled.Value;
        foreach (var region in chosen.Except(enabled.Value, StringComparer.Ordinal))
            ctx.Sink.Add(new InventoryGap(ctx.CallerAccountId, region, null, "RegionNotEnabled"));
        return [.. chosen.Intersect(enabled.Value, StringComparer.Ordinal)];
    }

    /// <summary>Some list handlers return the resource's ARN in its model ("Arn"); it beats a built one.</summary>
    private static string? ArnFromModel(string? properties)
    {
        if (string.IsNullOrEmpty(properties)) return null;
        try
        {
            using var model = JsonDocument.Parse(properties);
            if (model.RootElement.ValueKind != JsonValueKind.Object) return null;
            foreach (var name in (string[])["Arn", "ARN"])
                if (model.RootElement.TryGetProperty(name, out var arn) && arn.ValueKind == JsonValueKind.String
                    && arn.GetString() is { } text && text.StartsWith("arn:", StringComparison.Ordinal))
                    return text;
        }
        catch (JsonException)
        {
            // a model that is not JSON still has its identifier
        }
        return null;
    }
}
