using System.Text.RegularExpressions;
using PolicyEngine.Policies;

namespace PolicyEngine.Rules.Helpers;

/// <summary>Text matching for rule expressions. Regular expressions run with a timeout, since rule files are untrusted.</summary>
public static class Text
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Glob match, case-insensitive: '*' is any text, '?' one character. The one matcher IAM policy evaluation uses
    /// too: no regular expression, at most (value length × pattern length) steps, so a pattern from a configuration
    /// or a rule can neither backtrack exponentially nor time out, whatever the text it meets.
    /// </summary>
    public static bool Like(string? value, string pattern) => value is not null && Wildcard.Matches(pattern, value);

    public static bool Matches(string? value, string regex) =>
        value is not null && Regex.IsMatch(value, regex, RegexOptions.CultureInvariant, MatchTimeout);

    public static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);

    /// <summary>Lower-cases and removes whitespace, for comparing locations people typed ("Safe A" and "safe a").</summary>
    public static string Normalize(string? value) =>
        value is null ? "" : string.Concat(value.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();

    public static bool SameText(string? a, string? b) => Normalize(a) == Normalize(b);
}
