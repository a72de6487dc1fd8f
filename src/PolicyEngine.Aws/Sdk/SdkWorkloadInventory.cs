using System.Collections.Concurrent;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using PolicyEngine.Aws.Clients.Workloads;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Protocols;
using PolicyEngine.Aws.Resilience;

namespace PolicyEngine.Aws.Sdk;

/// <summary>Workload resources through the official SDK clients (EC2, S3, DynamoDB, SQS), one client per service and region.</summary>
public sealed class SdkWorkloadInventory(AWSCredentials credentials, AwsCallPipeline pipeline, HttpMessageHandler handler) : IWorkloadInventory, IDisposable
{
    private readonly AwsClientOptions _options = pipeline.Options;

    public static readonly AwsOperation DescribeRegions = new(AwsServices.Ec2, "DescribeRegions");
    public static readonly AwsOperation DescribeInstances = new(AwsServices.Ec2, "DescribeInstances");
    public static readonly AwsOperation ListTables = new(AwsServices.DynamoDb, "ListTables");
    public static readonly AwsOperation ListQueues = new(AwsServices.Sqs, "ListQueues");
    public static readonly AwsOperation ListBuckets = new(AwsServices.S3, "ListBuckets", "s3:ListAllMyBuckets");

    private readonly ConcurrentDictionary<(string Service, string Region), IDisposable> _clients = new();

    public async Task<IReadOnlyList<string>> ListEnabledRegionsAsync(CancellationToken ct)
    {
        var response = await SdkCall.RunAsync(pipeline, DescribeRegions, _options.Region,
            token => Ec2(_options.Region).DescribeRegionsAsync(new DescribeRegionsRequest { AllRegions = false }, token), ct).ConfigureAwait(false);
        return (response.Regions ?? []).Select(r => r.RegionName).Order(StringComparer.Ordinal).ToList();
    }

    public Task<IReadOnlyList<WorkloadItem>> ListInstancesAsync(string accountId, string region, CancellationToken ct) =>
        Pagination.AllAsync(DescribeInstances, async token =>
        {
            var response = await SdkCall.RunAsync(pipeline, DescribeInstances, region,
                t => Ec2(region).DescribeInstancesAsync(new DescribeInstancesRequest { NextToken = token, MaxResults = 1000 }, t), ct).ConfigureAwait(false);
            var items = (response.Reservations ?? []).SelectMany(r => r.Instances ?? []).Select(i => new WorkloadItem(
                "AWS::EC2::Instance", $"arn:aws:ec2:{region}:{accountId}:instance/{i.InstanceId}",
                i.Tags?.FirstOrDefault(tag => tag.Key == "Name")?.Value ?? i.InstanceId, region)).ToList();
            return new Page<WorkloadItem>(items, response.NextToken);
        }, ct);

    public Task<IReadOnlyList<WorkloadItem>> ListTablesAsync(string accountId, string region, CancellationToken ct) =>
        Pagination.AllAsync(ListTables, async token =>
        {
            var response = await SdkCall.RunAsync(pipeline, ListTables, region,
                t => DynamoDb(region).ListTablesAsync(new ListTablesRequest { ExclusiveStartTableName = token }, t), ct).ConfigureAwait(false);
            var items = (response.TableNames ?? []).Select(name => new WorkloadItem(
                "AWS::DynamoDB::Table", $"arn:aws:dynamodb:{region}:{accountId}:table/{name}", name, region)).ToList();
            return new Page<WorkloadItem>(items, response.LastEvaluatedTableName);
        }, ct);

    public Task<IReadOnlyList<WorkloadItem>> ListQueuesAsync(string accountId, string region, CancellationToken ct) =>
        Pagination.AllAsync(ListQueues, async token =>
        {
            var response = await SdkCall.RunAsync(pipeline, ListQueues, region,
                t => Sqs(region).ListQueuesAsync(new ListQueuesRequest { NextToken = token, MaxResults = 1000 }, t), ct).ConfigureAwait(false);
            var items = (response.QueueUrls ?? []).Select(url =>
            {
                var name = url.TrimEnd('/').Split('/')[^1];
                return new WorkloadItem("AWS::SQS::Queue", $"arn:aws:sqs:{region}:{accountId}:{name}", name, region);
            }).ToList();
            return new Page<WorkloadItem>(items, response.NextToken);
        }, ct);

    public Task<IReadOnlyList<WorkloadItem>> ListBucketsAsync(CancellationToken ct) =>
        Pagination.AllAsync(ListBuckets, async token =>
        {
            var response = await SdkCall.RunAsync(pipeline, ListBuckets, _options.Region,
                t => S3().ListBucketsAsync(new ListBucketsRequest { ContinuationToken = token }, t), ct).ConfigureAwait(false);
            var items = (response.Buckets ?? []).Select(b => new WorkloadItem(
                "AWS::S3::Bucket", $"arn:aws:s3:::{b.BucketName}", b.BucketName, b.BucketRegion ?? _options.Region)).ToList();
            return new Page<WorkloadItem>(items, response.ContinuationToken);
        }, ct);

    private AmazonEC2Client Ec2(string region) => Client(AwsServices.Ec2, region, r => new AmazonEC2Client(credentials, Config(new AmazonEC2Config(), AwsServices.Ec2, r)));

    private AmazonDynamoDBClient DynamoDb(string region) =>
        Client(AwsServices.DynamoDb, region, r => new AmazonDynamoDBClient(credentials, Config(new AmazonDynamoDBConfig(), AwsServices.DynamoDb, r)));

    private AmazonSQSClient Sqs(string region) => Client(AwsServices.Sqs, region, r => new AmazonSQSClient(credentials, Config(new AmazonSQSConfig(), AwsServices.Sqs, r)));

    /// <summary>Path-style addressing, so an endpoint override such as http://127.0.0.1:5000 works without bucket subdomains.</summary>
    private AmazonS3Client S3() => Client(AwsServices.S3, _options.Region, r =>
        new AmazonS3Client(credentials, Config(new AmazonS3Config { ForcePathStyle = _options.Endpoints.OverrideFor(AwsServices.S3) is not null }, AwsServices.S3, r)));

    private TConfig Config<TConfig>(TConfig config, AwsService service, string region) where TConfig : ClientConfig =>
        SdkCall.Configure(config, _options, service, region, handler);

    private T Client<T>(AwsService service, string region, Func<string, T> create) where T : IDisposable =>
        (T)_clients.GetOrAdd((service.Id, region), key => create(key.Region));

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
    }
}
