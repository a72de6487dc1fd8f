namespace PolicyEngine.Core.Rules;

/// <summary>How serious a failing result is. Ordered so that comparisons read naturally (Critical is the highest).</summary>
public enum Severity
{
    Info = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}

public static class SeverityNames
{
    public static readonly IReadOnlyList<string> All = ["critical", "high", "medium", "low", "info"];

    public static string ToName(this Severity severity) => severity.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out Severity severity)
    {
        severity = default;
        return text is not null && All.Contains(text) && Enum.TryParse(text, ignoreCase: true, out severity);
    }
}
