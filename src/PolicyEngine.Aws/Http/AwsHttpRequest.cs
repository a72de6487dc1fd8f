using System.Net;

namespace PolicyEngine.Aws.Http;

/// <summary>One call, before signing. <paramref name="Region"/> null means the client's home region.</summary>
public sealed record AwsHttpRequest(
    AwsOperation Operation,
    HttpMethod Method,
    string Path,
    byte[] Body,
    string ContentType,
    IReadOnlyDictionary<string, string>? Headers = null,
    string? Query = null,
    string? Region = null);

/// <summary>A successful response: status, headers (case-insensitive) and the whole body, and the attempts it took.</summary>
public sealed record AwsHttpResponse(HttpStatusCode StatusCode, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public int Attempts { get; init; } = 1;

    /// <summary>Where the answer came from, for messages about it.</summary>
    public Uri? Endpoint { get; init; }
}
