using PolicyEngine.Aws.Http;
using static PolicyEngine.SecurityHub.Tests.PublisherHarness;

namespace PolicyEngine.SecurityHub.Tests;

/// <summary>
/// The publisher with several calls in flight, over HTTP to a Security Hub on 127.0.0.1 that answers after a latency
/// and enforces a rate per operation: nothing lost or duplicated, CreatedAt kept, phases in order, rejected findings
/// sent again in their order, throttling slowing the pace.
/// </summary>
public sealed class ConcurrentPublishTests
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(100);

    private readonly StubSecurityHub _hub = new() { PageSize = 100 };
    private readonly TestClock _clock = new(FirstRun);

    /// <summary>The production transport and publisher settings, as SecurityHubPush makes them, sending to <paramref name="endpoint"/>.</summary>
    private static (SecurityHubPublisher Publisher, AwsHttpClient Http) Publisher(SecurityHubEndpoint endpoint, TestClock clock, AwsClientOptions? client = null)
    {
        var options = new SecurityHubPublisherOptions { RoundPause = TimeSpan.FromMilliseconds(5) };
        var http = new AwsHttpClient((client ?? new AwsClientOptions { Region = Target.Region }) with
        {
            Endpoints = new AwsEndpoints(endpoint.Url, new Dictionary<string, Uri>()),
            MaxConcurrency = options.MaxRequestsInFlight,
        }, Credentials);
        return (new SecurityHubPublisher(new AwsSecurityHubApi(http, Target.Region), Target, options, clock), http);
    }

    private async Task<(PublishResult Result, SecurityHubEndpoint Endpoint)> PublishAsync(EvaluationReport report)
    {
        var endpoint = new SecurityHubEndpoint(_hub, Latency, SecurityHubEndpoint.AwsLimits);
        var (publisher, http) = Publisher(endpoint, _clock);
        using (http) return (await publisher.PublishAsync(report, CancellationToken.None), endpoint);
    }

    [Fact]
    public async Task Calls_overlap_and_a_rerun_keeps_every_finding_once_with_its_CreatedAt_in_phase_order()
    {
        var report = ManyAccounts(1_200);

        var (first, firstEndpoint) = await PublishAsync(report);
        using (firstEndpoint)
        {
            Assert.True(first.Succeeded, string.Join("\n", first.Failed.Take(5)));
            Assert.Equal(1_200, _hub.Findings.Count);
            Assert.Equal(1_200, _hub.Successful("BatchImportFindings").Sum(c => c.Findings));
            // 12 imports within the burst: more than one is answered at a time, never more than the publisher allows.
            Assert.InRange(firstEndpoint.MaxInFlight, 2, new SecurityHubPublisherOptions().MaxRequestsInFlight);
        }

        _clock.Now = FirstRun.AddDays(1);
        var suppression = new Suppression("Sandbox accounts are being closed.", "ops@acme.example", null);
        var failing = report.Results.Where(r => r.Status == ResultStatus.Fail).Take(150).ToHashSet();
        var second = report with { Results = report.Results.Select(r => failing.Contains(r) ? r with { Status = ResultStatus.Suppressed, Suppression = suppression } : r).ToList() };
        var (rerun, endpoint) = await PublishAsync(second);
        using (endpoint)
        {
            Assert.True(rerun.Succeeded, string.Join("\n", rerun.Failed.Take(5)));
            Assert.Equal(1_200, rerun.ExistingFindings);
            Assert.Equal(1_200, _hub.Findings.Count);
            Assert.All(_hub.Findings.Values, f => Assert.Equal(("2026-11-20T02:30:00.000Z", "2026-11-21T02:30:00.000Z"), ((string?)f["CreatedAt"], (string?)f["UpdatedAt"])));
            Assert.Equal(150, _hub.Findings.Values.Count(f => (string?)f["Workflow"]?["Status"] == "SUPPRESSED"));

            // Existing findings are all read before anything is imported, and every import is answered before a workflow is set.
            var reads = endpoint.Of("GetFindings").ToList();
            var imports = endpoint.Of("BatchImportFindings").ToList();
            var updates = endpoint.Of("BatchUpdateFindings").ToList();
            Assert.Equal((12, 12, 2), (reads.Count(e => e.Status == 200), imports.Count(e => e.Status == 200), updates.Count(e => e.Status == 200)));
            Assert.True(reads.Max(e => e.Ended) <= imports.Min(e => e.Started), "an import started before the existing findings were read");
            Assert.True(imports.Max(e => e.Ended) <= updates.Min(e => e.Started), "a workflow update started before every import was answered");
        }
    }

    [Fact]
    public async Task Rejected_findings_from_concurrent_calls_are_sent_again_in_their_order()
    {
        var report = ManyAccounts(1_000);
        var ids = report.Results.Select(AsffFindingFactory.FindingId).ToList();
        var rejected = Enumerable.Range(0, 10).Select(batch => ids[batch * 100 + 7]).ToList();
        _hub.FailOnce.UnionWith(rejected);

        var (result, endpoint) = await PublishAsync(report);
        using (endpoint)
        {
            Assert.True(result.Succeeded, string.Join("\n", result.Failed));
            Assert.Equal(ids.Order(StringComparer.Ordinal), result.Delivered.Order(StringComparer.Ordinal));
            Assert.Equal(1_000, _hub.Findings.Count);
            var imports = _hub.Successful("BatchImportFindings").ToList();
            Assert.Equal(11, imports.Count);
            Assert.Equal(rejected, imports[^1].Ids); // the second round: the ten rejected findings, in the order of the first
        }
    }

    [Fact]
    public async Task Throttling_slows_the_pace_and_loses_nothing()
    {
        // The service allows 20 imports a second in bursts of 5; the client is told 80 in bursts of 20.
        using var endpoint = new SecurityHubEndpoint(_hub, Latency, new Dictionary<string, (double, int)> { ["BatchImportFindings"] = (20, 5) });
        var client = new AwsClientOptions
        {
            Region = Target.Region,
            RatesPerSecond = new Dictionary<string, double>(AwsClientOptions.DefaultRates) { ["SECURITYHUB:BatchImportFindings"] = 80 },
            Bursts = new Dictionary<string, int>(AwsClientOptions.DefaultBursts) { ["SECURITYHUB:BatchImportFindings"] = 20 },
        };
        var (publisher, http) = Publisher(endpoint, _clock, client);
        using var _ = http;

        var result = await publisher.PublishAsync(ManyAccounts(3_000), CancellationToken.None);

        Assert.True(result.Succeeded, string.Join("\n", result.Failed.Take(5)));
        Assert.Equal(3_000, _hub.Findings.Count);
        var throttled = endpoint.Of("BatchImportFindings").Count(e => e.Status == 429);
        Assert.True(throttled > 0, "the service never throttled: the test does not test anything");
        Assert.Equal(30 + throttled, endpoint.Of("BatchImportFindings").Count());
        // The lowest pace, not the current one: on a slow machine the run lasts long enough for the pace to recover.
        Assert.True(http.Pipeline.LowestRate(AwsSecurityHubApi.BatchImportFindings) < 80, "throttling did not slow the pace");
    }
}
