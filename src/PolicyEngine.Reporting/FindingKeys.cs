using System.Security.Cryptography;
using System.Text;

namespace PolicyEngine.Reporting;

/// <summary>Short, stable digests of a result's key (rule, account, resource) for identifiers that must not change between runs.</summary>
public static class FindingKeys
{
    /// <summary>The first 128 bits of SHA-256 of the key, in lower-case hex: collision-safe at any realistic scale and short enough for any ID limit.</summary>
    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0, 16);
}
