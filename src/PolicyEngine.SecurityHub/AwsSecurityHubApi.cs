using PolicyEngine.Reporting.Asff;
using PolicyEngine.Aws.Http;

namespace PolicyEngine.SecurityHub;

/// <summary>
/// Security Hub through the shared SigV4-signed client (the one the collectors use): it resolves the endpoint
/// (AWS_ENDPOINT_URL_SECURITYHUB works), signs, and sends through the one AWS pipeline, which paces each operation to
/// its documented rate and retries throttling and transient failures. A failure it gives up on is passed on as
/// already retried. Safe to call concurrently: the pipeline's buckets and concurrency limit hold for all callers.
/// </summary>
public sealed class AwsSecurityHubApi(AwsHttpClient client, string? region = null) : ISecurityHubApi
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    public static readonly AwsOperation BatchImportFindings = new(AwsServices.SecurityHub, "BatchImportFindings");
    public static readonly AwsOperation GetFindings = new(AwsServices.SecurityHub, "GetFindings");
    public static readonly AwsOperation BatchUpdateFindings = new(AwsServices.SecurityHub, "BatchUpdateFindings");

    public Task<BatchImportFindingsResponse> BatchImportFindingsAsync(BatchImportFindingsRequest request, CancellationToken cancellationToken) =>
        SendAsync<BatchImportFindingsRequest, BatchImportFindingsResponse>(BatchImportFindings, SecurityHubWire.BatchImportFindings, request, cancellationToken);

    public Task<GetFindingsResponse> GetFindingsAsync(GetFindingsRequest request, CancellationToken cancellationToken) =>
        SendAsync<GetFindingsRequest, GetFindingsResponse>(GetFindings, SecurityHubWire.GetFindings, request, cancellationToken);

    public Task<BatchUpdateFindingsResponse> BatchUpdateFindingsAsync(BatchUpdateFindingsRequest request, CancellationToken cancellationToken) =>
        SendAsync<BatchUpdateFindingsRequest, BatchUpdateFindingsResponse>(BatchUpdateFindings, SecurityHubWire.BatchUpdateFindings, request, cancellationToken);

    private async Task<TResponse> SendAsync<TRequest, TResponse>(AwsOperation operation, (HttpMethod Method, string Path) wire, TRequest body, CancellationToken ct)
    {
        AwsHttpResponse response;
        try
        {
            response = await client.SendAsync(
                new AwsHttpRequest(operation, wire.Method, wire.Path, SecurityHubWire.Serialize(body), SecurityHubWire.ContentType, Region: region), ct).ConfigureAwait(false);
        }
        catch (AwsServiceException e)
        {
            Interlocked.Add(ref _requests, e.Attempts);
            throw new SecurityHubApiException((int?)e.StatusCode ?? 0, e.ErrorCode, e.ErrorMessage, inner: e, retriedByTransport: true);
        }
        Interlocked.Add(ref _requests, response.Attempts);
        try
        {
            return SecurityHubWire.Deserialize<TResponse>(response.Body, (int)response.StatusCode);
        }
        catch (SecurityHubApiException e)
        {
            var endpoint = client.Options.Endpoints.Resolve(AwsServices.SecurityHub, region ?? client.Region);
            throw new SecurityHubApiException(e.Status, AwsErrorCodes.Unparseable,
                $"the answer from {endpoint} is not what {operation.Name} returns: {e.Message}", inner: e, retriedByTransport: true);
        }
    }
}
