using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyEngine.Tests;

namespace PolicyEngine.Benchmarks;

/// <summary>
/// <c>hub-proxy (--upstream URL | --store) [--latency-ms 150] [--port P]</c>: stands on 127.0.0.1 in front of a
/// Security Hub (moto_server, or with <c>--store</c> the in-memory <see cref="HubStore"/>) and behaves as AWS does for pacing: every call is answered no sooner than the latency after it
/// arrived, and each operation is held to Security Hub's documented limit per account and Region (a token bucket
/// full at the start: BatchImportFindings and BatchUpdateFindings 10 a second in bursts of 30, GetFindings 3 a second
/// in bursts of 6); a call over it is answered HTTP 429 LimitExceededException. <c>GET /__stats</c> returns the
/// calls answered and throttled per operation since the last <c>GET /__stats?reset=1</c>.
/// </summary>
internal static class HubProxy
{
    private static readonly Dictionary<string, (double Rate, int Burst)> AwsLimits = new(StringComparer.Ordinal)
    {
        ["BatchImportFindings"] = (10, 30), ["BatchUpdateFindings"] = (10, 30), ["GetFindings"] = (3, 6),
    };

    public static async Task<int> RunAsync(Options options)
    {
        var store = options.Flag("store") ? new HubStore() : null;
        var upstream = new Uri(options.Text("upstream") ?? (store is null ? throw new ArgumentException("hub-proxy needs --upstream URL or --store") : "http://127.0.0.1/"));
        var latency = TimeSpan.FromMilliseconds(options.Int("latency-ms") ?? 150);
        var port = options.Int("port") ?? FreePort();
        var clock = Stopwatch.StartNew();
        var buckets = AwsLimits.ToDictionary(l => l.Key, l => new ServerTokenBucket(l.Value.Rate, l.Value.Burst), StringComparer.Ordinal);
        var stats = new Stats(AwsLimits);
        using var forwarder = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromMinutes(2) };
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        Console.WriteLine($"listening on http://127.0.0.1:{port}/ ({(store is null ? $"upstream {upstream}" : "in-memory findings store")}, latency {latency.TotalMilliseconds} ms)");
        while (listener.IsListening)
        {
            var context = await listener.GetContextAsync();
            _ = Task.Run(() => AnswerAsync(context, upstream, store, latency, clock, buckets, stats, forwarder));
        }
        return 0;
    }

    private static async Task AnswerAsync(HttpListenerContext context, Uri upstream, HubStore? store, TimeSpan latency, Stopwatch clock,
        Dictionary<string, ServerTokenBucket> buckets, Stats stats, HttpClient forwarder)
    {
        try
        {
            var request = context.Request;
            if (request.HttpMethod == "GET" && request.Url!.AbsolutePath == "/__stats")
            {
                await WriteAsync(context.Response, 200, "application/json", Encoding.UTF8.GetBytes(stats.Json(reset: request.QueryString["reset"] == "1")), []);
                return;
            }
            var answerAt = clock.Elapsed + latency;
            using var body = new MemoryStream();
            await request.InputStream.CopyToAsync(body);
            var operation = (request.HttpMethod, request.Url!.AbsolutePath) switch
            {
                ("POST", "/findings/import") => "BatchImportFindings",
                ("POST", "/findings") => "GetFindings",
                ("PATCH", "/findings/batchupdate") => "BatchUpdateFindings",
                (var method, var path) => $"{method} {path}",
            };
            (int Status, string ContentType, byte[] Body, (string, string)[] Headers) answer;
            if (buckets.TryGetValue(operation, out var bucket) && !bucket.TryTake())
            {
                stats.Count(operation, throttled: true);
                answer = (429, "application/json", Encoding.UTF8.GetBytes("{\"Code\":\"LimitExceededException\",\"Message\":\"Rate exceeded\"}"),
                    [("x-amzn-ErrorType", "LimitExceededException")]);
            }
            else if (store is not null)
            {
                stats.Count(operation, throttled: false);
                var (status, reply) = store.Answer(operation, JsonNode.Parse(body.ToArray()) as JsonObject ?? []);
                answer = (status, "application/json", HubStore.Bytes(reply), status == 200 ? [] : [("x-amzn-ErrorType", (string?)reply["Code"] ?? "")]);
            }
            else
            {
                stats.Count(operation, throttled: false);
                using var message = new HttpRequestMessage(new HttpMethod(request.HttpMethod), new Uri(upstream, request.Url.PathAndQuery))
                {
                    Content = new ByteArrayContent(body.ToArray()),
                };
                foreach (var name in request.Headers.AllKeys.OfType<string>())
                {
                    if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
                    if (!message.Headers.TryAddWithoutValidation(name, request.Headers[name])) message.Content.Headers.TryAddWithoutValidation(name, request.Headers[name]);
                }
                using var response = await forwarder.SendAsync(message);
                answer = ((int)response.StatusCode, response.Content.Headers.ContentType?.ToString() ?? "application/json", await response.Content.ReadAsByteArrayAsync(),
                    response.Headers.Where(h => h.Key.StartsWith("x-amz", StringComparison.OrdinalIgnoreCase)).Select(h => (h.Key, string.Join(",", h.Value))).ToArray());
            }
            // Answered at the latency after arrival, or when the upstream answered if that took longer.
            var wait = answerAt - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            await WriteAsync(context.Response, answer.Status, answer.ContentType, answer.Body, answer.Headers);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or HttpRequestException or ObjectDisposedException or InvalidOperationException or JsonException)
        {
            try { context.Response.Abort(); } catch (ObjectDisposedException) { }
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string contentType, byte[] body, (string Name, string Value)[] headers)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        foreach (var (name, value) in headers) response.Headers[name] = value;
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private sealed class Stats(Dictionary<string, (double Rate, int Burst)> limits)
    {
        private readonly Lock _lock = new();
        private readonly SortedDictionary<string, (int Answered, int Throttled)> _byOperation = new(StringComparer.Ordinal);

        public void Count(string operation, bool throttled)
        {
            lock (_lock)
            {
                var (answered, throttles) = _byOperation.GetValueOrDefault(operation);
                _byOperation[operation] = throttled ? (answered, throttles + 1) : (answered + 1, throttles);
            }
        }

        public string Json(bool reset)
        {
            lock (_lock)
            {
                var json = JsonSerializer.Serialize(_byOperation.ToDictionary(kv => kv.Key, kv => limits.TryGetValue(kv.Key, out var limit)
                    ? (object)new { answered = kv.Value.Answered, throttled = kv.Value.Throttled, rate = limit.Rate, burst = limit.Burst }
                    : new { answered = kv.Value.Answered, throttled = kv.Value.Throttled }));
                if (reset) _byOperation.Clear();
                return json;
            }
        }
    }
}
