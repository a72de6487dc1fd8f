using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Protocols;

namespace PolicyEngine.Aws.Clients.CloudWatch;

/// <summary>
/// CloudWatch over the query protocol (Version 2010-08-01). The model also lists rpc-v2-cbor and JSON; query is the one
/// every endpoint still accepts. Replaceable by AWSSDK.CloudWatch behind <see cref="ICloudWatchClient"/>.
/// </summary>
public sealed class CloudWatchClient(AwsHttpClient http) : ICloudWatchClient
{
    public static readonly AwsOperation DescribeAlarms = new(AwsServices.CloudWatch, "DescribeAlarms");

    private readonly QueryProtocol _query = new(http);

    public Task<IReadOnlyList<MetricAlarmInfo>> DescribeMetricAlarmsAsync(string region, CancellationToken ct) =>
        Pagination.AllAsync(DescribeAlarms, async token =>
        {
            var parameters = new List<KeyValuePair<string, string>>
            {
                KeyValuePair.Create("AlarmTypes.member.1", "MetricAlarm"),
                KeyValuePair.Create("MaxRecords", "100"),
            };
            if (token is not null) parameters.Add(KeyValuePair.Create("NextToken", token));
            var result = await _query.CallAsync(DescribeAlarms, parameters, ct, region).ConfigureAwait(false);
            return new Page<MetricAlarmInfo>(result.Members("MetricAlarms").Select(a => new MetricAlarmInfo(
                a.ChildText("AlarmName") ?? "", a.ChildText("AlarmArn") ?? "", a.ChildText("MetricName"), a.ChildText("Namespace"),
                a.ChildBool("ActionsEnabled"), a.Members("AlarmActions").Select(m => m.Value).ToList())).ToList(),
                result.ChildText("NextToken"));
        }, ct);
}
