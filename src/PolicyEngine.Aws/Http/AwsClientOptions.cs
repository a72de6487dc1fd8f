namespace PolicyEngine.Aws.Http;

/// <summary>How <see cref="AwsHttpClient"/> reaches AWS and how hard it may push: retries, timeouts, rates, concurrency.</summary>
public sealed record AwsClientOptions
{
    /// <summary>The home region: regional calls go here unless a call names another region.</summary>
    public string Region { get; init; } = "us-east-1";

    public AwsEndpoints Endpoints { get; init; } = AwsEndpoints.None;

    /// <summary>Attempts per call, the first included.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>The time one attempt may take, response body included.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The base of the exponential backoff; attempt n waits a random time in [0, min(MaxBackoff, base·2^(n-1))].</summary>
    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Requests in flight at once, over all services.</summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>Requests per second per service, keyed by <see cref="AwsService.Id"/>; services not named use <see cref="DefaultRatePerSecond"/>.</summary>
    public IReadOnlyDictionary<string, double> RatesPerSecond { get; init; } = DefaultRates;

    public double DefaultRatePerSecond { get; init; } = 10;

    /// <summary>Tokens a service's bucket may hold: the burst it may send after a quiet spell.</summary>
    public int Burst { get; init; } = 1;

    /// <summary>Conservative defaults below the published or observed per-account limits; raise them with care.</summary>
    public static readonly IReadOnlyDictionary<string, double> DefaultRates = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
    {
        ["ORGANIZATIONS"] = 5,
        ["ACCOUNT"] = 5,
        ["IAM"] = 10,
        ["STS"] = 10,
        ["CLOUDTRAIL"] = 5,
        ["EVENTBRIDGE"] = 10,
        ["CLOUDWATCH_LOGS"] = 5,
        ["CLOUDWATCH"] = 10,
        ["SECURITYHUB"] = 10,
        ["CLOUDCONTROL"] = 10,
        ["COST_EXPLORER"] = 2,
    };

    public double RateFor(AwsService service) => RatesPerSecond.TryGetValue(service.Id, out var rate) ? rate : DefaultRatePerSecond;
}
