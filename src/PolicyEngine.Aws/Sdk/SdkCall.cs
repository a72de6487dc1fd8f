using System.Net;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Resilience;

namespace PolicyEngine.Aws.Sdk;

/// <summary>
/// Runs an official SDK call through the run's <see cref="AwsCallPipeline"/>, as the hand-written clients' calls are,
/// and turns whatever it throws into <see cref="AwsServiceException"/>, so collectors handle both kinds of client alike.
/// The SDK's own retries are off and its HTTP goes through the run's shared handler (<see cref="Configure{TConfig}"/>),
/// so its throttled answers slow the same buckets and its attempts count against the same limits.
/// </summary>
internal static class SdkCall
{
    public static Task<T> RunAsync<T>(AwsCallPipeline pipeline, AwsOperation operation, string region, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var endpoint = pipeline.Options.Endpoints.Resolve(operation.Service, region);
        return pipeline.ExecuteAsync(operation, region, async (attempt, token) =>
        {
            try
            {
                return await call(token).ConfigureAwait(false);
            }
            catch (Exception e) when (Translate(e, operation, endpoint, region, attempt, token) is { } translated)
            {
                throw translated;
            }
        }, ct);
    }

    /// <summary>What an SDK failure means; null for the caller's own cancellation and the pipeline's attempt timeout.</summary>
    private static AwsServiceException? Translate(Exception e, AwsOperation operation, Uri endpoint, string region, int attempt, CancellationToken ct)
    {
        if (e is OperationCanceledException && ct.IsCancellationRequested) return null;
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (inner is AwsHttp.UnexpectedAnswerException unexpected) return AwsHttp.UnexpectedAnswer(operation, endpoint, region, attempt, unexpected);
        var transport = Unwrap(e);
        if (transport is not null) return AwsHttp.TransportFault(operation, endpoint, region, attempt, transport);
        return e switch
        {
            AmazonUnmarshallingException or System.Xml.XmlException or System.Text.Json.JsonException or FormatException or InvalidDataException =>
                AwsHttp.UnexpectedAnswer(operation, endpoint, region, attempt, e),
            AmazonServiceException s when !string.IsNullOrEmpty(s.ErrorCode) || s.StatusCode != 0 =>
                new AwsServiceException(operation, string.IsNullOrEmpty(s.ErrorCode) ? $"Http{(int)s.StatusCode}" : s.ErrorCode, s.Message, s.StatusCode, s.RequestId, region, attempt, e),
            TimeoutException =>
                new AwsServiceException(operation, AwsErrorCodes.Timeout, $"no answer from {endpoint}", region: region, attempts: attempt, inner: e) { Transient = true },
            AmazonClientException =>
                new AwsServiceException(operation, AwsErrorCodes.Unknown, $"{endpoint}: {e.Message}", region: region, attempts: attempt, inner: e),
            _ => null,
        };
    }

    /// <summary>The SDK wraps network failures in its own exceptions (or not at all): find the transport fault inside.</summary>
    private static Exception? Unwrap(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
            if (current is HttpRequestException or IOException or System.Net.Sockets.SocketException or WebException)
                return current;
        return null;
    }

    /// <summary>
    /// Points an SDK client config at the region, or at the endpoint override signed for that region; turns the SDK's
    /// retries off (the pipeline retries) and sends its HTTP through the run's shared handler.
    /// </summary>
    public static TConfig Configure<TConfig>(TConfig config, AwsClientOptions options, AwsService service, string region, HttpMessageHandler handler)
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
        config.MaxErrorRetry = 0;
        config.Timeout = options.AttemptTimeout;
        config.HttpClientFactory = new SharedHttpClientFactory(handler);
        return config;
    }

    /// <summary>Gives every SDK client one HttpClient over the run's shared handler.</summary>
    private sealed class SharedHttpClientFactory(HttpMessageHandler handler) : HttpClientFactory
    {
        private readonly HttpClient _client = new(AwsHttp.Checked(handler), disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };

        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => _client;

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }
}
