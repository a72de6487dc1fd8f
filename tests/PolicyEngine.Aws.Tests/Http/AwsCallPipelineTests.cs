using System.Net;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Resilience;
using PolicyEngine.Aws.Sdk;
using PolicyEngine.Aws.Tests.Support;

namespace PolicyEngine.Aws.Tests.Http;

/// <summary>The official SDK clients go through the same pipeline as the hand-written ones: one pace, one count, one retry policy.</summary>
public sealed class AwsCallPipelineTests
{
    private static ProxyResponse Ec2Throttle() => ProxyResponse.Text(503, "text/xml",
        "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>t</RequestID></Response>");

    private static ProxyResponse Regions() => ProxyResponse.Text(200, "text/xml",
        "<DescribeRegionsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r</requestId><regionInfo>" +
        "<item><regionName>eu-west-1</regionName><regionEndpoint>ec2.eu-west-1.amazonaws.com</regionEndpoint></item></regionInfo></DescribeRegionsResponse>");

    private static AwsClientOptions Options(Uri endpoint) => TestClients.FastOptions with
    {
        Endpoints = new AwsEndpoints(endpoint, new Dictionary<string, Uri>()),
        RatesPerSecond = new Dictionary<string, double> { ["EC2"] = 50 },
        MaxAttempts = 6,
    };

    [Fact]
    public async Task Sdk_throttling_is_retried_by_the_pipeline_counted_and_slows_the_shared_pace()
    {
        var answered = 0;
        await using var proxy = new AwsStubProxy(upstream: null).Intercept((request, _) =>
            Task.FromResult<ProxyResponse?>(request.Service == "ec2" ? Interlocked.Increment(ref answered) <= 4 ? Ec2Throttle() : Regions() : null));
        var options = Options(proxy.Url);
        using var pipeline = new AwsCallPipeline(options);
        using var handler = AwsHttp.CreateHandler();
        using var inventory = new SdkWorkloadInventory(TestClients.Credentials, pipeline, handler);

        var regions = await inventory.ListEnabledRegionsAsync(CancellationToken.None);

        Assert.Equal(["eu-west-1"], regions);
        // The SDK made no attempt of its own: every request the endpoint saw was one of the pipeline's attempts.
        Assert.Equal(5, proxy.Requests.Count);
        Assert.Equal((5, 4, 4), pipeline.Statistics.ByService["EC2"]);
        // Three throttles in a window halved EC2's pace (50 per second), which has barely begun to recover.
        Assert.InRange(pipeline.CurrentRate(SdkWorkloadInventory.DescribeRegions), 25, 30);
        Assert.All(proxy.Requests, r => Assert.StartsWith("attempt=1;", r.Headers["amz-sdk-request"]));
    }

    [Fact]
    public async Task An_sdk_call_that_keeps_failing_ends_after_the_pipelines_attempts_with_the_services_code()
    {
        await using var proxy = new AwsStubProxy(upstream: null).Intercept((request, _) =>
            Task.FromResult<ProxyResponse?>(ProxyResponse.Text(500, "text/xml",
                "<Response><Errors><Error><Code>InternalError</Code><Message>boom</Message></Error></Errors><RequestID>x</RequestID></Response>")));
        using var pipeline = new AwsCallPipeline(Options(proxy.Url) with { MaxAttempts = 3 });
        using var handler = AwsHttp.CreateHandler();
        using var inventory = new SdkWorkloadInventory(TestClients.Credentials, pipeline, handler);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => inventory.ListEnabledRegionsAsync(CancellationToken.None));

        Assert.Equal(("InternalError", 3), (e.ErrorCode, e.Attempts));
        Assert.Equal(3, proxy.Requests.Count);
    }

    [Fact]
    public async Task A_refused_connection_names_the_endpoint_for_hand_written_and_SDK_clients()
    {
        var closed = new Uri($"http://127.0.0.1:{MotoProcess.FreePort()}/");
        using var pipeline = new AwsCallPipeline(Options(closed) with { MaxAttempts = 2 });
        using var handler = AwsHttp.CreateHandler();
        using var inventory = new SdkWorkloadInventory(TestClients.Credentials, pipeline, handler);
        using var http = new AwsHttpClient(pipeline.Options, TestClients.Credentials, handler, pipeline);

        var sdk = await Assert.ThrowsAsync<AwsServiceException>(() => inventory.ListEnabledRegionsAsync(CancellationToken.None));
        var own = await Assert.ThrowsAsync<AwsServiceException>(() => new Clients.Organizations.OrganizationsClient(http).DescribeOrganizationAsync(CancellationToken.None));

        foreach (var e in new[] { sdk, own })
        {
            Assert.Equal((AwsErrorCodes.Network, 2), (e.ErrorCode, e.Attempts));
            Assert.Contains(closed.ToString(), e.Message);
            Assert.Contains("refused", e.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>portal</body></html>", "an HTML page")]
    [InlineData("", "an empty body")]
    public async Task A_success_that_is_not_an_AWS_answer_is_unparseable_not_empty(string body, string says)
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.OK, body, "text/html");
        using var http = TestClients.Http(handler);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => new Clients.Iam.IamClient(http).ListUsersAsync(CancellationToken.None));

        Assert.Equal(AwsErrorCodes.Unparseable, e.ErrorCode);
        Assert.Contains(says, e.Message);
        Assert.Contains("https://aws.test/", e.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Well_formed_XML_of_another_kind_is_unparseable_not_empty()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.OK, "<ListRolesResponse><ListRolesResult><Roles/></ListRolesResult></ListRolesResponse>", "text/xml");
        using var http = TestClients.Http(handler);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => new Clients.Iam.IamClient(http).ListUsersAsync(CancellationToken.None));

        Assert.Equal(AwsErrorCodes.Unparseable, e.ErrorCode);
        Assert.Contains("<ListUsersResponse>", e.Message);
    }

    [Theory]
    [InlineData("htp:/127.0.0.1")]
    [InlineData("http://")]
    [InlineData("127.0.0.1:4566")]
    [InlineData("http://user:secret@127.0.0.1:4566")]
    public void A_malformed_endpoint_is_a_setting_error_naming_the_variable(string value)
    {
        var e = Assert.Throws<AwsSettingException>(() => AwsEndpoints.FromVariables(name => name == "AWS_ENDPOINT_URL_CLOUDTRAIL" ? value : null));

        Assert.Contains("AWS_ENDPOINT_URL_CLOUDTRAIL", e.Message);
    }
}
