namespace PolicyEngine.Policies;

/// <summary>
/// IAM's wildcard matching: '*' is any run of characters, '?' one character, case-insensitive (as IAM compares action
/// names and ARN-like condition values). Greedy with one backtrack point, so it runs in linear-times-pattern time
/// whatever a policy contains; no regular expressions are built from untrusted text.
/// </summary>
public static class Wildcard
{
    public static bool Matches(string pattern, string value, bool ignoreCase = true)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        int p = 0, v = 0, star = -1, resume = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || string.Compare(pattern, p, value, v, 1, comparison) == 0) && pattern[p] != '*')
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    public static bool HasWildcard(string pattern) => pattern.AsSpan().IndexOfAny('*', '?') >= 0;
}
