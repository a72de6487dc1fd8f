using Amazon.Runtime;

namespace PolicyEngine.Aws.Http;

/// <summary>Removes the current credentials from any text that leaves the client (error messages, logs).</summary>
public static class SecretRedactor
{
    public const string Mask = "[REDACTED]";

    public static string Redact(string text, ImmutableCredentials? credentials)
    {
        if (credentials is null || string.IsNullOrEmpty(text)) return text;
        foreach (var secret in new[] { credentials.Token, credentials.SecretKey, credentials.AccessKey })
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 8)
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
    }
}
