using System.Net;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyEngine.Aws.Protocols;

namespace PolicyEngine.Aws.Http;

/// <summary>
/// A SigV4-signed HTTP client for any AWS service: resolves the endpoint, signs every attempt afresh, paces each service,
/// bounds concurrency, times out each attempt and retries throttling and transient failures with exponential backoff and
/// full jitter (or the service's Retry-After). A failure it gives up on is an <see cref="AwsServiceException"/> carrying the service's error code.
/// </summary>
public sealed class AwsHttpClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly AWSCredentials _credentials;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly bool _ownsGate;

    public AwsHttpClient(AwsClientOptions options, AWSCredentials credentials, HttpMessageHandler? handler = null,
        CallGate? gate = null, ILogger? logger = null, TimeProvider? time = null)
    {
        Options = options;
        _credentials = TrackedCredentials.Track(credentials);
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        // Pooled connections are recycled so that a long collection follows DNS changes of the endpoints.
        _http = handler is null
            ? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own timeout
        _ownsGate = gate is null;
        Gate = gate ?? new CallGate(options, _time);
    }

    public AwsClientOptions Options { get; }
    public CallGate Gate { get; }
    public string Region => Options.Region;

    public async Task<AwsHttpResponse> SendAsync(AwsHttpRequest request, CancellationToken ct)
    {
        var service = request.Operation.Service;
        var region = request.Region ?? Options.Region;
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await AttemptAsync(request, region, ct).ConfigureAwait(false);
            if (outcome.Response is { } response) return response;
            var error = outcome.Error!;
            var retryable = outcome.Transient || RetryClassifier.IsRetryable(error.Code, (int?)outcome.Status ?? 0);
            if (RetryClassifier.IsThrottling(error.Code, (int?)outcome.Status ?? 0)) Gate.Throttled(service);
            if (!retryable || attempt >= Options.MaxAttempts)
                throw new AwsServiceException(request.Operation, error.Code, error.Message, outcome.Status, error.RequestId, region, attempt, outcome.Cause);

            var delay = outcome.RetryAfter is { } asked && asked > TimeSpan.Zero
                ? TimeSpan.FromTicks(Math.Min(asked.Ticks, Options.MaxBackoff.Ticks))
                : Backoff(attempt);
            Gate.Statistics.RecordRetry(service);
            _logger.LogDebug("{Action} in {Region}: {Code} on attempt {Attempt}; retrying in {Delay} ms",
                request.Operation.IamAction, region, error.Code, attempt, (int)delay.TotalMilliseconds);
            await Task.Delay(delay, _time, ct).ConfigureAwait(false);
        }
    }

    private async Task<AttemptOutcome> AttemptAsync(AwsHttpRequest request, string region, CancellationToken ct)
    {
        var service = request.Operation.Service;
        using var slot = await Gate.EnterAsync(service, ct).ConfigureAwait(false);
        ImmutableCredentials credentials;
        try
        {
            credentials = await _credentials.GetCredentialsAsync().ConfigureAwait(false);
        }
        catch (AmazonClientException e)
        {
            throw new AwsServiceException(request.Operation, AwsErrorCodes.Credentials, $"the credentials could not be resolved: {e.Message}", region: region, inner: e);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Options.AttemptTimeout);
        try
        {
            using var message = BuildMessage(request, region, credentials);
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            var headers = ResponseHeaders(response);
            if (response.IsSuccessStatusCode) return new AttemptOutcome(new AwsHttpResponse(response.StatusCode, headers, body));
            var error = AwsErrorParser.Parse(service.Protocol, response.StatusCode, headers, body);
            return AttemptOutcome.Failed(error, response.StatusCode)
                with { RetryAfter = response.Headers.RetryAfter?.Delta };
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            return AttemptOutcome.Failed(new AwsError(AwsErrorCodes.Timeout, $"no response within {Options.AttemptTimeout.TotalSeconds:0.#} s"), null, transient: true, e);
        }
        catch (HttpRequestException e)
        {
            return AttemptOutcome.Failed(new AwsError(AwsErrorCodes.Network, e.Message), null, transient: true, e);
        }
    }

    private HttpRequestMessage BuildMessage(AwsHttpRequest request, string region, ImmutableCredentials credentials)
    {
        var service = request.Operation.Service;
        var endpoint = Options.Endpoints.Resolve(service, region);
        var uri = new UriBuilder(endpoint)
        {
            Path = endpoint.AbsolutePath.TrimEnd('/') + request.Path,
            Query = request.Query ?? "",
        }.Uri;
        var message = new HttpRequestMessage(request.Method, uri) { Content = new ByteArrayContent(request.Body) };
        // Set exactly the string that is signed: StringContent would append "; charset=utf-8" on its own.
        message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        foreach (var (name, value) in request.Headers ?? new Dictionary<string, string>())
            message.Headers.TryAddWithoutValidation(name, value);
        SigV4RequestSigner.Sign(message, request.Body, service.SigningName, service.SigningRegion(region), credentials, _time.GetUtcNow().UtcDateTime);
        return message;
    }

    private static Dictionary<string, string> ResponseHeaders(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
            headers[name] = string.Join(',', values);
        return headers;
    }

    /// <summary>Full jitter: a random wait in [0, min(cap, base·2^(attempt-1))], so clients that failed together spread out.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(Options.MaxBackoff.TotalMilliseconds, Options.BaseBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }

    public void Dispose()
    {
        _http.Dispose();
        if (_ownsGate) Gate.Dispose();
    }

    private sealed record AttemptOutcome(AwsHttpResponse? Response, AwsError? Error = null, HttpStatusCode? Status = null, bool Transient = false, Exception? Cause = null)
    {
        /// <summary>The wait the service asked for (Retry-After, in seconds), honoured up to MaxBackoff.</summary>
        public TimeSpan? RetryAfter { get; init; }

        public static AttemptOutcome Failed(AwsError error, HttpStatusCode? status, bool transient = false, Exception? cause = null) =>
            new(null, error, status, transient, cause);
    }
}
