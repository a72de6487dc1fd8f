using System.Text.Json.Nodes;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Protocols;

namespace PolicyEngine.Aws.Clients.CloudWatchLogs;

/// <summary>CloudWatch Logs over JSON 1.1 (Logs_20140328); replaceable by AWSSDK.CloudWatchLogs behind <see cref="ICloudWatchLogsClient"/>.</summary>
public sealed class CloudWatchLogsClient(AwsHttpClient http) : ICloudWatchLogsClient
{
    public static readonly AwsOperation DescribeMetricFilters = new(AwsServices.CloudWatchLogs, "DescribeMetricFilters");

    private readonly JsonRpcProtocol _rpc = new(http);

    /// <summary>Member names are lowerCamel here (metricFilters, nextToken); the page limit is 50.</summary>
    public Task<IReadOnlyList<MetricFilterInfo>> DescribeMetricFiltersAsync(string region, CancellationToken ct) =>
        Pagination.AllAsync(DescribeMetricFilters, async token =>
        {
            var input = new JsonObject { ["limit"] = 50 };
            if (token is not null) input["nextToken"] = token;
            var result = await _rpc.CallAsync(DescribeMetricFilters, input, ct, region).ConfigureAwait(false);
            return new Page<MetricFilterInfo>(result.Array("metricFilters").Select(f =>
            {
                var metric = f.Array("metricTransformations").FirstOrDefault();
                return new MetricFilterInfo(f.Str("logGroupName") ?? "", f.Str("filterName") ?? "", f.Str("filterPattern") ?? "",
                    metric.Str("metricName") ?? "", metric.Str("metricNamespace") ?? "");
            }).ToList(), result.Str("nextToken"));
        }, ct);
}
