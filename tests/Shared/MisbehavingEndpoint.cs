using System.Net;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PolicyEngine.Tests;

/// <summary>How <see cref="MisbehavingEndpoint"/> answers every call but STS GetCallerIdentity.</summary>
public enum Misbehaviour
{
    /// <summary>An error whose message repeats the request (URL, every header, the body) raw, JSON-escaped and percent-encoded.</summary>
    EchoRequest,

    /// <summary>HTTP 200 with a captive portal's HTML page.</summary>
    HtmlPage,

    /// <summary>HTTP 200 with no body at all.</summary>
    EmptyBody,

    /// <summary>HTTP 200 whose body stops half-way through the length it announced.</summary>
    TruncatedBody,

    /// <summary>HTTP 200 with a complete body that is neither the XML nor the JSON the operation returns.</summary>
    WrongDocument,
}

/// <summary>
/// A misconfigured endpoint on 127.0.0.1, as proxies, portals and emulators in the wild are, answering in the error
/// format of the request's protocol where it answers with an error. STS GetCallerIdentity alone is answered properly,
/// so a collection gets past its first call and records what follows as collection errors.
/// </summary>
internal sealed partial class MisbehavingEndpoint : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;
    private int _requests;

    public MisbehavingEndpoint(Misbehaviour misbehaviour = Misbehaviour.EchoRequest, string callerAccountId = "123456789012")
    {
        Misbehaviour = misbehaviour;
        CallerAccountId = callerAccountId;
        (_listener, Url) = LocalHttpListener.Start();
        _loop = LocalHttpListener.ServeAsync(_listener, context =>
        {
            Answer(context);
            return Task.CompletedTask;
        });
    }

    public Uri Url { get; }
    public Misbehaviour Misbehaviour { get; }
    public string CallerAccountId { get; }
    public int Requests => Volatile.Read(ref _requests);

    private void Answer(HttpListenerContext context)
    {
        try
        {
            Interlocked.Increment(ref _requests);
            var request = context.Request;
            using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
            var body = reader.ReadToEnd();
            var headers = request.Headers.AllKeys.OfType<string>().ToDictionary(k => k, k => request.Headers[k] ?? "");
            var service = Scope().Match(headers.GetValueOrDefault("Authorization") ?? "") is { Success: true } m ? m.Groups[1].Value : "";
            var json = (request.ContentType ?? "").Contains("json", StringComparison.Ordinal);
            var (status, contentType, answer) = service == "sts" && body.Contains("GetCallerIdentity", StringComparison.Ordinal)
                ? (200, "text/xml", CallerIdentity())
                : Misbehaviour switch
                {
                    Misbehaviour.HtmlPage => (200, "text/html; charset=utf-8", "<!DOCTYPE html><html><head><title>Sign in to continue</title></head><body><p>Wi-Fi login</p></body></html>"),
                    Misbehaviour.EmptyBody => (200, json ? "application/x-amz-json-1.1" : "text/xml", ""),
                    Misbehaviour.TruncatedBody => (200, json ? "application/x-amz-json-1.1" : "text/xml", json ? "{\"Accounts\":[{\"Id\":\"1111" : "<ListUsersResponse><ListUsersResult><Users><member><UserName>ali"),
                    Misbehaviour.WrongDocument => (200, json ? "application/x-amz-json-1.1" : "text/xml", json ? "[\"not\", \"an\", \"object\"]" : "<html><body>Service moved</body></html>"),
                    _ => Refusal(request, headers, body),
                };
            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            if (status != 200 && json) context.Response.Headers["x-amzn-ErrorType"] = "UnrecognizedClientException";
            if (Misbehaviour == Misbehaviour.TruncatedBody && status == 200 && service != "sts")
            {
                // Announce twice the length, send half, and drop the connection.
                context.Response.ContentLength64 = bytes.Length * 2;
                context.Response.OutputStream.Write(bytes);
                context.Response.Abort();
                return;
            }
            context.Response.ContentLength64 = bytes.Length;
            context.Response.OutputStream.Write(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // the client went away
        }
    }

    private string CallerIdentity() =>
        $"<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>" +
        $"<Arn>arn:aws:iam::{CallerAccountId}:user/auditor</Arn><UserId>AIDAECHO</UserId><Account>{CallerAccountId}</Account>" +
        "</GetCallerIdentityResult><ResponseMetadata><RequestId>echo-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>";

    private static (int, string, string) Refusal(HttpListenerRequest request, Dictionary<string, string> headers, string body)
    {
        var echo = new StringBuilder($"The proxy refused {request.HttpMethod} {request.Url}. You sent: ");
        foreach (var (name, value) in headers) echo.Append(name).Append(": ").Append(value).Append("; ");
        echo.Append("body: ").Append(body);
        echo.Append(" as JSON: ").Append(JsonSerializer.Serialize(headers));
        echo.Append(" percent-encoded: ").Append(Uri.EscapeDataString(string.Join("&", headers.Select(h => $"{h.Key}={h.Value}"))));
        var message = echo.ToString();
        var json = (request.ContentType ?? "").Contains("json", StringComparison.Ordinal);
        return json
            ? (403, "application/x-amz-json-1.1", JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["__type"] = "UnrecognizedClientException", ["message"] = message, ["Message"] = message,
            }))
            : (403, "text/xml", $"<Response><Errors><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>{SecurityElement.Escape(message)}</Message></Error></Errors><RequestID>echo-2</RequestID></Response>");
    }

    [GeneratedRegex(@"Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request")]
    private static partial Regex Scope();

    public void Dispose()
    {
        LocalHttpListener.Shut(_listener);
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
