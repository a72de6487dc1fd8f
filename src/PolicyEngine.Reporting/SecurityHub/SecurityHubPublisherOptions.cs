namespace PolicyEngine.Reporting.SecurityHub;

/// <summary>How hard the publisher pushes and how patiently it retries. Defaults follow Security Hub's published limits.</summary>
public sealed record SecurityHubPublisherOptions
{
    /// <summary>Requests per second, all operations together (Security Hub: 10 per account and region).</summary>
    public double RatePerSecond { get; init; } = 10;

    /// <summary>Requests that may go at once after a quiet spell (Security Hub: 30).</summary>
    public int Burst { get; init; } = 30;

    /// <summary>Attempts per call when throttled (429) or on a transient failure, the first included.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>Times a finding is sent while Security Hub lists it in FailedFindings, the first included.</summary>
    public int FindingAttempts { get; init; } = 3;

    /// <summary>Backoff before retry n is a random time in [0, min(MaxBackoff, BaseBackoff·2^(n-1))], unless the service sent Retry-After.</summary>
    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>When set, nothing is changed in Security Hub: the requests that would be sent are written to this file.</summary>
    public string? DryRunPath { get; init; }
}
