using System.Text.Json;

namespace PolicyEngine.Policies;

/// <summary>
/// Who a role's trust policy lets assume it: the principals of its Allow statements, by kind ("AWS" accounts and ARNs,
/// "Federated" identity providers, "Service" principals, or "*" for anyone). A Deny in a trust policy is not subtracted:
/// a principal named in an Allow is reported as trusted, which can only overstate who reaches the role.
/// </summary>
public sealed record TrustPolicy(IReadOnlyList<string> Aws, IReadOnlyList<string> Federated, IReadOnlyList<string> Services)
{
    /// <summary>Parses a trust policy's JSON; throws <see cref="PolicyFormatException"/> when it is not one.</summary>
    public static TrustPolicy Parse(string json)
    {
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new PolicyFormatException($"not valid JSON ({e.Message})");
        }
        using (parsed)
        {
            var root = parsed.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Statement", out var statement))
                throw new PolicyFormatException("the document has no Statement");
            IEnumerable<JsonElement> statements = statement.ValueKind switch
            {
                JsonValueKind.Object => [statement],
                JsonValueKind.Array => statement.EnumerateArray().ToList(),
                _ => throw new PolicyFormatException("Statement is neither an object nor a list"),
            };
            List<string> aws = [], federated = [], services = [];
            foreach (var s in statements)
            {
                if (s.ValueKind != JsonValueKind.Object || !s.TryGetProperty("Effect", out var effect) || effect.ValueKind != JsonValueKind.String
                    || effect.GetString() != "Allow" || !s.TryGetProperty("Principal", out var principal))
                    continue;
                if (principal.ValueKind == JsonValueKind.String)
                {
                    aws.Add(principal.GetString()!); // "Principal": "*" is everyone
                    continue;
                }
                if (principal.ValueKind != JsonValueKind.Object) throw new PolicyFormatException("a Principal is neither \"*\" nor an object");
                foreach (var kind in principal.EnumerateObject())
                {
                    var target = kind.Name switch
                    {
                        "AWS" => aws,
                        "Federated" => federated,
                        "Service" => services,
                        _ => null, // CanonicalUser: S3 only
                    };
                    target?.AddRange(Strings(kind.Value));
                }
            }
            return new TrustPolicy(aws.Distinct().ToList(), federated.Distinct().ToList(), services.Distinct().ToList());
        }
    }

    /// <summary>
    /// The trusted principals that are not the role's own account: other accounts (by ID or ARN), anyone ("*"), and
    /// identity providers. Service principals and the account's own principals are left out: no one outside the
    /// account signs in as them.
    /// </summary>
    public IReadOnlyList<string> OutsideAccount(string accountId) =>
        [.. Aws.Where(p => AccountOf(p) != accountId), .. Federated];

    /// <summary>The account an AWS principal belongs to: a 12-digit ID, or the account field of an ARN; "*" for anyone.</summary>
    public static string AccountOf(string principal)
    {
        if (principal.StartsWith("arn:", StringComparison.Ordinal))
        {
            var parts = principal.Split(':', 6);
            return parts.Length >= 5 ? parts[4] : principal;
        }
        return principal;
    }

    private static IEnumerable<string> Strings(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList(),
        _ => throw new PolicyFormatException("a Principal value is neither a string nor a list of strings"),
    };
}
