using Amazon.Runtime;
using PolicyEngine.Aws.Collection;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Tests.Support;
using PolicyEngine.Core.Snapshots;

namespace PolicyEngine.Aws.Tests.Integration;

/// <summary>Runs the public collector against moto behind a stub proxy, configured per test.</summary>
public abstract class MotoCollectionTestBase(MotoFixture moto)
{
    public const string SecretKey = "moto/Secret+Key+That+Must+Not+Appear";

    protected MotoFixture Moto { get; } = moto;

    protected CollectorOptions Options(AwsStubProxy proxy) => OptionsFor(proxy, Moto.Seed.Region);

    /// <summary>Every call through the proxy, fast pacing and short back-off: moto answers locally.</summary>
    public static CollectorOptions OptionsFor(AwsStubProxy proxy, string region) => new()
    {
        Region = region,
        Credentials = new BasicAWSCredentials("AKIDMOTOTESTING", SecretKey),
        Endpoints = new AwsEndpoints(proxy.Url, new Dictionary<string, Uri>()),
        WorkloadRegions = [region],
        RatesPerSecond = AwsServices.All.ToDictionary(s => s.Id, _ => 500.0),
        MaxConcurrency = 16,
        BaseBackoff = TimeSpan.FromMilliseconds(5),
        CallTimeout = TimeSpan.FromSeconds(20),
    };

    protected AwsStubProxy Proxy(InventoryStub? inventory = null) => new AwsStubProxy(Moto.Endpoint).WithMotoGaps(inventory: inventory);

    protected static Task<Snapshot> CollectAsync(CollectorOptions options, CancellationToken ct = default) =>
        new OrganizationCollector().CollectAsync(options, progress: null, ct);
}
