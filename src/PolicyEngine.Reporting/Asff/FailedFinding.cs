namespace PolicyEngine.Reporting.Asff;

/// <summary>A finding that was not delivered, named by its ID and by the result it came from.</summary>
public sealed record FailedFinding(string Id, string? RuleId, string? AccountId, string? Resource, string ErrorCode, string ErrorMessage)
{
    public static FailedFinding Of(AsffFinding finding, string code, string message)
    {
        var fields = finding.ProductFields ?? new Dictionary<string, string>();
        return new FailedFinding(finding.Id, fields.GetValueOrDefault(AsffFindingFactory.RuleIdField),
            fields.GetValueOrDefault(AsffFindingFactory.AccountField), fields.GetValueOrDefault(AsffFindingFactory.ResourceField), code, message);
    }

    public override string ToString() => $"{RuleId ?? "?"} {AccountId ?? "?"} {Resource ?? Id}: {ErrorCode}: {ErrorMessage}";
}
