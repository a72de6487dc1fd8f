namespace PolicyEngine.Reporting.Asff;

/// <summary>
/// Security Hub's limits (botocore securityhub 2018-10-26 model documentation, and the BatchImportFindings guide).
/// Byte limits are taken in decimal units, the lower reading of "KB" and "MB", so a finding is never too large.
/// </summary>
public static class AsffLimits
{
    public const int FindingsPerBatch = 100;
    public const int MaxFindingBytes = 240 * 1000;
    public const int MaxBatchBytes = 6 * 1000 * 1000;
    public const int Id = 512, GeneratorId = 512, Title = 256, Description = 1024;
    public const int RecommendationText = 512, NoteText = 512;
    public const int ProductFieldCount = 50, ProductFieldKey = 128, ProductFieldValue = 2048;
    public const int Resources = 32, RelatedRequirements = 32, Types = 50;

    /// <summary>The model sets no maximum for AssociatedStandards; a rule maps to a handful, and this bounds a hostile rule pack.</summary>
    public const int AssociatedStandards = 20;

    /// <summary>
    /// Cuts text to at most <paramref name="max"/> characters, marking the cut, and never returns an empty or blank
    /// string (ASFF's NonEmptyString pattern <c>.*\S.*</c>): a blank value becomes <paramref name="fallback"/>.
    /// </summary>
    public static string Trim(string? text, int max, string fallback = "-")
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text)) return fallback;
        if (text.Length <= max) return text;
        var cut = max - 1;
        if (char.IsHighSurrogate(text[cut - 1])) cut--; // never split a surrogate pair
        return text[..cut].TrimEnd() + "…";
    }
}
