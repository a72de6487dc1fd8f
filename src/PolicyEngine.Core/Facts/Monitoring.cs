namespace PolicyEngine.Core.Facts;

/// <summary>A CloudTrail trail visible from the account, with its status and event selectors.</summary>
public sealed record CloudTrailTrail(
    string AccountId,
    string Name,
    string Arn,
    string HomeRegion,
    bool IsMultiRegion,
    bool IsOrganizationTrail,
    bool IsLogging,
    bool LogFileValidationEnabled,
    bool IncludesManagementEvents,
    string ReadWriteType,
    string? S3BucketName = null,
    string? CloudWatchLogsLogGroupArn = null,
    string? KmsKeyId = null,
    string? CloudWatchLogsRoleArn = null,
    string? SnsTopicArn = null) : IFact
{
    public string ResourceId => Arn;

    /// <summary>The account that owns the trail, read from its ARN (an organization trail seen from a member belongs to the management account).</summary>
    public string OwnerAccountId => ArnPart(Arn, 4) ?? AccountId;

    /// <summary>
    /// What the resource is to this trail, when the trail keeps its logs there or needs it to deliver them: its S3
    /// bucket, its CloudWatch Logs log group and the role that writes to it, the KMS key that encrypts the logs, the SNS
    /// topic told of each delivery. Null for anything else. Compared by ARN, so any resource type an inventory lists
    /// can be told apart from a workload whatever its name.
    /// </summary>
    public string? LogResourceKind(string? resourceArn)
    {
        if (string.IsNullOrEmpty(resourceArn)) return null;
        if (S3BucketName is { Length: > 0 } bucket && resourceArn == $"arn:{Partition}:s3:::{bucket}") return "S3 bucket receiving its logs";
        if (CloudWatchLogsLogGroupArn is { Length: > 0 } logGroup && WithoutWildcard(resourceArn) == WithoutWildcard(logGroup))
            return "CloudWatch Logs log group receiving its events";
        if (KmsKeyId is { Length: > 0 } key && (resourceArn == key || (!key.StartsWith("arn:", StringComparison.Ordinal)
                && ArnPart(resourceArn, 2) == "kms" && resourceArn.EndsWith(":key/" + key, StringComparison.Ordinal))))
            return "KMS key encrypting its logs";
        if (CloudWatchLogsRoleArn is { Length: > 0 } role && string.Equals(resourceArn, role, StringComparison.OrdinalIgnoreCase))
            return "IAM role delivering its events to CloudWatch Logs";
        if (SnsTopicArn is { Length: > 0 } topic && resourceArn == topic) return "SNS topic notified of its log deliveries";
        return null;
    }

    /// <summary>True when the trail keeps its logs in the resource or needs it to deliver them (see <see cref="LogResourceKind"/>).</summary>
    public bool KeepsLogsIn(string? resourceArn) => LogResourceKind(resourceArn) is not null;

    private string Partition => ArnPart(Arn, 1) ?? "aws";

    /// <summary>A log group's ARN is written with and without the trailing ":*" (DescribeTrails gives it with).</summary>
    private static string WithoutWildcard(string arn) => arn.EndsWith(":*", StringComparison.Ordinal) ? arn[..^2] : arn;

    private static string? ArnPart(string arn, int index) =>
        arn.Split(':', 6) is { } parts && parts.Length > index && parts[index].Length > 0 ? parts[index] : null;
}

/// <summary>An EventBridge rule on the default bus, with the number of its targets and (when collected) their ARNs.</summary>
public sealed record EventBridgeRule(
    string AccountId,
    string Region,
    string Name,
    string Arn,
    string State,
    string? EventPattern,
    int TargetCount,
    IReadOnlyList<string>? TargetArns = null) : IFact
{
    public string ResourceId => Arn;
    public bool IsEnabled => State.StartsWith("ENABLED", StringComparison.Ordinal);
}

/// <summary>A CloudWatch Logs metric filter.</summary>
public sealed record MetricFilter(
    string AccountId,
    string Region,
    string LogGroupName,
    string FilterName,
    string FilterPattern,
    string MetricName,
    string MetricNamespace) : IFact
{
    public string ResourceId => $"arn:aws:logs:{Region}:{AccountId}:log-group:{LogGroupName}:metric-filter/{FilterName}";
}

/// <summary>A CloudWatch metric alarm.</summary>
public sealed record MetricAlarm(
    string AccountId,
    string Region,
    string AlarmName,
    string Arn,
    string? MetricName,
    string? Namespace,
    bool ActionsEnabled,
    IReadOnlyList<string> AlarmActions) : IFact
{
    public string ResourceId => Arn;
    public bool HasActions => ActionsEnabled && AlarmActions.Count > 0;
}
