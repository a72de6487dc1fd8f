namespace PolicyEngine.Rules.Helpers;

/// <summary>List membership for rule expressions, case-insensitive as AWS names and e-mail domains are usually compared.</summary>
public static class Lists
{
    public static bool Contains(IEnumerable<string>? list, string? value) =>
        value is not null && list is not null && list.Any(item => string.Equals(item, value, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when the value matches any of the patterns, where '*' stands for any text (an ARN allow-list, say).</summary>
    public static bool MatchesAny(IEnumerable<string>? patterns, string? value) =>
        value is not null && patterns is not null && patterns.Any(pattern => Text.Like(value, pattern));

    /// <summary>The items of <paramref name="required"/> that <paramref name="present"/> lacks, in the required order.</summary>
    public static IReadOnlyList<string> Missing(IEnumerable<string> required, IEnumerable<string>? present)
    {
        var have = new HashSet<string>(present ?? [], StringComparer.OrdinalIgnoreCase);
        return required.Where(item => !have.Contains(item)).ToList();
    }

    public static string Join(IEnumerable<string>? items) => items is null ? "" : string.Join(", ", items);

    public static int Count(IEnumerable<string>? items) => items?.Count() ?? 0;
}
