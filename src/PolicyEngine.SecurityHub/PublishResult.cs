using PolicyEngine.Reporting.Asff;
namespace PolicyEngine.SecurityHub;

/// <summary>
/// What a publish did. <see cref="Failed"/> names every finding that could not be delivered (after retries), so the
/// caller can report them and exit non-zero; nothing is dropped silently.
/// </summary>
public sealed record PublishResult(
    IReadOnlyList<string> Delivered,
    IReadOnlyList<string> Archived,
    IReadOnlyList<FailedFinding> Failed,
    int ExistingFindings,
    int Requests,
    string? DryRunPath)
{
    public bool Succeeded => Failed.Count == 0;
}
