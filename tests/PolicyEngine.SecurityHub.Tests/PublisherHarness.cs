using Amazon.Runtime;
using PolicyEngine.Aws.Http;
using PolicyEngine.Core.Rules;

namespace PolicyEngine.SecurityHub.Tests;

/// <summary>A clock whose "now" the test sets; delays and timestamps stay real so pacing and backoff really wait.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

public static class PublisherHarness
{
    public static readonly SecurityHubTarget Target = new(ReportFixture.Management, "us-east-1");
    public static readonly DateTimeOffset FirstRun = new(2026, 11, 20, 2, 30, 0, TimeSpan.Zero);

    /// <summary>Quick rounds so the tests spend their time on pacing, not on pauses.</summary>
    public static readonly SecurityHubPublisherOptions Fast = new() { RoundPause = TimeSpan.FromMilliseconds(5) };

    /// <summary>The production transport (the one AWS pipeline, Security Hub's documented rates) with quick backoff.</summary>
    public static readonly AwsClientOptions FastClient = new()
    {
        Region = Target.Region,
        BaseBackoff = TimeSpan.FromMilliseconds(5),
        MaxBackoff = TimeSpan.FromMilliseconds(40),
    };

    public static readonly AWSCredentials Credentials = new BasicAWSCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

    /// <summary>Security Hub through the production path: AwsSecurityHubApi, the signed client and its pipeline, sending to <paramref name="endpoint"/>.</summary>
    public static AwsSecurityHubApi Api(Uri endpoint, HttpMessageHandler? handler = null, AwsClientOptions? client = null) =>
        new(new AwsHttpClient((client ?? FastClient) with { Endpoints = new AwsEndpoints(endpoint, new Dictionary<string, Uri>()) }, Credentials, handler));

    public static SecurityHubPublisher Publisher(HttpMessageHandler handler, TimeProvider clock, SecurityHubPublisherOptions? options = null,
        AwsClientOptions? client = null) =>
        new(Api(new Uri("http://securityhub.stub"), handler, client), Target, options ?? Fast, clock);

    /// <summary>A large organization: one root-MFA result per account.</summary>
    public static EvaluationReport ManyAccounts(int accounts, Func<int, string>? resource = null)
    {
        var results = Enumerable.Range(1, accounts).Select(i =>
        {
            var account = (100000000000L + i).ToString();
            return ReportFixture.Result("MA0401", i % 3 == 0 ? ResultStatus.Pass : ResultStatus.Fail, account,
                resource?.Invoke(i) ?? ReportFixture.Root(account), $"Root user of {account}.");
        }).Sorted().ToList();
        return ReportFixture.Create() with { Results = results };
    }

    public static IReadOnlyList<RuleDescriptor> RulesExcept(string ruleId) => ReportFixture.Rules.Where(r => r.Id != ruleId).ToList();
}
