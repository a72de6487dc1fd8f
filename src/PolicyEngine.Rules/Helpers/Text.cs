using System.Text.RegularExpressions;

namespace PolicyEngine.Rules.Helpers;

/// <summary>Text matching for rule expressions. Regular expressions run with a timeout, since rule files are untrusted.</summary>
public static class Text
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Glob match, case-insensitive: '*' is any text, '?' one character.</summary>
    public static bool Like(string? value, string pattern)
    {
        if (value is null) return false;
        var regex = "^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$";
        return Regex.IsMatch(value, regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);
    }

    public static bool Matches(string? value, string regex) =>
        value is not null && Regex.IsMatch(value, regex, RegexOptions.CultureInvariant, MatchTimeout);

    public static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);

    /// <summary>Lower-cases and removes whitespace, for comparing locations people typed ("Safe A" and "safe a").</summary>
    public static string Normalize(string? value) =>
        value is null ? "" : string.Concat(value.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();

    public static bool SameText(string? a, string? b) => Normalize(a) == Normalize(b);
}
