using PolicyEngine.Reporting.Asff;
using System.Text.Json;

namespace PolicyEngine.SecurityHub;

/// <summary>Security Hub's rest-json operations: their HTTP method and path (botocore model), and the JSON of their bodies.</summary>
internal static class SecurityHubWire
{
    public const string ContentType = "application/json";

    public static readonly (HttpMethod Method, string Path) BatchImportFindings = (HttpMethod.Post, "/findings/import");
    public static readonly (HttpMethod Method, string Path) GetFindings = (HttpMethod.Post, "/findings");
    public static readonly (HttpMethod Method, string Path) BatchUpdateFindings = (HttpMethod.Patch, "/findings/batchupdate");

    public static byte[] Serialize<T>(T body) => JsonSerializer.SerializeToUtf8Bytes(body, Asff.Json);

    public static T Deserialize<T>(byte[] body, int status)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, Asff.Json)
                ?? throw new SecurityHubApiException(status, "InvalidResponse", "empty response body");
        }
        catch (JsonException e)
        {
            throw new SecurityHubApiException(status, "InvalidResponse", e.Message, inner: e);
        }
    }
}
