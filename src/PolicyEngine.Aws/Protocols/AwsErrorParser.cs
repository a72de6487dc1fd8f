using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using PolicyEngine.Aws.Http;

namespace PolicyEngine.Aws.Protocols;

/// <summary>Reads an error response the way botocore's parsers do, per protocol.</summary>
public static class AwsErrorParser
{
    public static AwsError Parse(AwsProtocol protocol, HttpStatusCode status, IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> body)
    {
        var requestId = headers.GetValueOrDefault("x-amzn-RequestId") ?? headers.GetValueOrDefault("x-amz-request-id");
        var parsed = protocol == AwsProtocol.Query ? ParseXml(body) : ParseJson(protocol, headers, body);
        var fallbackCode = $"Http{(int)status}";
        return new AwsError(
            string.IsNullOrEmpty(parsed.Code) ? fallbackCode : parsed.Code,
            string.IsNullOrEmpty(parsed.Message) ? $"HTTP {(int)status} {status}" : parsed.Message,
            parsed.RequestId ?? requestId);
    }

    /// <summary>json 1.0/1.1 read __type first; rest-json reads the x-amzn-ErrorType header first. awsQueryCompatible services put the query-era code in x-amzn-query-error.</summary>
    private static AwsError ParseJson(AwsProtocol protocol, IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> body)
    {
        string? typeField = null, codeField = null, message = null;
        if (TryParseObject(body, out var root))
        {
            typeField = StringProperty(root, "__type");
            codeField = StringProperty(root, "code") ?? StringProperty(root, "Code");
            message = StringProperty(root, "message") ?? StringProperty(root, "Message") ?? StringProperty(root, "errorMessage");
        }
        var header = headers.GetValueOrDefault("x-amzn-ErrorType");
        var code = protocol == AwsProtocol.RestJson
            ? FirstNonEmpty(header, codeField, typeField)
            : FirstNonEmpty(typeField, codeField, header);
        if (headers.GetValueOrDefault("x-amzn-query-error") is { Length: > 0 } queryError)
            code = queryError.Split(';')[0];
        return new AwsError(NormalizeCode(code), message ?? "");
    }

    private static AwsError ParseXml(ReadOnlySpan<byte> body)
    {
        try
        {
            var root = XDocument.Parse(System.Text.Encoding.UTF8.GetString(body)).Root;
            var error = root?.DescendantsAndSelf().FirstOrDefault(e => e.Name.LocalName == "Error");
            return new AwsError(
                error.ChildText("Code") ?? "",
                error.ChildText("Message") ?? "",
                root?.DescendantsAndSelf().FirstOrDefault(e => e.Name.LocalName is "RequestId" or "RequestID")?.Value);
        }
        catch (System.Xml.XmlException)
        {
            return new AwsError("", "");
        }
    }

    /// <summary>"aws.protocoltests#FooError:http://internal" becomes "FooError".</summary>
    public static string NormalizeCode(string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return "";
        var code = raw.Split(':')[0];
        var hash = code.LastIndexOf('#');
        return hash >= 0 ? code[(hash + 1)..] : code;
    }

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrEmpty(v));

    private static bool TryParseObject(ReadOnlySpan<byte> body, out JsonElement root)
    {
        root = default;
        if (body.IsEmpty) return false;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!JsonElement.TryParseValue(ref reader, out var element) || element is not { ValueKind: JsonValueKind.Object } value) return false;
            root = value;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? StringProperty(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
