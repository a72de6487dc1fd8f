using Amazon.Runtime;
using PolicyEngine.Aws.Http;

namespace PolicyEngine.Aws.Tests.Support;

internal static class TestClients
{
    public const string AccessKey = "AKIDTESTEXAMPLE0001";
    public const string SecretKey = "test/Secret+Key/ThatMustNeverLeak0000001";
    public const string SessionToken = "FwoGZXIvYXdzEXAMPLE-session-token-that-must-never-leak";

    public static AWSCredentials Credentials => new SessionAWSCredentials(AccessKey, SecretKey, SessionToken);

    /// <summary>Fast retries and generous rates, so fault tests take milliseconds.</summary>
    public static AwsClientOptions FastOptions => new()
    {
        Region = "eu-west-1",
        Endpoints = new AwsEndpoints(new Uri("https://aws.test"), new Dictionary<string, Uri>()),
        BaseBackoff = TimeSpan.FromMilliseconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(5),
        AttemptTimeout = TimeSpan.FromSeconds(5),
        DefaultRatePerSecond = 10_000,
        RatesPerSecond = new Dictionary<string, double>(),
    };

    public static AwsHttpClient Http(ScriptedHandler handler, AwsClientOptions? options = null) =>
        new(options ?? FastOptions, Credentials, handler);
}
