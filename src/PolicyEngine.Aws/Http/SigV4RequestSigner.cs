using System.Globalization;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using Amazon.Util;

namespace PolicyEngine.Aws.Http;

/// <summary>
/// Signs an <see cref="HttpRequestMessage"/> with SigV4. This class only lays out the canonical request (text);
/// hashing, key derivation and the signature itself are AWSSDK.Core's <see cref="AWS4Signer"/>.
/// </summary>
public static class SigV4RequestSigner
{
    private const string DateHeader = "X-Amz-Date";
    private const string TokenHeader = "X-Amz-Security-Token";

    /// <summary>Adds X-Amz-Date, X-Amz-Security-Token (signed, when the credentials carry one) and Authorization.</summary>
    public static void Sign(HttpRequestMessage request, ReadOnlySpan<byte> body, string signingName, string signingRegion,
        ImmutableCredentials credentials, DateTime utcNow)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        request.Headers.Remove(DateHeader);
        request.Headers.TryAddWithoutValidation(DateHeader, utcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        request.Headers.Remove(TokenHeader);
        if (credentials.UseToken)
            request.Headers.TryAddWithoutValidation(TokenHeader, credentials.Token);

        var headers = CanonicalHeaders(request, uri);
        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalRequest = new StringBuilder()
            .Append(request.Method.Method).Append('\n')
            .Append(CanonicalPath(uri)).Append('\n')
            .Append(CanonicalQuery(uri)).Append('\n')
            .Append(string.Concat(headers.Select(h => $"{h.Key}:{h.Value}\n"))).Append('\n')
            .Append(signedHeaders).Append('\n')
            .Append(AWSSDKUtils.ToHex(AWS4Signer.ComputeHash(body.ToArray()), lowercase: true))
            .ToString();

        var result = AWS4Signer.ComputeSignature(credentials, signingRegion, utcNow, signingName, signedHeaders, canonicalRequest);
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", result.ForAuthorizationHeader);
    }

    /// <summary>Lower-case names, sorted; values trimmed with inner runs of spaces collapsed; repeated headers joined by commas.</summary>
    private static SortedDictionary<string, string> CanonicalHeaders(HttpRequestMessage request, Uri uri)
    {
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["host"] = uri.IsDefaultPort ? uri.Host : uri.Authority };
        var all = request.Headers.NonValidated.AsEnumerable();
        if (request.Content is not null) all = all.Concat(request.Content.Headers.NonValidated);
        foreach (var (name, values) in all)
        {
            var lower = name.ToLowerInvariant();
            if (lower is "authorization" or "user-agent" or "content-length" or "host" or "expect" or "transfer-encoding") continue;
            headers[lower] = string.Join(',', values.Select(CollapseSpaces));
        }
        return headers;
    }

    private static string CollapseSpaces(string value) =>
        string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Non-S3 services encode each path segment of the (already escaped) path once more.</summary>
    private static string CanonicalPath(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (path.Length == 0) return "/";
        return string.Join('/', path.Split('/').Select(segment => AWSSDKUtils.UrlEncode(segment, path: false)));
    }

    private static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0) return "";
        var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(kv => (Key: Encode(kv[0]), Value: Encode(kv.Length > 1 ? kv[1] : "")))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal).ThenBy(kv => kv.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(kv => $"{kv.Key}={kv.Value}"));
    }

    private static string Encode(string escaped) => AWSSDKUtils.UrlEncode(Uri.UnescapeDataString(escaped), path: false);
}
