using Amazon.Runtime;
using PolicyEngine.Aws.Http;

namespace PolicyEngine.Aws.Collection;

/// <summary>
/// What to collect from and how hard to push. <see cref="FromEnvironment"/> honours the AWS conventions
/// (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_&lt;SERVICE&gt;, AWS_MAX_ATTEMPTS); explicit values win over the environment.
/// </summary>
public sealed record CollectorOptions
{
    /// <summary>A named profile of the shared config/credentials files; null uses the SDK's default chain (which reads AWS_PROFILE).</summary>
    public string? Profile { get; init; }

    /// <summary>The home region; null resolves it the SDK's way (AWS_REGION, AWS_DEFAULT_REGION, the profile), else us-east-1.</summary>
    public string? Region { get; init; }

    /// <summary>Credentials to use instead of resolving them (tests, or a caller that has already resolved them).</summary>
    public AWSCredentials? Credentials { get; init; }

    public AwsEndpoints Endpoints { get; init; } = AwsEndpoints.None;

    /// <summary>Requests in flight at once; null derives it from the rates (<see cref="AwsClientOptions.Concurrency"/>).</summary>
    public int? MaxConcurrency { get; init; }

    /// <summary>Requests per second per service, keyed by the SDK service id (ORGANIZATIONS, ACCOUNT, IAM, …).</summary>
    public IReadOnlyDictionary<string, double> RatesPerSecond { get; init; } = AwsClientOptions.DefaultRates;

    public int MaxAttempts { get; init; } = 6;
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Regions whose workload resources are listed; null means every region enabled for the account.</summary>
    public IReadOnlyList<string>? WorkloadRegions { get; init; }

    /// <summary>Cloud Control resource types the inventory lists; null means the default list (Inventory/workload-resource-types.json).</summary>
    public IReadOnlyList<string>? WorkloadResourceTypes { get; init; }

    public bool CollectWorkloads { get; init; } = true;

    /// <summary>Ask Cost Explorer what each service cost the management account (AWS bills each request; see docs/aws-collectors.md).</summary>
    public bool CollectCosts { get; init; } = true;

    /// <summary>The recent period, in days up to today, whose cost is read.</summary>
    public int CostPeriodDays { get; init; } = 30;

    public static CollectorOptions FromEnvironment(string? profile = null, string? region = null) => new()
    {
        Profile = profile,
        Region = region,
        Endpoints = AwsEndpoints.FromEnvironment(),
        MaxAttempts = AwsClientOptions.MaxAttemptsFromEnvironment() ?? 6,
    };

    internal AwsClientOptions ToClientOptions(string region) => new()
    {
        Region = region,
        Endpoints = Endpoints,
        MaxAttempts = MaxAttempts,
        AttemptTimeout = CallTimeout,
        BaseBackoff = BaseBackoff,
        MaxConcurrency = MaxConcurrency,
        RatesPerSecond = RatesPerSecond,
    };
}

/// <summary>Where a collection run stands, for a progress display or log lines.</summary>
public sealed record CollectionProgress(string Stage, int CompletedStages, int TotalStages, long Calls, int Errors);
