using System.Collections.Frozen;

namespace PolicyEngine.Aws.Http;

/// <summary>Which failures are worth another attempt (botocore's standard retry mode: throttling and transient errors).</summary>
public static class RetryClassifier
{
    private static readonly FrozenSet<string> ThrottlingCodes = new[]
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> TransientCodes = new[]
    {
        "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete", "InternalError", "InternalFailure",
        "ServiceUnavailable", "ServiceUnavailableException", "InternalServerException", "InternalException", "ServiceFailure",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsThrottling(string code, int status) => ThrottlingCodes.Contains(code) || status == 429;

    public static bool IsRetryable(string code, int status) =>
        IsThrottling(code, status) || TransientCodes.Contains(code) || status is 500 or 502 or 503 or 504;
}
