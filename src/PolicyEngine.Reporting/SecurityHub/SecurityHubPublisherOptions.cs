namespace PolicyEngine.Reporting.SecurityHub;

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

    /// <summary>When set, nothing is changed in Security Hub: the requests that would be sent are written to this file.</summary>
    public string? DryRunPath { get; init; }
}
