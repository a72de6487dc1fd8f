namespace PolicyEngine.Aws.Http;

/// <summary>How AWS calls reach AWS and how hard they may push: retries, timeouts, rates, concurrency (see <see cref="Resilience.AwsCallPipeline"/>).</summary>
public sealed record AwsClientOptions
{
    /// <summary>The home region: regional calls go here unless a call names another region.</summary>
    public string Region { get; init; } = "us-east-1";

    public AwsEndpoints Endpoints { get; init; } = AwsEndpoints.None;

    /// <summary>Attempts per call, the first included.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>The time one attempt may take, response body included (at least 10 ms).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The base of the exponential backoff (jittered); no wait is longer than <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The longest Retry-After a service may impose before the next attempt.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Requests in flight at once, over all services. Null (the default) derives it from the rates
    /// (<see cref="Concurrency"/>), so that the buckets, not the time AWS takes to answer, set the pace.
    /// </summary>
    public int? MaxConcurrency { get; init; }

    /// <summary>
    /// The answer time up to which the derived concurrency still lets every bucket run at its full rate: by Little's
    /// law a bucket of rate r needs r × latency calls in flight, and AWS answers control-plane calls in 0.1–0.3 s.
    /// </summary>
    public static readonly TimeSpan LatencyAllowance = TimeSpan.FromSeconds(1);

    /// <summary>The most connections a derived limit opens, however high the rates are set.</summary>
    public const int MaxDerivedConcurrency = 256;

    /// <summary>
    /// The concurrency limit in force: <see cref="MaxConcurrency"/> when set, else every named rate plus the default
    /// one, times <see cref="LatencyAllowance"/> (115 at the default rates). It only bounds what the buckets let
    /// through when answers slow down: at 150 ms the default rates keep fewer than 20 calls in flight.
    /// </summary>
    public int Concurrency => MaxConcurrency is { } limit
        ? Math.Max(1, limit)
        : (int)Math.Clamp(Math.Ceiling((RatesPerSecond.Values.Sum() + DefaultRatePerSecond) * LatencyAllowance.TotalSeconds), 1, MaxDerivedConcurrency);

    /// <summary>
    /// Requests per second, keyed by <see cref="AwsService.Id"/> (one bucket for the service) or by "SERVICE:Operation"
    /// (a bucket of the operation's own, where AWS limits operations separately). Unnamed services use <see cref="DefaultRatePerSecond"/>.
    /// </summary>
    public IReadOnlyDictionary<string, double> RatesPerSecond { get; init; } = DefaultRates;

    public double DefaultRatePerSecond { get; init; } = 10;

    /// <summary>Tokens a bucket may hold (the burst it may send after a quiet spell), keyed like <see cref="RatesPerSecond"/>.</summary>
    public IReadOnlyDictionary<string, int> Bursts { get; init; } = DefaultBursts;

    /// <summary>The burst of buckets not named in <see cref="Bursts"/>.</summary>
    public int Burst { get; init; } = 1;

    /// <summary>
    /// Conservative defaults below the published or observed per-account limits; raise them with care. Security Hub's
    /// are its documented per-operation limits (per account and region): BatchImportFindings and BatchUpdateFindings
    /// 10 per second with bursts of 30, GetFindings 3 per second with bursts of 6.
    /// </summary>
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
        ["SSO_ADMIN"] = 5,
        ["IDENTITYSTORE"] = 5,
        ["SECURITYHUB:BatchImportFindings"] = 10,
        ["SECURITYHUB:BatchUpdateFindings"] = 10,
        ["SECURITYHUB:GetFindings"] = 3,
    };

    public static readonly IReadOnlyDictionary<string, int> DefaultBursts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["SECURITYHUB"] = 30,
        ["SECURITYHUB:BatchImportFindings"] = 30,
        ["SECURITYHUB:BatchUpdateFindings"] = 30,
        ["SECURITYHUB:GetFindings"] = 6,
    };

    /// <summary>AWS_MAX_ATTEMPTS, the SDKs' setting for attempts per call (the first included), when set.</summary>
    /// <exception cref="AwsSettingException">It is set to something other than a whole number from 1 to 20.</exception>
    public static int? MaxAttemptsFromEnvironment(Func<string, string?>? variable = null)
    {
        var value = (variable ?? Environment.GetEnvironmentVariable)("AWS_MAX_ATTEMPTS");
        if (string.IsNullOrWhiteSpace(value)) return null;
        return int.TryParse(value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var attempts) && attempts is >= 1 and <= 20
            ? attempts
            : throw new AwsSettingException($"AWS_MAX_ATTEMPTS is set to '{value}'; set it to a whole number from 1 to 20 or unset it.");
    }

    /// <summary>The bucket an operation draws from: its own when a rate names it, else its service's.</summary>
    public string RateKey(AwsOperation operation)
    {
        var own = $"{operation.Service.Id}:{operation.Name}";
        return RatesPerSecond.ContainsKey(own) ? own : operation.Service.Id;
    }

    public double RateFor(string key) => RatesPerSecond.TryGetValue(key, out var rate) ? rate : DefaultRatePerSecond;

    public int BurstFor(string key) => Bursts.TryGetValue(key, out var burst) ? burst : Burst;
}
