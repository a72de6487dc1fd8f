using Amazon.Runtime;
using PolicyEngine.Aws.Clients.Account;
using PolicyEngine.Aws.Clients.CloudControl;
using PolicyEngine.Aws.Clients.CostExplorer;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Tests.Support;

namespace PolicyEngine.Aws.Tests.Protocols;

/// <summary>
/// The inventory's three clients over the real HTTP stack against <see cref="InventoryStub"/>'s botocore-shaped answers:
/// pagination, throttling, a type a region does not offer, regions not enabled, Cost Explorer's request and its pages.
/// </summary>
public sealed class InventoryClientTests : IAsyncDisposable
{
    private readonly InventoryStub _stub = new();
    private readonly AwsStubProxy _proxy;
    private readonly AwsHttpClient _http;

    public InventoryClientTests()
    {
        _proxy = _stub.Install(new AwsStubProxy(upstream: null));
        _http = new AwsHttpClient(new AwsClientOptions
        {
            Region = "eu-west-1",
            Endpoints = new AwsEndpoints(_proxy.Url, new Dictionary<string, Uri>()),
            BaseBackoff = TimeSpan.FromMilliseconds(5),
            RatesPerSecond = AwsServices.All.ToDictionary(s => s.Id, _ => 1000.0),
        }, new BasicAWSCredentials("AKIDINVENTORY", "inventory/secret"));
    }

    [Fact]
    public async Task ListResources_FollowsEveryPage_InTheRegionAsked()
    {
        foreach (var name in (string[])["a", "b", "c", "d", "e"])
            _stub.Add("AWS::Lambda::Function", "ap-southeast-5", name, $$"""{"FunctionName":"{{name}}"}""");

        var resources = await new CloudControlClient(_http).ListResourcesAsync("AWS::Lambda::Function", "ap-southeast-5", CancellationToken.None);

        Assert.Equal(["a", "b", "c", "d", "e"], resources.Select(r => r.Identifier));
        Assert.Equal("""{"FunctionName":"c"}""", resources[2].Properties);
        var calls = _stub.ListResourcesCalls.ToList();
        Assert.Equal(3, calls.Count);
        Assert.All(calls, c => Assert.Equal("ap-southeast-5", c.Region));
        Assert.Null(calls[0].Token);
        Assert.NotNull(calls[2].Token);
        var request = _proxy.Requests.First(r => r.Operation == "ListResources");
        Assert.Equal("CloudApiService.ListResources", request.Headers["X-Amz-Target"]);
        Assert.StartsWith("application/x-amz-json-1.0", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal("cloudcontrolapi", request.Service);
        Assert.DoesNotContain("MaxResults", request.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListResources_RetriesThrottling_ThenSucceeds()
    {
        _stub.ThrottleFirst = 2;
        _stub.Add("AWS::RDS::DBInstance", "eu-west-1", "billing-db");

        var resources = await new CloudControlClient(_http).ListResourcesAsync("AWS::RDS::DBInstance", "eu-west-1", CancellationToken.None);

        Assert.Equal("billing-db", Assert.Single(resources).Identifier);
        Assert.Equal(2, _http.Pipeline.Statistics.Retries);
    }

    [Fact]
    public async Task ATypeTheRegionDoesNotOffer_IsTheServicesErrorCode_NotRetried()
    {
        _stub.Unsupported.Add(("AWS::AppRunner::Service", "ap-southeast-5"));

        var e = await Assert.ThrowsAsync<AwsServiceException>(() =>
            new CloudControlClient(_http).ListResourcesAsync("AWS::AppRunner::Service", "ap-southeast-5", CancellationToken.None));

        Assert.Equal("TypeNotFoundException", e.ErrorCode);
        Assert.Equal("ap-southeast-5", e.Region);
        Assert.Single(_stub.ListResourcesCalls);
    }

    [Fact]
    public async Task ListRegions_KeepsEnabledRegionsOnly_AcrossPages()
    {
        var regions = await new AccountClient(_http).ListEnabledRegionsAsync(CancellationToken.None);

        Assert.Equal(["ap-southeast-5", "eu-west-1", "us-east-1"], regions);
        var requests = _proxy.Requests.Where(r => r.Operation == "ListRegions").ToList();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal("/listRegions", r.PathAndQuery));
        Assert.Contains("\"RegionOptStatusContains\":[\"ENABLED\",\"ENABLED_BY_DEFAULT\"]", requests[0].BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCostAndUsage_AsksForTheLinkedAccountByService_AndSumsEveryPage()
    {
        _stub.CostPeriods.Add([("AWS Lambda", "12.50"), ("Amazon Relational Database Service", "100.0000001")]);
        _stub.CostPeriods.Add([("AWS Lambda", "7.5"), ("Tax", "-0.0000001")]);

        var costs = await new CostExplorerClient(_http).GetCostByServiceAsync("111111111111", new DateOnly(2026, 10, 28), new DateOnly(2026, 11, 27), CancellationToken.None);

        Assert.Equal([("AWS Lambda", 20.0m), ("Amazon Relational Database Service", 100.0000001m), ("Tax", -0.0000001m)],
            costs.Select(c => (c.Service, c.Amount)));
        var requests = _stub.CostRequests.ToList();
        Assert.Equal(2, requests.Count);
        var first = requests[0];
        Assert.Equal("MONTHLY", (string?)first["Granularity"]);
        Assert.Equal("2026-10-28", (string?)first["TimePeriod"]!["Start"]);
        Assert.Equal("2026-11-27", (string?)first["TimePeriod"]!["End"]);
        Assert.Equal("UnblendedCost", (string?)first["Metrics"]![0]);
        Assert.Equal("SERVICE", (string?)first["GroupBy"]![0]!["Key"]);
        Assert.Equal("LINKED_ACCOUNT", (string?)first["Filter"]!["Dimensions"]!["Key"]);
        Assert.Equal("111111111111", (string?)first["Filter"]!["Dimensions"]!["Values"]![0]);
        Assert.Equal("page-1", (string?)requests[1]["NextPageToken"]);
        var request = _proxy.Requests.First(r => r.Service == "ce");
        Assert.Equal("AWSInsightsIndexService.GetCostAndUsage", request.Headers["X-Amz-Target"]);
        Assert.Equal("us-east-1", request.Region);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _proxy.DisposeAsync();
    }
}
