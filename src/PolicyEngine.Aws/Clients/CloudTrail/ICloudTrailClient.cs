namespace PolicyEngine.Aws.Clients.CloudTrail;

/// <summary>CloudTrail reads in one region. Trails are named by ARN, which works for shadow and organization trails too.</summary>
public interface ICloudTrailClient
{
    /// <summary>The trails visible in the region, shadow trails (multi-Region and organization trails) included.</summary>
    Task<IReadOnlyList<TrailInfo>> DescribeTrailsAsync(string region, CancellationToken ct);
    Task<bool> GetTrailIsLoggingAsync(string trailArn, string region, CancellationToken ct);
    Task<EventSelectorsInfo> GetEventSelectorsAsync(string trailArn, string region, CancellationToken ct);
}

public sealed record TrailInfo(
    string Name, string Arn, string HomeRegion, bool IsMultiRegion, bool IsOrganizationTrail, bool LogFileValidationEnabled,
    string? S3BucketName, string? CloudWatchLogsLogGroupArn, string? KmsKeyId, string? CloudWatchLogsRoleArn = null, string? SnsTopicArn = null);

/// <summary>A trail's selectors: basic ones, or advanced ones (only one of the two kinds is set).</summary>
public sealed record EventSelectorsInfo(IReadOnlyList<BasicEventSelector> Basic, IReadOnlyList<AdvancedEventSelector> Advanced);

public sealed record BasicEventSelector(string ReadWriteType, bool IncludeManagementEvents);

public sealed record AdvancedEventSelector(string? Name, IReadOnlyList<FieldSelector> FieldSelectors);

public sealed record FieldSelector(string Field, IReadOnlyList<string> EqualsValues, IReadOnlyList<string> NotEqualsValues);
