namespace PolicyEngine.Aws.Clients.CloudWatch;

/// <summary>CloudWatch reads in one region.</summary>
public interface ICloudWatchClient
{
    Task<IReadOnlyList<MetricAlarmInfo>> DescribeMetricAlarmsAsync(string region, CancellationToken ct);
}

public sealed record MetricAlarmInfo(string AlarmName, string Arn, string? MetricName, string? Namespace, bool ActionsEnabled, IReadOnlyList<string> AlarmActions);
