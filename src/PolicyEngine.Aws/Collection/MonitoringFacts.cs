using PolicyEngine.Core.Facts;

namespace PolicyEngine.Aws.Collection;

/// <summary>CloudTrail trails, EventBridge rules, CloudWatch Logs metric filters and CloudWatch alarms of the caller's account.</summary>
internal static class MonitoringFacts
{
    public static async Task CollectAsync(CollectionContext ctx)
    {
        var trails = await CollectTrailsAsync(ctx);
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
            var status = await ctx.TryAsync(factType, ctx.CallerAccountId, ct => cloudTrail.GetTrailIsLoggingAsync(trail.Arn, ctx.Region, ct));
            var selectors = await ctx.TryAsync(factType, ctx.CallerAccountId, ct => cloudTrail.GetEventSelectorsAsync(trail.Arn, ctx.Region, ct));
            if (!status.Ok || !selectors.Ok) return;
            var (management, readWrite) = ManagementEventCoverage.From(selectors.Value);
            var fact = new CloudTrailTrail(ctx.CallerAccountId, trail.Name, trail.Arn, trail.HomeRegion, trail.IsMultiRegion,
                trail.IsOrganizationTrail, status.Value, trail.LogFileValidationEnabled, management, readWrite,
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
            var targets = await ctx.TryAsync(factType, ctx.CallerAccountId, ct => events.ListTargetsByRuleAsync(rule.Name, region, ct));
            if (targets.Ok)
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

    /// <summary>arn:aws:logs:REGION:ACCOUNT:log-group:NAME:* → REGION.</summary>
    internal static string? LogGroupRegion(string? logGroupArn) =>
        logGroupArn?.Split(':') is { Length: > 4 } parts && parts[3].Length > 0 ? parts[3] : null;
}
