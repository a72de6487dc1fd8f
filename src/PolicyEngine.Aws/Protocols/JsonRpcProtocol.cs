using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyEngine.Aws.Http;

namespace PolicyEngine.Aws.Protocols;

/// <summary>AWS JSON 1.0/1.1: POST / with X-Amz-Target "{prefix}.{operation}" and a JSON object body ({} for no input).</summary>
public sealed class JsonRpcProtocol(AwsHttpClient http)
{
    public async Task<JsonElement> CallAsync(AwsOperation operation, JsonObject? input, CancellationToken ct, string? region = null)
    {
        var service = operation.Service;
        var headers = new Dictionary<string, string> { ["X-Amz-Target"] = $"{service.TargetPrefix}.{operation.Name}" };
        var request = new AwsHttpRequest(operation, HttpMethod.Post, "/", JsonBody.Serialize(input),
            $"application/x-amz-json-{service.JsonVersion}", headers, Region: region);
        var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        return JsonBody.Parse(operation, response);
    }

    /// <summary>
    /// The pages of a listing that pages with NextToken in and out and MaxResults (Organizations, Identity Center):
    /// each call sends the input with the page size and the previous page's token.
    /// </summary>
    public Func<string?, Task<Page<T>>> TokenPages<T>(AwsOperation operation, JsonObject input, string listName, Func<JsonElement, T> map,
        int maxResults, CancellationToken ct, string? region = null) =>
        async token =>
        {
            var page = (JsonObject)input.DeepClone();
            page["MaxResults"] = maxResults;
            if (token is not null) page["NextToken"] = token;
            var result = await CallAsync(operation, page, ct, region).ConfigureAwait(false);
            return new Page<T>(result.Array(listName).Select(map).ToList(), result.Str("NextToken"));
        };
}

/// <summary>AWS REST-JSON: the operation is the method and path; the body is JSON.</summary>
public sealed class RestJsonProtocol(AwsHttpClient http)
{
    public async Task<JsonElement> CallAsync(AwsOperation operation, HttpMethod method, string path, JsonNode? body,
        CancellationToken ct, string? region = null, string? query = null)
    {
        var request = new AwsHttpRequest(operation, method, path, JsonBody.Serialize(body), "application/json", Query: query, Region: region);
        var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        return JsonBody.Parse(operation, response);
    }
}

internal static class JsonBody
{
    public static byte[] Serialize(JsonNode? body) => body is null ? "{}"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(body);

    public static JsonElement Parse(AwsOperation operation, AwsHttpResponse response)
    {
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new JsonException($"a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()} where an object was expected");
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new AwsServiceException(operation, AwsErrorCodes.Unparseable,
                $"the answer from {response.Endpoint} is not what {operation.Name} returns: {e.Message}", response.StatusCode, inner: e);
        }
    }
}
