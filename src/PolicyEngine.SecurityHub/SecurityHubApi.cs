using PolicyEngine.Reporting.Asff;
namespace PolicyEngine.SecurityHub;

/// <summary>
/// The three Security Hub operations the publisher needs, over the wire shapes of botocore's securityhub model.
/// Implementations throw <see cref="SecurityHubApiException"/> for call-level errors, after whatever retries their transport makes.
/// </summary>
public interface ISecurityHubApi
{
    /// <summary>HTTP requests sent so far, retries included.</summary>
    int Requests { get; }

    Task<BatchImportFindingsResponse> BatchImportFindingsAsync(BatchImportFindingsRequest request, CancellationToken cancellationToken);

    Task<GetFindingsResponse> GetFindingsAsync(GetFindingsRequest request, CancellationToken cancellationToken);

    Task<BatchUpdateFindingsResponse> BatchUpdateFindingsAsync(BatchUpdateFindingsRequest request, CancellationToken cancellationToken);
}

public sealed record BatchImportFindingsRequest(IReadOnlyList<AsffFinding> Findings);

public sealed record BatchImportFindingsResponse(int FailedCount, int SuccessCount, IReadOnlyList<ImportFindingsError>? FailedFindings);

public sealed record ImportFindingsError(string Id, string ErrorCode, string ErrorMessage);

public sealed record GetFindingsRequest(AsffFindingFilters? Filters, string? NextToken = null, int? MaxResults = null);

public sealed record AsffFindingFilters(
    IReadOnlyList<AsffStringFilter>? ProductArn = null,
    IReadOnlyList<AsffStringFilter>? GeneratorId = null,
    IReadOnlyList<AsffStringFilter>? Id = null);

public sealed record AsffStringFilter(string Value, string Comparison);

public sealed record GetFindingsResponse(IReadOnlyList<AsffFinding> Findings, string? NextToken);

public sealed record BatchUpdateFindingsRequest(IReadOnlyList<AsffFindingIdentifier> FindingIdentifiers, AsffWorkflow? Workflow, AsffNoteUpdate? Note);

public sealed record AsffFindingIdentifier(string Id, string ProductArn);

public sealed record AsffNoteUpdate(string Text, string UpdatedBy);

public sealed record BatchUpdateFindingsResponse(IReadOnlyList<AsffFindingIdentifier>? ProcessedFindings, IReadOnlyList<UnprocessedFinding>? UnprocessedFindings);

public sealed record UnprocessedFinding(AsffFindingIdentifier FindingIdentifier, string ErrorCode, string ErrorMessage);

/// <summary>A Security Hub call that failed as a whole: HTTP status, AWS error code, and any Retry-After the service sent.</summary>
public sealed class SecurityHubApiException(
    int status, string code, string message, TimeSpan? retryAfter = null, Exception? inner = null, bool retriedByTransport = false)
    : Exception($"{code} (HTTP {status}): {message}", inner)
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "LimitExceededException", "ThrottlingException", "TooManyRequestsException", "Throttling", "RequestLimitExceeded",
    };

    public int Status { get; } = status;

    public string Code { get; } = code;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>
    /// Throttling (any 429, per aws-apis.md) or a transient server or network failure (status 0 = no response), unless
    /// the transport has already retried it: retrying on both layers would multiply the attempts.
    /// </summary>
    public bool IsRetryable => !retriedByTransport && (Status is 429 or 0 or >= 500 || ThrottlingCodes.Contains(Code));
}
