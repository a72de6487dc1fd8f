using System.Net.Http.Headers;
using System.Text.Json;
using PolicyEngine.Reporting.Reporters;

namespace PolicyEngine.Reporting.SecurityHub;

/// <summary>
/// Security Hub's rest-json protocol over an <see cref="HttpClient"/>. Signing is the client's concern: give it an
/// HttpClient whose handler signs with SigV4 (service "securityhub"), or none for a local emulator such as moto.
/// </summary>
public sealed class SecurityHubHttpApi(HttpClient http, Uri endpoint) : ISecurityHubApi
{
    public static Uri EndpointFor(string region) =>
        new($"https://securityhub.{region}.amazonaws.com{(region.StartsWith("cn-", StringComparison.Ordinal) ? ".cn" : "")}");

    public Task<BatchImportFindingsResponse> BatchImportFindingsAsync(BatchImportFindingsRequest request, CancellationToken cancellationToken) =>
        SendAsync<BatchImportFindingsRequest, BatchImportFindingsResponse>(HttpMethod.Post, "/findings/import", request, cancellationToken);

    public Task<GetFindingsResponse> GetFindingsAsync(GetFindingsRequest request, CancellationToken cancellationToken) =>
        SendAsync<GetFindingsRequest, GetFindingsResponse>(HttpMethod.Post, "/findings", request, cancellationToken);

    public Task<BatchUpdateFindingsResponse> BatchUpdateFindingsAsync(BatchUpdateFindingsRequest request, CancellationToken cancellationToken) =>
        SendAsync<BatchUpdateFindingsRequest, BatchUpdateFindingsResponse>(HttpMethod.Patch, "/findings/batchupdate", request, cancellationToken);

    private async Task<TResponse> SendAsync<TRequest, TResponse>(HttpMethod method, string path, TRequest body, CancellationToken ct)
    {
        // Exact bytes and an exact Content-Type (no charset suffix), so a signing handler signs what is sent.
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, ReportJson.AsIs));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(method, new Uri(endpoint, path)) { Content = content };
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
            try
            {
                return JsonSerializer.Deserialize<TResponse>(bytes, ReportJson.AsIs)
                    ?? throw new SecurityHubApiException((int)response.StatusCode, "InvalidResponse", "empty response body");
            }
            catch (JsonException e)
            {
                throw new SecurityHubApiException((int)response.StatusCode, "InvalidResponse", e.Message, inner: e);
            }
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
