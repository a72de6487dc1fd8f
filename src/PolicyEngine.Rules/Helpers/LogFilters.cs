namespace PolicyEngine.Rules.Helpers;

/// <summary>Reads CloudWatch Logs metric filter patterns.</summary>
public static class LogFilters
{
    /// <summary>
    /// True when the filter pattern selects root user activity: it tests $.userIdentity.type = "Root". The CIS
    /// benchmark's exact filter also excludes AWS service events; filters that keep them still alert on root use.
    /// </summary>
    public static bool MatchesRootUsage(string? filterPattern)
    {
        if (string.IsNullOrWhiteSpace(filterPattern)) return false;
        var compact = string.Concat(filterPattern.Where(c => !char.IsWhiteSpace(c))).Replace('\'', '"');
        // '!=' cannot match here: the '!' would stand between "type" and "=".
        return compact.Contains("$.userIdentity.type=\"Root\"", StringComparison.Ordinal);
    }
}
