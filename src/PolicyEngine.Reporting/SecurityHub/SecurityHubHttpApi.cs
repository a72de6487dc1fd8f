using System.Net.Http.Headers;
using System.Text.Json;

namespace PolicyEngine.Reporting.SecurityHub;

/// <summary>
/// Security Hub's rest-json protocol over a plain <see cref="HttpClient"/>. Signing is the client's concern: give it
/// an HttpClient whose handler signs with SigV4 (service "securityhub"), or none for a local emulator such as moto.
/// With the shared signed client of PolicyEngine.Aws, use <see cref="AwsSecurityHubApi"/> instead.
/// </summary>
public sealed class SecurityHubHttpApi(HttpClient http, Uri endpoint) : ISecurityHubApi
{
    public static Uri EndpointFor(string region) =>
        new($"https://securityhub.{region}.amazonaws.com{(region.StartsWith("cn-", StringComparison.Ordinal) ? ".cn" : "")}");

    public Task<BatchImportFindingsResponse> BatchImportFindingsAsync(BatchImportFindingsRequest request, CancellationToken cancellationToken) =>
        SendAsync<BatchImportFindingsRequest, BatchImportFindingsResponse>(SecurityHubWire.BatchImportFindings, request, cancellationToken);

    public Task<GetFindingsResponse> GetFindingsAsync(GetFindingsRequest request, CancellationToken cancellationToken) =>
        SendAsync<GetFindingsRequest, GetFindingsResponse>(SecurityHubWire.GetFindings, request, cancellationToken);

    public Task<BatchUpdateFindingsResponse> BatchUpdateFindingsAsync(BatchUpdateFindingsRequest request, CancellationToken cancellationToken) =>
        SendAsync<BatchUpdateFindingsRequest, BatchUpdateFindingsResponse>(SecurityHubWire.BatchUpdateFindings, request, cancellationToken);

    private async Task<TResponse> SendAsync<TRequest, TResponse>((HttpMethod Method, string Path) operation, TRequest body, CancellationToken ct)
    {
        // Exact bytes and an exact Content-Type (no charset suffix), so a signing handler signs what is sent.
        var content = new ByteArrayContent(SecurityHubWire.Serialize(body));
        content.Headers.ContentType = new MediaTypeHeaderValue(SecurityHubWire.ContentType);
        using var request = new HttpRequestMessage(operation.Method, new Uri(endpoint, operation.Path)) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new SecurityHubApiException(0, "NetworkError", e.Message, inner: e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new SecurityHubApiException(0, "RequestTimeout", "the request timed out", inner: e);
        }
        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw Error(response, bytes);
            return SecurityHubWire.Deserialize<TResponse>(bytes, (int)response.StatusCode);
        }
    }

    /// <summary>rest-json errors: the code from x-amzn-ErrorType, else the body's Code/code/__type (botocore RestJSONParser).</summary>
    private static SecurityHubApiException Error(HttpResponseMessage response, byte[] body)
    {
        string? code = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
        string? message = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                code ??= Text(json.RootElement, "Code", "code", "__type");
                message = Text(json.RootElement, "Message", "message");
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): the status is all there is.
        }
        code = code?.Split(':')[0].Split('#')[^1];
        var retryAfter = response.Headers.RetryAfter?.Delta;
        return new SecurityHubApiException((int)response.StatusCode, string.IsNullOrEmpty(code) ? $"Http{(int)response.StatusCode}" : code,
            message ?? response.ReasonPhrase ?? "no message", retryAfter);
    }

    private static string? Text(JsonElement element, params string[] names)
    {
        foreach (var name in names)
            if (element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                return value.GetString();
        return null;
    }
}
