using System.Net;
using System.Text;

namespace PolicyEngine.Aws.Tests.Support;

/// <summary>A request as the handler saw it, body included (the message itself is disposed after sending).</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>An in-memory HTTP endpoint: answers each request with the next scripted response (the last one repeats).</summary>
public sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly Queue<Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>? _last;
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_requests) return [.. _requests]; }
    }

    public ScriptedHandler Then(Func<RecordedRequest, HttpResponseMessage> respond) =>
        ThenAsync((r, _) => Task.FromResult(respond(r)));

    public ScriptedHandler ThenAsync(Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> respond)
    {
        lock (_script) _script.Enqueue(respond);
        return this;
    }

    public ScriptedHandler Then(HttpStatusCode status, string body, string contentType = "application/x-amz-json-1.1",
        params (string Name, string Value)[] headers) => Then(_ => Response(status, body, contentType, headers));

    public static HttpResponseMessage Response(HttpStatusCode status, string body, string contentType = "application/x-amz-json-1.1",
        params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.NonValidated.Concat(request.Content?.Headers.NonValidated ?? default)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(request.Method, request.RequestUri!, headers, body);
        lock (_requests) _requests.Add(recorded);
        Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> respond;
        lock (_script)
        {
            respond = _script.Count > 0 ? (_last = _script.Dequeue()) : _last ?? throw new InvalidOperationException("nothing scripted");
        }
        return await respond(recorded, cancellationToken);
    }
}
