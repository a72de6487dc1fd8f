using PolicyEngine.Reporting.Asff;
namespace PolicyEngine.SecurityHub;

/// <summary>
/// What the publisher does beyond single calls. Pacing, retries and timeouts of the calls themselves are the
/// transport's: for AWS, the one pipeline every AWS call goes through (PolicyEngine.Aws.Resilience.AwsCallPipeline).
/// </summary>
public sealed record SecurityHubPublisherOptions
{
    /// <summary>Times a finding is sent while Security Hub lists it in FailedFindings, the first included.</summary>
    public int FindingAttempts { get; init; } = 3;

    /// <summary>The pause before sending rejected findings again, times the round number (1 s, then 2 s, …).</summary>
    public TimeSpan RoundPause { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Import or update calls in flight at once. The pace is the transport's (10 BatchImportFindings a second, bursts of
    /// 30); this only has to be large enough that waiting for answers never holds it back: at 10 in flight, answers taking
    /// up to a second still keep up with 10 a second. Past it, prepared requests would only wait in memory.
    /// </summary>
    public int MaxRequestsInFlight
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxRequestsInFlight), value, "at least one request must be allowed in flight");
    } = 10;

    /// <summary>When set, nothing is changed in Security Hub: the requests that would be sent are written to this file.</summary>
    public string? DryRunPath { get; init; }
}
