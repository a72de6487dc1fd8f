using System.Diagnostics;
using System.Text.Json;
using Amazon.Runtime;
using PolicyEngine.Aws.Collection;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Tests.Support;
using Xunit.Abstractions;

namespace PolicyEngine.Aws.Tests.Benchmarks;

/// <summary>Runs only when bench/collect/run.sh sets POLICYENGINE_COLLECT_BENCH=1: it takes about half a minute.</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("POLICYENGINE_COLLECT_BENCH") != "1")
            Skip = "the collection benchmark runs through bench/collect/run.sh (POLICYENGINE_COLLECT_BENCH=1)";
        else if (!MotoServer.IsInstalled)
            Skip = MotoFactAttribute.Missing;
    }
}

/// <summary>
/// Collects a synthetic organization (1,000 members by default) from moto behind a proxy that adds latency, enforces a
/// rate per service and throttles 2 % of requests at random; compares the time taken with the time the rates allow.
/// </summary>
[Trait("Category", "CollectBenchmark")]
public sealed class CollectionBenchmark(ITestOutputHelper output)
{
    private static readonly Dictionary<string, double> Rates = new()
    {
        ["ORGANIZATIONS"] = 20, ["ACCOUNT"] = 50, ["IAM"] = 20, ["STS"] = 20, ["CLOUDTRAIL"] = 20, ["EVENTBRIDGE"] = 20,
        ["CLOUDWATCH_LOGS"] = 20, ["CLOUDWATCH"] = 20, ["CLOUDCONTROL"] = 10, ["COST_EXPLORER"] = 5, ["SSO_ADMIN"] = 20, ["IDENTITYSTORE"] = 20,
    };

    [BenchmarkFact]
    public async Task CollectSyntheticOrganization()
    {
        var members = int.Parse(Environment.GetEnvironmentVariable("POLICYENGINE_COLLECT_BENCH_MEMBERS") ?? "1000");
        // >1 makes the client ask for more than the server allows, to measure recovery from throttling instead of pacing.
        var clientRateFactor = double.Parse(Environment.GetEnvironmentVariable("POLICYENGINE_COLLECT_BENCH_CLIENT_RATE_FACTOR") ?? "1",
            System.Globalization.CultureInfo.InvariantCulture);
        // AWS answers these calls in 100-200 ms: 150 ± 50 ms.
        var latency = TimeSpan.FromMilliseconds(150);
        using var moto = await MotoServer.StartAsync(members);
        var serverThrottles = 0;
        var services = AwsServices.All.ToDictionary(s => s.Id);
        await using var proxy = new AwsStubProxy(moto.Endpoint).WithMotoGaps(inventory: Inventory())
            .WithRandomFaults(0.02, Faults.Throttle, seed: 7)
            .WithServerRateLimits(Rates.ToDictionary(kv => services[kv.Key].SigningName, kv => kv.Value), burstSeconds: 0.2,
                () => Interlocked.Increment(ref serverThrottles))
            .WithLatency(latency, TimeSpan.FromMilliseconds(50), seed: 11);
        var options = new CollectorOptions
        {
            Region = moto.Seed.Region,
            Credentials = new BasicAWSCredentials("AKIDBENCH", "bench-secret"),
            Endpoints = new AwsEndpoints(proxy.Url, new Dictionary<string, Uri>()),
            WorkloadRegions = null, // every enabled region the stub reports (3), the default 32 types in each
            RatesPerSecond = Rates.ToDictionary(kv => kv.Key, kv => kv.Value * clientRateFactor),
        };
        using var clients = AwsClientSet.Create(options.ToClientOptions(options.Region!), options.Credentials);

        var watch = Stopwatch.StartNew();
        var snapshot = await new OrganizationCollector().CollectAsync(clients, options, null, CancellationToken.None);
        watch.Stop();

        var perService = clients.Statistics.ByService
            .Select(kv => new { Service = kv.Key, Calls = kv.Value.Attempts - kv.Value.Retries, kv.Value.Retries, Rate = Rates[kv.Key],
                Bound = (kv.Value.Attempts - kv.Value.Retries) / Rates[kv.Key] })
            .OrderByDescending(s => s.Bound).ToList();
        var bound = perService[0].Bound;
        var result = new
        {
            members,
            latencyMs = latency.TotalMilliseconds,
            latencySpreadMs = 50,
            concurrencyLimit = options.ToClientOptions(options.Region!).Concurrency,
            clientRateFactor,
            randomThrottleShare = 0.02,
            elapsedSeconds = Math.Round(watch.Elapsed.TotalSeconds, 2),
            totalCalls = perService.Sum(s => s.Calls),
            retries = clients.Statistics.Retries,
            serverThrottles,
            bottleneck = perService[0].Service,
            rateBoundSeconds = Math.Round(bound, 2),
            ratio = Math.Round(watch.Elapsed.TotalSeconds / bound, 2),
            collectionErrors = snapshot.Facts.CollectionErrors.Count,
            perService = perService.Select(s => new { s.Service, s.Calls, s.Retries, s.Rate, boundSeconds = Math.Round(s.Bound, 2) }),
        };
        var json = JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true });
        output.WriteLine(json);
        if (Environment.GetEnvironmentVariable("POLICYENGINE_COLLECT_BENCH_OUT") is { Length: > 0 } path) await File.WriteAllTextAsync(path, json);

        Assert.Empty(snapshot.Facts.CollectionErrors);
        Assert.Equal(members + 1, snapshot.Facts.Accounts.Count);
        Assert.Equal(members + 3, snapshot.Facts.AlternateContacts.Count);
        Assert.Equal(InventoryResources, snapshot.Facts.WorkloadResources.Count);
        Assert.NotEmpty(snapshot.Facts.ServiceSpends);
    }

    private const int InventoryResources = 3 * 5 + 3 * 3;

    /// <summary>A management account with workloads in every region, several pages of some types, and a bill.</summary>
    private static InventoryStub Inventory()
    {
        var stub = new InventoryStub();
        foreach (var region in (string[])["eu-west-1", "us-east-1", "ap-southeast-5"])
        {
            for (var i = 0; i < 5; i++) stub.Add("AWS::Lambda::Function", region, $"fn-{region}-{i}");
            for (var i = 0; i < 3; i++) stub.Add("AWS::RDS::DBInstance", region, $"db-{region}-{i}");
        }
        stub.Unsupported.Add(("AWS::AppRunner::Service", "ap-southeast-5"));
        stub.CostPeriods.Add([("AWS Lambda", "12.40"), ("Amazon Relational Database Service", "310.02"), ("AWS CloudTrail", "20.00")]);
        return stub;
    }
}
