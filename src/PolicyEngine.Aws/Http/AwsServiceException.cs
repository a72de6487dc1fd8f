using System.Net;
using PolicyEngine.Core.Security;

namespace PolicyEngine.Aws.Http;

/// <summary>
/// A call that failed for good (after any retries). <see cref="ErrorCode"/> is the service's code
/// (e.g. AccessDeniedException, NoSuchEntity) or one of <see cref="AwsErrorCodes"/> for failures with no service answer.
/// The message never contains credentials.
/// </summary>
public sealed class AwsServiceException(
    AwsOperation operation, string errorCode, string message, HttpStatusCode? statusCode = null,
    string? requestId = null, string? region = null, int attempts = 1, Exception? inner = null)
    : Exception(SecretRedactor.Redact($"{operation.IamAction} failed: {errorCode}: {message}"), inner)
{
    public AwsOperation Operation { get; } = operation;
    public string ErrorCode { get; } = errorCode;
    public string ErrorMessage { get; } = SecretRedactor.Redact(message);
    public HttpStatusCode? StatusCode { get; } = statusCode;
    public string? RequestId { get; } = requestId;
    public string? Region { get; } = region;
    public int Attempts { get; } = attempts;

    /// <summary>A failure with no service answer that may pass on another attempt (network errors, timeouts).</summary>
    public bool Transient { get; init; }

    /// <summary>The wait the service asked for before the next attempt (Retry-After), if any.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public bool IsThrottling => RetryClassifier.IsThrottling(ErrorCode, (int?)StatusCode ?? 0);

    /// <summary>Worth another attempt: throttling, a transient service error or a failure with no answer (botocore's standard mode).</summary>
    public bool IsRetryable => Transient || RetryClassifier.IsRetryable(ErrorCode, (int?)StatusCode ?? 0);

    /// <summary>The same failure, as the last of <paramref name="totalAttempts"/> attempts.</summary>
    public AwsServiceException After(int totalAttempts) =>
        new(Operation, ErrorCode, ErrorMessage, StatusCode, RequestId, Region, totalAttempts, InnerException) { Transient = Transient, RetryAfter = RetryAfter };
}

/// <summary>Error codes this client gives to failures that have no service answer.</summary>
public static class AwsErrorCodes
{
    public const string Timeout = "RequestTimeout";
    public const string Network = "NetworkError";
    public const string Unparseable = "UnparseableResponse";
    public const string Unknown = "UnknownError";
    public const string Credentials = "CredentialsError";

    /// <summary>A code without its "Exception" suffix: some services send NoSuchEntity, others ServiceAccessNotEnabledException.</summary>
    public static string Bare(string code) => code.EndsWith("Exception", StringComparison.Ordinal) ? code[..^"Exception".Length] : code;
}

/// <summary>An error as one protocol reports it: code, message and request id.</summary>
public sealed record AwsError(string Code, string Message, string? RequestId = null);
