using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace PolicyEngine.Aws.Tests.Support;

/// <summary>A request as the proxy saw it: the SigV4 scope tells the service and region, the framing tells the operation.</summary>
public sealed record ProxyRequest(string Method, string PathAndQuery, string? Service, string? Region, string Operation,
    IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
    public string Action => $"{Service}:{Operation}";
}

public sealed record ProxyResponse(int Status, string ContentType, byte[] Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static ProxyResponse Text(int status, string contentType, string body, params (string Name, string Value)[] headers) =>
        new(status, contentType, Encoding.UTF8.GetBytes(body), headers.ToDictionary(h => h.Name, h => h.Value));
}

/// <summary>Answers a request itself (non-null) or lets it through (null). <c>forward</c> asks the upstream.</summary>
public delegate Task<ProxyResponse?> Interceptor(ProxyRequest request, Func<Task<ProxyResponse>> forward);

/// <summary>
/// A local HTTP endpoint on 127.0.0.1 that stands in front of moto_server: interceptors fill moto's gaps and inject
/// faults; everything else is forwarded. It records every request, so tests can see what the collectors called.
/// </summary>
public sealed partial class AwsStubProxy : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Uri? _upstream;
    private readonly HttpClient _forwarder = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(60) };
    private readonly List<Interceptor> _interceptors = [];
    private readonly Task _loop;

    public AwsStubProxy(Uri? upstream)
    {
        _upstream = upstream;
        (_listener, Url) = LocalHttpListener.Start();
        _loop = LocalHttpListener.ServeAsync(_listener, HandleAsync);
    }

    public Uri Url { get; }
    public ConcurrentQueue<ProxyRequest> Requests { get; } = new();

    /// <summary>Interceptors added later are asked first, so a fault overrides a stub added before it.</summary>
    public AwsStubProxy Intercept(Interceptor interceptor)
    {
        lock (_interceptors) _interceptors.Add(interceptor);
        return this;
    }

    /// <summary>Answers one action (e.g. "iam:ListOrganizationsFeatures") with a fixed response.</summary>
    public AwsStubProxy Answer(string action, Func<ProxyRequest, ProxyResponse> respond) =>
        Intercept((request, _) => Task.FromResult(request.Action == action ? respond(request) : null));

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            var request = await ReadAsync(context.Request);
            Requests.Enqueue(request);
            var response = await RespondAsync(request);
            context.Response.StatusCode = response.Status;
            context.Response.ContentType = response.ContentType;
            foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
                context.Response.Headers[name] = value;
            context.Response.ContentLength64 = response.Body.Length;
            await context.Response.OutputStream.WriteAsync(response.Body);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            // the client gave up (a timeout under test) or the proxy is stopping
            try { context.Response.Abort(); } catch (ObjectDisposedException) { }
        }
    }

    private async Task<ProxyResponse> RespondAsync(ProxyRequest request)
    {
        Interceptor[] interceptors;
        lock (_interceptors) interceptors = [.. Enumerable.Reverse(_interceptors)];
        foreach (var interceptor in interceptors)
            if (await interceptor(request, () => ForwardAsync(request)) is { } answered)
                return answered;
        return await ForwardAsync(request);
    }

    private async Task<ProxyResponse> ForwardAsync(ProxyRequest request)
    {
        if (_upstream is null) return ProxyResponse.Text(404, "text/plain", $"no stub for {request.Action}");
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_upstream, request.PathAndQuery));
        message.Content = new ByteArrayContent(request.Body);
        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            if (!message.Headers.TryAddWithoutValidation(name, value)) message.Content.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await _forwarder.SendAsync(message);
        var headers = response.Headers.Where(h => h.Key.StartsWith("x-amz", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value));
        return new ProxyResponse((int)response.StatusCode, response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream",
            await response.Content.ReadAsByteArrayAsync(), headers);
    }

    private static async Task<ProxyRequest> ReadAsync(HttpListenerRequest request)
    {
        using var buffer = new MemoryStream();
        await request.InputStream.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var headers = request.Headers.AllKeys.OfType<string>().ToDictionary(k => k, k => request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
        var scope = CredentialScope().Match(headers.GetValueOrDefault("Authorization") ?? "");
        return new ProxyRequest(request.HttpMethod, request.Url!.PathAndQuery,
            scope.Success ? scope.Groups["service"].Value : null, scope.Success ? scope.Groups["region"].Value : null,
            OperationOf(request, headers, body), headers, body);
    }

    /// <summary>JSON-RPC names it in X-Amz-Target, query in Action=, REST-JSON in the path.</summary>
    private static string OperationOf(HttpListenerRequest request, IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        if (headers.GetValueOrDefault("X-Amz-Target") is { Length: > 0 } target) return target[(target.LastIndexOf('.') + 1)..];
        if ((headers.GetValueOrDefault("Content-Type") ?? "").StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal))
        {
            var action = FormAction().Match(Encoding.UTF8.GetString(body));
            if (action.Success) return action.Groups[1].Value;
        }
        var last = request.Url!.AbsolutePath.TrimEnd('/').Split('/')[^1];
        return last.Length == 0 ? $"{request.HttpMethod} /" : char.ToUpperInvariant(last[0]) + last[1..];
    }

    [GeneratedRegex(@"Credential=[^/]+/\d{8}/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request")]
    private static partial Regex CredentialScope();

    [GeneratedRegex(@"(?:^|&)Action=([^&]+)")]
    private static partial Regex FormAction();

    public async ValueTask DisposeAsync()
    {
        LocalHttpListener.Shut(_listener);
        await _loop.ConfigureAwait(false);
        _forwarder.Dispose();
    }
}
