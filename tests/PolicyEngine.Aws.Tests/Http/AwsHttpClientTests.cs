using System.Diagnostics;
using System.Net;
using PolicyEngine.Aws.Clients.Iam;
using PolicyEngine.Aws.Clients.Organizations;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Tests.Support;
using PolicyEngine.Core.Security;

namespace PolicyEngine.Aws.Tests.Http;

/// <summary>Fault injection at the HTTP layer: throttling, 5xx, timeouts, network errors, access denied, secrets.</summary>
public sealed class AwsHttpClientTests
{
    private const string DescribeOk = """{"Organization":{"Id":"o-1","MasterAccountId":"111111111111"}}""";

    [Fact]
    public async Task Throttling_IsRetriedUntilItPasses()
    {
        var handler = new ScriptedHandler()
            .Then(HttpStatusCode.BadRequest, """{"__type":"TooManyRequestsException","Message":"AWS Organizations can't complete your request because another request is already in progress."}""")
            .Then(HttpStatusCode.TooManyRequests, """{"__type":"TooManyRequestsException"}""")
            .Then(HttpStatusCode.OK, DescribeOk);
        using var http = TestClients.Http(handler);

        var org = await new OrganizationsClient(http).DescribeOrganizationAsync(CancellationToken.None);

        Assert.Equal("o-1", org.Id);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(2, http.Pipeline.Statistics.Throttled);
        Assert.Equal(2, http.Pipeline.Statistics.Retries);
    }

    [Fact]
    public async Task EveryAttemptIsSignedAfresh_WithTheSessionToken()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.ServiceUnavailable, "").Then(HttpStatusCode.OK, DescribeOk);
        using var http = TestClients.Http(handler);

        await new OrganizationsClient(http).DescribeOrganizationAsync(CancellationToken.None);

        Assert.All(handler.Requests, r =>
        {
            Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={TestClients.AccessKey}/", r.Headers["Authorization"]);
            Assert.Contains("x-amz-security-token", r.Headers["Authorization"]);
            Assert.Equal(TestClients.SessionToken, r.Headers["X-Amz-Security-Token"]);
        });
    }

    [Fact]
    public async Task ServerErrors_GiveUpAfterMaxAttempts()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.InternalServerError, """{"__type":"ServiceException","Message":"boom"}""");
        using var http = TestClients.Http(handler, TestClients.FastOptions with { MaxAttempts = 4 });

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => new OrganizationsClient(http).DescribeOrganizationAsync(CancellationToken.None));

        Assert.Equal("ServiceException", e.ErrorCode);
        Assert.Equal(4, e.Attempts);
        Assert.Equal(4, handler.Requests.Count);
    }

    [Fact]
    public async Task AccessDenied_IsNotRetried()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.Forbidden, """
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>AccessDenied</Code>
            <Message>User: arn:aws:iam::111111111111:user/x is not authorized to perform: iam:GetAccountSummary</Message></Error></ErrorResponse>
            """, "text/xml");
        using var http = TestClients.Http(handler);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => new IamClient(http).GetAccountSummaryAsync(CancellationToken.None));

        Assert.Equal("AccessDenied", e.ErrorCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task SlowAttempt_TimesOutAndIsRetried()
    {
        var handler = new ScriptedHandler()
            .ThenAsync(async (_, ct) => { await Task.Delay(TimeSpan.FromSeconds(60), ct); return ScriptedHandler.Response(HttpStatusCode.OK, DescribeOk); })
            .Then(HttpStatusCode.OK, DescribeOk);
        using var http = TestClients.Http(handler, TestClients.FastOptions with { AttemptTimeout = TimeSpan.FromMilliseconds(150) });
        var watch = Stopwatch.StartNew();

        var org = await new OrganizationsClient(http).DescribeOrganizationAsync(CancellationToken.None);

        Assert.Equal("o-1", org.Id);
        Assert.Equal(2, handler.Requests.Count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}"); // far below the hung attempt's minute
    }

    [Fact]
    public async Task EndpointThatNeverAnswers_EndsAsATimeoutError()
    {
        var handler = new ScriptedHandler()
            .ThenAsync(async (_, ct) => { await Task.Delay(TimeSpan.FromSeconds(10), ct); return ScriptedHandler.Response(HttpStatusCode.OK, DescribeOk); });
        using var http = TestClients.Http(handler, TestClients.FastOptions with { AttemptTimeout = TimeSpan.FromMilliseconds(50), MaxAttempts = 3 });

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => new OrganizationsClient(http).DescribeOrganizationAsync(CancellationToken.None));

        Assert.Equal(AwsErrorCodes.Timeout, e.ErrorCode);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task NetworkFailure_IsRetried()
    {
        var handler = new ScriptedHandler()
            .Then(_ => throw new HttpRequestException("Connection refused (127.0.0.1:1)"))
            .Then(HttpStatusCode.OK, DescribeOk);
        using var http = TestClients.Http(handler);

        Assert.Equal("o-1", (await new OrganizationsClient(http).DescribeOrganizationAsync(CancellationToken.None)).Id);
    }

    [Fact]
    public async Task CallerCancellation_IsNotAnAwsError()
    {
        var handler = new ScriptedHandler()
            .ThenAsync(async (_, ct) => { await Task.Delay(TimeSpan.FromSeconds(10), ct); return ScriptedHandler.Response(HttpStatusCode.OK, DescribeOk); });
        using var http = TestClients.Http(handler);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new OrganizationsClient(http).DescribeOrganizationAsync(cts.Token));
    }

    [Fact]
    public async Task SecretsEchoedByTheServer_AreRedacted()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.BadRequest,
            $$"""{"__type":"UnrecognizedClientException","message":"The security token {{TestClients.SessionToken}} for key {{TestClients.AccessKey}}/{{TestClients.SecretKey}} is invalid."}""");
        using var http = TestClients.Http(handler);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => new OrganizationsClient(http).DescribeOrganizationAsync(CancellationToken.None));

        foreach (var secret in new[] { TestClients.SessionToken, TestClients.SecretKey, TestClients.AccessKey })
            Assert.DoesNotContain(secret, e.ToString());
        Assert.Contains(SecretRedactor.Mask, e.ErrorMessage);
    }

    [Fact]
    public async Task EachServiceIsPacedToItsRate()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.OK, DescribeOk);
        var options = TestClients.FastOptions with { RatesPerSecond = new Dictionary<string, double> { ["ORGANIZATIONS"] = 20 } };
        using var http = TestClients.Http(handler, options);
        var client = new OrganizationsClient(http);
        var watch = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 11).Select(_ => client.DescribeOrganizationAsync(CancellationToken.None)));

        // 1 token at start, then 10 more at 20/s: at least 0.5 s.
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(450), $"11 calls at 20/s took only {watch.Elapsed}");
    }

    [Fact]
    public async Task ConcurrencyIsBounded()
    {
        var inFlight = 0;
        var peak = 0;
        var handler = new ScriptedHandler().ThenAsync(async (_, ct) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            await Task.Delay(20, ct);
            Interlocked.Decrement(ref inFlight);
            return ScriptedHandler.Response(HttpStatusCode.OK, DescribeOk);
        });
        using var http = TestClients.Http(handler, TestClients.FastOptions with { MaxConcurrency = 3, Burst = 100 });
        var client = new OrganizationsClient(http);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.DescribeOrganizationAsync(CancellationToken.None)));

        Assert.InRange(peak, 1, 3);
        Assert.Equal(20, handler.Requests.Count);
    }

    [Fact]
    public async Task WithoutASetLimit_CallsInFlightFollowTheRate_NotTheAnswerTime()
    {
        // 100 a second in bursts of 60, answers taking 200 ms: the burst goes out at once instead of a few at a time.
        var inFlight = 0;
        var peak = 0;
        var handler = new ScriptedHandler().ThenAsync(async (_, ct) =>
        {
            InterlockedMax(ref peak, Interlocked.Increment(ref inFlight));
            await Task.Delay(200, ct);
            Interlocked.Decrement(ref inFlight);
            return ScriptedHandler.Response(HttpStatusCode.OK, DescribeOk);
        });
        var options = TestClients.FastOptions with
        {
            DefaultRatePerSecond = 1,
            RatesPerSecond = new Dictionary<string, double> { ["ORGANIZATIONS"] = 100 },
            Bursts = new Dictionary<string, int> { ["ORGANIZATIONS"] = 60 },
        };
        using var http = TestClients.Http(handler, options);
        var client = new OrganizationsClient(http);

        await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => client.DescribeOrganizationAsync(CancellationToken.None)));

        Assert.Equal(101, options.Concurrency); // (100 + 1 unnamed) per second × 1 s of answer time
        Assert.True(peak >= 40, $"only {peak} calls were in flight at once");
        Assert.Equal(60, handler.Requests.Count);
    }

    [Fact]
    public void EndpointOverrides_ServiceSpecificBeatsGeneral()
    {
        var variables = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566",
            ["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"] = "http://127.0.0.1:9999/logs",
        };

        var endpoints = AwsEndpoints.FromVariables(name => variables.GetValueOrDefault(name));

        Assert.Equal("http://127.0.0.1:9999/logs", endpoints.Resolve(AwsServices.CloudWatchLogs, "eu-west-1").ToString());
        Assert.Equal("http://127.0.0.1:4566/", endpoints.Resolve(AwsServices.Iam, "eu-west-1").ToString());
        Assert.Equal("https://iam.amazonaws.com/", AwsEndpoints.None.Resolve(AwsServices.Iam, "eu-west-1").ToString());
        Assert.Equal("https://logs.eu-west-1.amazonaws.com/", AwsEndpoints.None.Resolve(AwsServices.CloudWatchLogs, "eu-west-1").ToString());
        Assert.Equal("https://organizations.us-east-1.amazonaws.com/", AwsEndpoints.None.Resolve(AwsServices.Organizations, "ap-south-1").ToString());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}

public sealed class RetryAfterTests
{
    [Fact]
    public async Task RetryAfter_IsHonouredUpToMaxBackoff()
    {
        var handler = new ScriptedHandler()
            .Then(HttpStatusCode.TooManyRequests, """{"Code":"LimitExceededException","Message":"slow down"}""", "application/json",
                ("x-amzn-ErrorType", "LimitExceededException"), ("Retry-After", "1"))
            .Then(HttpStatusCode.OK, "{}", "application/json");
        using var http = TestClients.Http(handler, TestClients.FastOptions with { MaxBackoff = TimeSpan.FromSeconds(2) });
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await new PolicyEngine.Aws.Protocols.RestJsonProtocol(http).CallAsync(new AwsOperation(AwsServices.SecurityHub, "BatchImportFindings"),
            HttpMethod.Post, "/findings/import", null, CancellationToken.None);

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {watch.Elapsed}");
        Assert.Equal(2, handler.Requests.Count);
    }
}
