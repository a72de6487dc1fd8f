using PolicyEngine.Core.Facts;

namespace PolicyEngine.Aws.Collection;

/// <summary>
/// The billing catch-all: what each service cost the caller's account over the configured recent period, from Cost
/// Explorer (one billed request per page, usually one per run). Switched off, it records why, so the rule that reads
/// spend is unknown rather than passing on data nobody read.
/// </summary>
internal static class CostFacts
{
    public static async Task CollectAsync(CollectionContext ctx, DateOnly today)
    {
        var account = ctx.CallerAccountId;
        if (!ctx.Options.CollectCosts)
        {
            ctx.Sink.Error(new CollectionError(nameof(ServiceSpend), account, "ce:GetCostAndUsage", CollectionError.Disabled,
                "Cost Explorer is switched off (aws.costExplorer.enabled: false in the configuration)"));
            return;
        }
        var start = today.AddDays(-Math.Max(1, ctx.Options.CostPeriodDays));
        var costs = await ctx.TryAsync(nameof(ServiceSpend), account,
            ct => ctx.Clients.CostExplorer.GetCostByServiceAsync(account, start, today, ct)).ConfigureAwait(false);
        if (costs.Ok)
            ctx.Sink.AddRange(costs.Value.Select(c => new ServiceSpend(account, c.Service, (double)Math.Round(c.Amount, 2), c.Unit, start, today)));
    }
}
