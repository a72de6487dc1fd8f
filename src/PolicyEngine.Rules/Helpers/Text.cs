using System.Text.RegularExpressions;

namespace PolicyEngine.Rules.Helpers;

/// <summary>Text matching for rule expressions. Regular expressions run with a timeout, since rule files are untrusted.</summary>
public static class Text
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Glob match, case-insensitive: '*' is any text, '?' one character. Matched without a regular expression, in
    /// at most (value length × pattern length) steps: a pattern from a configuration or a rule can neither
    /// backtrack exponentially nor time out, whatever the text it meets.
    /// </summary>
    public static bool Like(string? value, string pattern)
    {
        if (value is null) return false;
        int v = 0, p = 0, starP = -1, starV = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                // Remember the star and first let it match nothing; a later mismatch lets it take one more character.
                starP = p++;
                starV = v;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || SameLetter(pattern[p], value[v])))
            {
                p++;
                v++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                v = ++starV;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    private static bool SameLetter(char a, char b) => a == b || char.ToUpperInvariant(a) == char.ToUpperInvariant(b);

    public static bool Matches(string? value, string regex) =>
        value is not null && Regex.IsMatch(value, regex, RegexOptions.CultureInvariant, MatchTimeout);

    public static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);

    /// <summary>Lower-cases and removes whitespace, for comparing locations people typed ("Safe A" and "safe a").</summary>
    public static string Normalize(string? value) =>
        value is null ? "" : string.Concat(value.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();

    public static bool SameText(string? a, string? b) => Normalize(a) == Normalize(b);
}
