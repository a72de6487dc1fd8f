namespace PolicyEngine.Aws.Clients.CloudWatchLogs;

/// <summary>CloudWatch Logs reads in one region.</summary>
public interface ICloudWatchLogsClient
{
    Task<IReadOnlyList<MetricFilterInfo>> DescribeMetricFiltersAsync(string region, CancellationToken ct);
}

/// <summary>A metric filter and the metric it publishes (a filter has one transformation).</summary>
public sealed record MetricFilterInfo(string LogGroupName, string FilterName, string FilterPattern, string MetricName, string MetricNamespace);
