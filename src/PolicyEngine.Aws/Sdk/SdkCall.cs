using Amazon.Runtime;
using PolicyEngine.Aws.Http;

namespace PolicyEngine.Aws.Sdk;

/// <summary>
/// Runs an official SDK call through the same gate (concurrency, per-service rate) as the hand-written clients and turns
/// its exceptions into <see cref="AwsServiceException"/>, so collectors handle both kinds of client alike.
/// The SDK retries on its own (standard mode, same attempt count and timeout as <see cref="AwsClientOptions"/>).
/// </summary>
internal static class SdkCall
{
    public static async Task<T> RunAsync<T>(CallGate gate, AwsOperation operation, string? region, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await gate.RunAsync(operation.Service, call, ct).ConfigureAwait(false);
        }
        catch (AmazonServiceException e) when (!string.IsNullOrEmpty(e.ErrorCode) || e.StatusCode != 0)
        {
            throw new AwsServiceException(operation, e.ErrorCode ?? $"Http{(int)e.StatusCode}", e.Message, e.StatusCode, e.RequestId, region, inner: e);
        }
        catch (AmazonClientException e)
        {
            throw new AwsServiceException(operation, AwsErrorCodes.Network, e.Message, region: region, inner: e);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new AwsServiceException(operation, AwsErrorCodes.Timeout, "the SDK call timed out", region: region, inner: e);
        }
    }

    /// <summary>Points an SDK client config at the region, or at the endpoint override signed for that region.</summary>
    public static TConfig Configure<TConfig>(TConfig config, AwsClientOptions options, AwsService service, string region)
        where TConfig : ClientConfig
    {
        config.IgnoreConfiguredEndpointUrls = true; // AwsClientOptions.Endpoints already holds what the environment says
        if (options.Endpoints.OverrideFor(service) is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        }
        config.RetryMode = RequestRetryMode.Standard;
        config.MaxErrorRetry = Math.Max(0, options.MaxAttempts - 1);
        config.Timeout = options.AttemptTimeout;
        return config;
    }
}
