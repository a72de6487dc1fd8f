using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;

namespace PolicyEngine.SecurityHub.Tests;

/// <summary>
/// <see cref="StubSecurityHub"/> behind a real HTTP listener on 127.0.0.1, answering each call after a latency and
/// holding callers to a rate per operation as AWS does: a token bucket per operation, and over it HTTP 429
/// LimitExceededException. It records when each call started and ended and how many were in flight at once.
/// </summary>
public sealed class SecurityHubEndpoint : IDisposable
{
    private readonly HttpListener _listener;
    private readonly HttpMessageInvoker _hub;
    private readonly TimeSpan _latency;
    private readonly Dictionary<string, ServerTokenBucket> _buckets;
    private readonly Task _loop;
    private int _inFlight;
    private int _maxInFlight;

    /// <param name="limits">Requests per second and burst per operation (BatchImportFindings, GetFindings, BatchUpdateFindings); an operation not named is not limited.</param>
    public SecurityHubEndpoint(StubSecurityHub hub, TimeSpan latency, IReadOnlyDictionary<string, (double Rate, int Burst)> limits)
    {
        _hub = new HttpMessageInvoker(hub, disposeHandler: false);
        _latency = latency;
        _buckets = limits.ToDictionary(l => l.Key, l => new ServerTokenBucket(l.Value.Rate, l.Value.Burst));
        (_listener, Url) = LocalHttpListener.Start();
        _loop = LocalHttpListener.ServeAsync(_listener, AnswerAsync);
    }

    /// <summary>Security Hub's documented limits per account and Region (aws-apis.md §7).</summary>
    public static readonly IReadOnlyDictionary<string, (double Rate, int Burst)> AwsLimits = new Dictionary<string, (double, int)>
    {
        ["BatchImportFindings"] = (10, 30), ["BatchUpdateFindings"] = (10, 30), ["GetFindings"] = (3, 6),
    };

    public Uri Url { get; }

    /// <summary>The most calls that were being answered at the same moment.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public ConcurrentQueue<Exchange> Exchanges { get; } = new();

    public sealed record Exchange(string Operation, int Status, TimeSpan Started, TimeSpan Ended);

    public IEnumerable<Exchange> Of(string operation) => Exchanges.Where(e => e.Operation == operation);

    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var started = _clock.Elapsed;
        var inFlight = Interlocked.Increment(ref _inFlight);
        for (var max = Volatile.Read(ref _maxInFlight); inFlight > max; max = Volatile.Read(ref _maxInFlight))
            Interlocked.CompareExchange(ref _maxInFlight, inFlight, max);
        try
        {
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var operation = (context.Request.HttpMethod, context.Request.Url!.AbsolutePath) switch
            {
                ("POST", "/findings/import") => "BatchImportFindings",
                ("POST", "/findings") => "GetFindings",
                ("PATCH", "/findings/batchupdate") => "BatchUpdateFindings",
                _ => "Unknown",
            };
            await Task.Delay(_latency);
            int status;
            string contentType;
            byte[] answer;
            if (_buckets.TryGetValue(operation, out var bucket) && !bucket.TryTake())
            {
                (status, contentType, answer) = (429, "application/json", Encoding.UTF8.GetBytes("{\"Code\":\"LimitExceededException\",\"Message\":\"Rate exceeded\"}"));
                context.Response.Headers["x-amzn-ErrorType"] = "LimitExceededException";
            }
            else
            {
                using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), new Uri("http://securityhub.stub" + context.Request.Url.PathAndQuery))
                {
                    Content = new ByteArrayContent(body.ToArray()),
                };
                using var response = await _hub.SendAsync(request, CancellationToken.None);
                (status, contentType, answer) = ((int)response.StatusCode, "application/json", await response.Content.ReadAsByteArrayAsync());
                foreach (var header in response.Headers) context.Response.Headers[header.Key] = string.Join(",", header.Value);
            }
            Exchanges.Enqueue(new Exchange(operation, status, started, _clock.Elapsed));
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            context.Response.ContentLength64 = answer.Length;
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // the client went away
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public void Dispose()
    {
        LocalHttpListener.Shut(_listener);
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _hub.Dispose();
    }
}
