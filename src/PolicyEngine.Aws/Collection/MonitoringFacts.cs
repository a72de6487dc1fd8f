using PolicyEngine.Aws.Clients.CloudWatchLogs;
using PolicyEngine.Aws.Clients.CloudTrail;
using PolicyEngine.Aws.Clients.EventBridge;
using PolicyEngine.Aws.Http;
using PolicyEngine.Core.Facts;

namespace PolicyEngine.Aws.Collection;

/// <summary>CloudTrail trails, EventBridge rules, CloudWatch Logs metric filters and CloudWatch alarms of the caller's account.</summary>
internal static class MonitoringFacts
{
    public static async Task CollectAsync(CollectionContext ctx)
    {
        var trails = await CollectTrailsAsync(ctx);
        RecordLogGroupsInOtherAccounts(ctx, trails);
        // Metric filters live in the log group's region, which is the trail's home region, not necessarily ours.
        var metricRegions = trails.Select(t => LogGroupRegion(t.CloudWatchLogsLogGroupArn)).OfType<string>().Append(ctx.Region).Distinct();
        var ruleRegions = new[] { ctx.Region, CollectionContext.GlobalEventsRegion }.Distinct();
        await Task.WhenAll(
            ctx.ForEachAsync(ruleRegions, region => CollectRulesAsync(ctx, region)),
            ctx.ForEachAsync(metricRegions, region => CollectMetricsAsync(ctx, region)));
    }

    /// <summary>Every trail visible in the home region (shadow and organization trails included), with status and selectors by ARN.</summary>
    private static async Task<IReadOnlyList<CloudTrailTrail>> CollectTrailsAsync(CollectionContext ctx)
    {
        const string factType = nameof(CloudTrailTrail);
        var cloudTrail = ctx.Clients.CloudTrail;
        var described = await ctx.TryAsync(factType, ctx.CallerAccountId, ct => cloudTrail.DescribeTrailsAsync(ctx.Region, ct));
        if (!described.Ok) return [];
        var trails = new List<CloudTrailTrail>();
        await ctx.ForEachAsync(described.Value, async trail =>
        {
            // A trail deleted between the listing and these calls answers TrailNotFoundException: it is gone, not unreadable.
            var status = await ctx.TryAsync<bool?>(factType, ctx.CallerAccountId, async ct => await cloudTrail.GetTrailIsLoggingAsync(trail.Arn, ctx.Region, ct), Gone<bool?>);
            var selectors = await ctx.TryAsync<EventSelectorsInfo?>(factType, ctx.CallerAccountId, async ct => await cloudTrail.GetEventSelectorsAsync(trail.Arn, ctx.Region, ct), Gone<EventSelectorsInfo?>);
            if (status is not { Ok: true, Value: { } logging } || selectors is not { Ok: true, Value: { } selected }) return;
            var (management, readWrite) = ManagementEventCoverage.From(selected);
            var fact = new CloudTrailTrail(ctx.CallerAccountId, trail.Name, trail.Arn, trail.HomeRegion, trail.IsMultiRegion,
                trail.IsOrganizationTrail, logging, trail.LogFileValidationEnabled, management, readWrite,
                trail.S3BucketName, trail.CloudWatchLogsLogGroupArn, trail.KmsKeyId, trail.CloudWatchLogsRoleArn, trail.SnsTopicArn);
            ctx.Sink.Add(fact);
            lock (trails) trails.Add(fact);
        });
        return trails;
    }

    private static async Task CollectRulesAsync(CollectionContext ctx, string region)
    {
        const string factType = nameof(EventBridgeRule);
        var events = ctx.Clients.EventBridge;
        var rules = await ctx.TryAsync(factType, ctx.CallerAccountId, ct => events.ListRulesAsync(region, ct));
        if (!rules.Ok) return;
        await ctx.ForEachAsync(rules.Value, async rule =>
        {
            var targets = await ctx.TryAsync<IReadOnlyList<RuleTargetInfo>?>(factType, ctx.CallerAccountId,
                async ct => await events.ListTargetsByRuleAsync(rule.Name, region, ct), Gone<IReadOnlyList<RuleTargetInfo>?>);
            if (targets.Ok && targets.Value is not null)
                ctx.Sink.Add(new EventBridgeRule(ctx.CallerAccountId, region, rule.Name, rule.Arn, rule.State, rule.EventPattern, targets.Value.Count,
                    [.. targets.Value.Select(t => t.Arn)]));
        });
    }

    private static async Task CollectMetricsAsync(CollectionContext ctx, string region)
    {
        var account = ctx.CallerAccountId;
        var filters = ctx.TryAsync(nameof(MetricFilter), account, ct => ctx.Clients.CloudWatchLogs.DescribeMetricFiltersAsync(region, ct));
        var alarms = ctx.TryAsync(nameof(MetricAlarm), account, ct => ctx.Clients.CloudWatch.DescribeMetricAlarmsAsync(region, ct));
        if ((await filters) is { Ok: true, Value: var f })
            ctx.Sink.AddRange(f.Select(m => new MetricFilter(account, region, m.LogGroupName, m.FilterName, m.FilterPattern, m.MetricName, m.MetricNamespace)));
        if ((await alarms) is { Ok: true, Value: var a })
            ctx.Sink.AddRange(a.Select(m => new MetricAlarm(account, region, m.AlarmName, m.Arn, m.MetricName, m.Namespace, m.ActionsEnabled, m.AlarmActions)));
    }

    /// <summary>
    /// A trail of this account may deliver to a log group in another account (a log-archive account), where the metric
    /// filters and alarms on its events live. They can be read only with that account's credentials, so say what was
    /// not read: an alert path there is neither credited nor denied on data nobody saw.
    /// </summary>
    private static void RecordLogGroupsInOtherAccounts(CollectionContext ctx, IReadOnlyList<CloudTrailTrail> trails)
    {
        foreach (var trail in trails.Where(t => t.OwnerAccountId == ctx.CallerAccountId))
        {
            if (trail.CloudWatchLogsLogGroupArn?.Split(':') is not { Length: > 6 } parts || parts[4] == ctx.CallerAccountId) continue;
            ctx.Sink.Error(new CollectionError(nameof(MetricFilter), parts[4], CloudWatchLogsClient.DescribeMetricFilters.IamAction, "InAnotherAccount",
                $"trail {trail.Name} delivers to log group {parts[6]} in account {parts[4]}; its metric filters and alarms can be read only with that account's credentials", parts[3]));
        }
    }

    /// <summary>TrailNotFoundException and ResourceNotFoundException on a resource just listed: it was deleted meanwhile.</summary>
    private static Answer<T>? Gone<T>(AwsServiceException e) =>
        AwsErrorCodes.Bare(e.ErrorCode) is "TrailNotFound" or "ResourceNotFound" ? new Answer<T>(default!, "deleted since it was listed") : null;

    /// <summary>arn:aws:logs:REGION:ACCOUNT:log-group:NAME:* → REGION.</summary>
    internal static string? LogGroupRegion(string? logGroupArn) =>
        logGroupArn?.Split(':') is { Length: > 4 } parts && parts[3].Length > 0 ? parts[3] : null;
}
