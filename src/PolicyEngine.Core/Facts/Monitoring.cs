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
    string? KmsKeyId = null) : IFact
{
    public string ResourceId => Arn;

    /// <summary>The account that owns the trail, read from its ARN (an organization trail seen from a member belongs to the management account).</summary>
    public string OwnerAccountId => Arn.Split(':') is { Length: > 4 } parts ? parts[4] : AccountId;
}

/// <summary>An EventBridge rule on the default bus, with the number of its targets.</summary>
public sealed record EventBridgeRule(
    string AccountId,
    string Region,
    string Name,
    string Arn,
    string State,
    string? EventPattern,
    int TargetCount) : IFact
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
