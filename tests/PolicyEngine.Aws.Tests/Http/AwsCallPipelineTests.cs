using System.Net;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Resilience;
using PolicyEngine.Aws.Sdk;
using PolicyEngine.Aws.Tests.Support;

namespace PolicyEngine.Aws.Tests.Http;

/// <summary>The official SDK clients go through the same pipeline as the hand-written ones: one pace, one count, one retry policy.</summary>
public sealed class AwsCallPipelineTests
{
    private static ProxyResponse StsThrottle() => ProxyResponse.Text(400, "text/xml",
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>t</RequestId></ErrorResponse>");

    private static ProxyResponse Identity() => ProxyResponse.Text(200, "text/xml",
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>" +
        "<Arn>arn:aws:iam::123456789012:user/auditor</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>" +
        "</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>");

    private static AwsClientOptions Options(Uri endpoint) => TestClients.FastOptions with
    {
        Endpoints = new AwsEndpoints(endpoint, new Dictionary<string, Uri>()),
        RatesPerSecond = new Dictionary<string, double> { ["STS"] = 50 },
        MaxAttempts = 6,
    };

    [Fact]
    public async Task Sdk_throttling_is_retried_by_the_pipeline_counted_and_slows_the_shared_pace()
    {
        var answered = 0;
        await using var proxy = new AwsStubProxy(upstream: null).Intercept((request, _) =>
            Task.FromResult<ProxyResponse?>(request.Service == "sts" ? Interlocked.Increment(ref answered) <= 4 ? StsThrottle() : Identity() : null));
        // The four throttles fall in one window of the rate's adaptation however slowly this machine runs.
        using var pipeline = new AwsCallPipeline(Options(proxy.Url), time: new ManualClock());
        using var handler = AwsHttp.CreateHandler();
        using var sts = new SdkStsClient(TestClients.Credentials, pipeline, handler);

        var identity = await sts.GetCallerIdentityAsync(CancellationToken.None);

        Assert.Equal("123456789012", identity.AccountId);
        // The SDK made no attempt of its own: every request the endpoint saw was one of the pipeline's attempts.
        Assert.Equal(5, proxy.Requests.Count);
        Assert.Equal((5, 4, 4), pipeline.Statistics.ByService["STS"]);
        // Three throttles in a window halved STS's pace (50 per second); the lowest pace, since it recovers with time.
        Assert.Equal(25, pipeline.LowestRate(SdkStsClient.GetCallerIdentity));
        Assert.All(proxy.Requests, r => Assert.StartsWith("attempt=1;", r.Headers["amz-sdk-request"]));
    }

    [Fact]
    public async Task An_sdk_call_that_keeps_failing_ends_after_the_pipelines_attempts_with_the_services_code()
    {
        await using var proxy = new AwsStubProxy(upstream: null).Intercept((request, _) =>
            Task.FromResult<ProxyResponse?>(ProxyResponse.Text(500, "text/xml",
                "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Receiver</Type><Code>InternalError</Code><Message>boom</Message></Error><RequestId>x</RequestId></ErrorResponse>")));
        using var pipeline = new AwsCallPipeline(Options(proxy.Url) with { MaxAttempts = 3 });
        using var handler = AwsHttp.CreateHandler();
        using var sts = new SdkStsClient(TestClients.Credentials, pipeline, handler);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => sts.GetCallerIdentityAsync(CancellationToken.None));

        Assert.Equal(("InternalError", 3), (e.ErrorCode, e.Attempts));
        Assert.Equal(3, proxy.Requests.Count);
    }

    [Fact]
    public async Task A_refused_connection_names_the_endpoint_for_hand_written_and_SDK_clients()
    {
        var closed = new Uri($"http://127.0.0.1:{MotoProcess.FreePort()}/");
        using var pipeline = new AwsCallPipeline(Options(closed) with { MaxAttempts = 2 });
        using var handler = AwsHttp.CreateHandler();
        using var sts = new SdkStsClient(TestClients.Credentials, pipeline, handler);
        using var http = new AwsHttpClient(pipeline.Options, TestClients.Credentials, handler, pipeline);

        var sdk = await Assert.ThrowsAsync<AwsServiceException>(() => sts.GetCallerIdentityAsync(CancellationToken.None));
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
