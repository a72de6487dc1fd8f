using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PolicyEngine.Core.Security;

/// <summary>
/// The process-wide register of secrets (credentials from the AWS credential chain) and the one redactor every way out
/// of the process uses: console streams (logs, errors, reports), files written through <see cref="AtomicFile"/>,
/// collection errors and AWS errors. A secret is found in any encoding an echoing endpoint or a serializer may give
/// it: each character that is not a letter or digit may appear as itself, percent-encoded (once or twice, either hex
/// case), JSON-escaped (\uXXXX or \/), or as an XML/HTML character reference.
/// </summary>
public static class SecretRedactor
{
    public const string Mask = "[REDACTED]";

    /// <summary>Shorter values are not treated as secrets: masking them would garble ordinary text (real keys are 16+ characters).</summary>
    public const int MinimumLength = 8;

    private static readonly Lock Gate = new();
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal);
    private static Regex[] _patterns = [];

    /// <summary>Registers secrets; null, empty, short and already known values are ignored.</summary>
    public static void Register(params string?[] secrets)
    {
        lock (Gate)
        {
            var added = false;
            foreach (var secret in secrets)
                if (secret is { Length: >= MinimumLength } && Known.Add(secret))
                    added = true;
            if (!added) return;
            // Longest first, so a token containing a key is masked whole.
            _patterns = [.. Known.OrderByDescending(s => s.Length).Select(Pattern)];
        }
    }

    public static bool HasSecrets => Volatile.Read(ref _patterns).Length > 0;

    public static string Redact(string text)
    {
        var patterns = Volatile.Read(ref _patterns);
        if (patterns.Length == 0 || string.IsNullOrEmpty(text)) return text;
        foreach (var pattern in patterns)
            text = pattern.Replace(text, Mask);
        return text;
    }

    /// <summary>UTF-8 content, redacted; the same array when nothing was found.</summary>
    public static byte[] Redact(byte[] utf8)
    {
        if (!HasSecrets) return utf8;
        var text = Encoding.UTF8.GetString(utf8);
        var redacted = Redact(text);
        return ReferenceEquals(redacted, text) || redacted == text ? utf8 : Encoding.UTF8.GetBytes(redacted);
    }

    private static Regex Pattern(string secret)
    {
        var pattern = new StringBuilder();
        foreach (var c in secret)
            pattern.Append(char.IsAsciiLetterOrDigit(c) ? c.ToString() : Encodings(c));
        // Non-backtracking: linear in the text, so a hostile answer cannot make redaction slow.
        return new Regex(pattern.ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }

    private static string Encodings(char c)
    {
        var code = (int)c;
        var hex = code.ToString("X2", CultureInfo.InvariantCulture);
        var hexAnyCase = string.Concat(hex.Select(h => char.IsAsciiLetter(h) ? $"[{char.ToUpperInvariant(h)}{char.ToLowerInvariant(h)}]" : h.ToString()));
        var alternatives = new List<string>
        {
            Regex.Escape(c.ToString()),
            $"%(?:25)?{hexAnyCase}",                                       // percent-encoded, once or twice
            $"\\\\[uU]0{{0,2}}{hexAnyCase}",                               // JSON \u002B
            $"\\\\{Regex.Escape(c.ToString())}",                           // JSON \/ and other backslash escapes
            $"&#0*{code.ToString(CultureInfo.InvariantCulture)};",         // &#43;
            $"&#[xX]0*{hexAnyCase};",                                      // &#x2B;
        };
        if (c == '+') alternatives.Add(" "); // a form-decoded echo turns '+' into a space
        return $"(?:{string.Join('|', alternatives)})";
    }
}
