using System.Text.Json.Nodes;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Protocols;

namespace PolicyEngine.Aws.Clients.CloudTrail;

/// <summary>CloudTrail over JSON 1.1; replaceable by AWSSDK.CloudTrail behind <see cref="ICloudTrailClient"/>.</summary>
public sealed class CloudTrailClient(AwsHttpClient http) : ICloudTrailClient
{
    public static readonly AwsOperation DescribeTrails = new(AwsServices.CloudTrail, "DescribeTrails");
    public static readonly AwsOperation GetTrailStatus = new(AwsServices.CloudTrail, "GetTrailStatus");
    public static readonly AwsOperation GetEventSelectors = new(AwsServices.CloudTrail, "GetEventSelectors");

    private readonly JsonRpcProtocol _rpc = new(http);

    /// <summary>DescribeTrails has no pagination: one call returns every trail.</summary>
    public async Task<IReadOnlyList<TrailInfo>> DescribeTrailsAsync(string region, CancellationToken ct)
    {
        var result = await _rpc.CallAsync(DescribeTrails, new JsonObject { ["includeShadowTrails"] = true }, ct, region).ConfigureAwait(false);
        return result.Array("trailList").Select(t => new TrailInfo(
            t.Str("Name") ?? "", t.Str("TrailARN") ?? "", t.Str("HomeRegion") ?? region, t.Bool("IsMultiRegionTrail"),
            t.Bool("IsOrganizationTrail"), t.Bool("LogFileValidationEnabled"), t.Str("S3BucketName"),
            t.Str("CloudWatchLogsLogGroupArn"), t.Str("KmsKeyId"), t.Str("CloudWatchLogsRoleArn"), t.Str("SnsTopicARN"))).ToList();
    }

    public async Task<bool> GetTrailIsLoggingAsync(string trailArn, string region, CancellationToken ct) =>
        (await _rpc.CallAsync(GetTrailStatus, new JsonObject { ["Name"] = trailArn }, ct, region).ConfigureAwait(false)).Bool("IsLogging");

    public async Task<EventSelectorsInfo> GetEventSelectorsAsync(string trailArn, string region, CancellationToken ct)
    {
        var result = await _rpc.CallAsync(GetEventSelectors, new JsonObject { ["TrailName"] = trailArn }, ct, region).ConfigureAwait(false);
        var basic = result.Array("EventSelectors")
            .Select(s => new BasicEventSelector(s.Str("ReadWriteType") ?? "All", !s.TryGetProperty("IncludeManagementEvents", out _) || s.Bool("IncludeManagementEvents")))
            .ToList();
        var advanced = result.Array("AdvancedEventSelectors")
            .Select(s => new AdvancedEventSelector(s.Str("Name"), s.Array("FieldSelectors")
                .Select(f => new FieldSelector(f.Str("Field") ?? "", f.Strings("Equals"), f.Strings("NotEquals"))).ToList()))
            .ToList();
        return new EventSelectorsInfo(basic, advanced);
    }
}
