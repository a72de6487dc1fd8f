using System.Net;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using PolicyEngine.Aws.Protocols;
using PolicyEngine.Aws.Resilience;

namespace PolicyEngine.Aws.Http;

/// <summary>
/// A SigV4-signed HTTP client for any AWS service: resolves the endpoint and signs every attempt afresh; pacing,
/// concurrency, attempt timeouts and retries are the shared <see cref="AwsCallPipeline"/>'s. A failure it gives up on
/// is an <see cref="AwsServiceException"/> carrying the service's error code, or one of <see cref="AwsErrorCodes"/>
/// naming the endpoint when there was no usable answer.
/// </summary>
public sealed class AwsHttpClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly AWSCredentials _credentials;
    private readonly TimeProvider _time;
    private readonly bool _ownsPipeline;

    /// <param name="handler">The HTTP handler to send through (shared with the SDK clients of the same run); null makes one of its own.</param>
    /// <param name="pipeline">The run's shared pipeline; null makes one of its own from <paramref name="options"/>.</param>
    public AwsHttpClient(AwsClientOptions options, AWSCredentials credentials, HttpMessageHandler? handler = null,
        AwsCallPipeline? pipeline = null, ILogger? logger = null, TimeProvider? time = null)
    {
        Options = options;
        _credentials = TrackedCredentials.Track(credentials);
        _time = time ?? TimeProvider.System;
        _http = handler is null ? new HttpClient(AwsHttp.CreateHandler()) : new HttpClient(AwsHttp.Checked(handler), disposeHandler: false);
        _http.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own timeout, in the pipeline
        _ownsPipeline = pipeline is null;
        Pipeline = pipeline ?? new AwsCallPipeline(options, logger, _time);
    }

    public AwsClientOptions Options { get; }
    public AwsCallPipeline Pipeline { get; }
    public string Region => Options.Region;

    public Task<AwsHttpResponse> SendAsync(AwsHttpRequest request, CancellationToken ct)
    {
        var region = request.Region ?? Options.Region;
        return Pipeline.ExecuteAsync(request.Operation, region, (attempt, token) => AttemptAsync(request, region, attempt, token), ct);
    }

    private async Task<AwsHttpResponse> AttemptAsync(AwsHttpRequest request, string region, int attempt, CancellationToken ct)
    {
        var service = request.Operation.Service;
        var endpoint = Options.Endpoints.Resolve(service, region);
        ImmutableCredentials credentials;
        try
        {
            credentials = await _credentials.GetCredentialsAsync().ConfigureAwait(false);
        }
        catch (AmazonClientException e)
        {
            throw new AwsServiceException(request.Operation, AwsErrorCodes.Credentials, $"the credentials could not be resolved: {e.Message}", region: region, inner: e);
        }
        try
        {
            using var message = BuildMessage(request, region, endpoint, credentials);
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            var headers = ResponseHeaders(response);
            if (response.IsSuccessStatusCode) return new AwsHttpResponse(response.StatusCode, headers, body) { Attempts = attempt, Endpoint = endpoint };
            var error = AwsErrorParser.Parse(service.Protocol, response.StatusCode, headers, body);
            throw new AwsServiceException(request.Operation, error.Code, error.Message, response.StatusCode, error.RequestId, region, attempt)
            {
                RetryAfter = RetryAfter(response),
            };
        }
        catch (AwsHttp.UnexpectedAnswerException e)
        {
            throw AwsHttp.UnexpectedAnswer(request.Operation, endpoint, region, attempt, e);
        }
        catch (Exception e) when (AwsHttp.IsTransportFault(e, ct))
        {
            throw AwsHttp.TransportFault(request.Operation, endpoint, region, attempt, e);
        }
    }

    private HttpRequestMessage BuildMessage(AwsHttpRequest request, string region, Uri endpoint, ImmutableCredentials credentials)
    {
        var service = request.Operation.Service;
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

    /// <summary>Retry-After in seconds or as an HTTP date.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow(),
        _ => null,
    };

    private static Dictionary<string, string> ResponseHeaders(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
            headers[name] = string.Join(',', values);
        return headers;
    }

    public void Dispose()
    {
        _http.Dispose();
        if (_ownsPipeline) Pipeline.Dispose();
    }
}

/// <summary>The HTTP transport shared by the hand-written clients and the SDK clients, and how its faults are told.</summary>
public static class AwsHttp
{
    /// <summary>
    /// The handler every client of a run sends through. Pooled connections are recycled so that a long collection
    /// follows DNS changes of the endpoints; connecting is bounded; answers that cannot be AWS's are refused here,
    /// once for the hand-written and the SDK clients (<see cref="AnswerCheck"/>).
    /// </summary>
    public static HttpMessageHandler CreateHandler() => new AnswerCheck(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    });

    /// <summary>
    /// Every operation this tool calls answers success with a body in XML or JSON. A success that is empty or an HTML
    /// page comes from something else on the way (a captive portal, a misconfigured proxy or endpoint): left to the
    /// parsers it could read as "nothing there" (the SDKs' XML readers skip what they do not know), so it is refused.
    /// </summary>
    public sealed class AnswerCheck(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return response;
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            string? problem = body.Length == 0 ? "an empty body" : IsHtml(body) ? "an HTML page" : null;
            if (problem is null) return response;
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new UnexpectedAnswerException($"HTTP {status} with {problem}, not an AWS response");
        }
    }

    /// <summary>The handler with <see cref="AnswerCheck"/> in front, unless it has it already.</summary>
    public static HttpMessageHandler Checked(HttpMessageHandler handler) => handler as AnswerCheck ?? new AnswerCheck(handler);

    /// <summary>An HTML document, by its first markup (emulators label XML as text/html, so the media type is not asked).</summary>
    private static bool IsHtml(byte[] body)
    {
        var start = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 512)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return start.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A success answer that is not an AWS response; see <see cref="AnswerCheck"/>.</summary>
    public sealed class UnexpectedAnswerException(string message) : Exception(message);

    /// <summary>The error an unexpected answer becomes: it names the endpoint; another attempt would get the same.</summary>
    public static AwsServiceException UnexpectedAnswer(AwsOperation operation, Uri endpoint, string? region, int attempt, Exception e) =>
        new(operation, AwsErrorCodes.Unparseable, $"the answer from {endpoint} is not what {operation.Name} returns: {e.Message}", region: region, attempts: attempt, inner: e);

    /// <summary>A failure to get an answer at all: refused or reset connections, DNS, TLS, a body cut short. Not the caller's cancellation.</summary>
    public static bool IsTransportFault(Exception e, CancellationToken ct) =>
        e is HttpRequestException or IOException or System.Net.Sockets.SocketException
        || (e is OperationCanceledException && !ct.IsCancellationRequested && e.InnerException is TimeoutException);

    /// <summary>The error a transport fault becomes: it names the endpoint and the cause, and may pass on another attempt.</summary>
    public static AwsServiceException TransportFault(AwsOperation operation, Uri endpoint, string? region, int attempt, Exception e) =>
        new(operation, AwsErrorCodes.Network, $"could not reach {endpoint}: {Describe(e)}", region: region, attempts: attempt, inner: e) { Transient = true };

    /// <summary>The innermost useful message: "Connection refused (127.0.0.1:1)", "Name or service not known (x.invalid:80)".</summary>
    private static string Describe(Exception e)
    {
        var messages = new List<string>();
        for (var current = e; current is not null; current = current.InnerException)
            if (!string.IsNullOrWhiteSpace(current.Message) && !messages.Contains(current.Message)) messages.Add(current.Message);
        return messages.Count == 0 ? e.GetType().Name : string.Join(": ", messages.TakeLast(2));
    }
}
