using System.Text.Json;
using PolicyEngine.Reporting.Reporters;

namespace PolicyEngine.Reporting.Asff;

/// <summary>Keeps a finding within Security Hub's 240 KB: drops the evidence (and the evidence facts) first, and gives up (rather than send an invalid finding) if that is not enough.</summary>
public static class AsffSize
{
    public static int Bytes(AsffFinding finding) => JsonSerializer.SerializeToUtf8Bytes(finding, ReportJson.AsIs).Length;

    public static AsffFinding? Fit(AsffFinding finding)
    {
        if (Bytes(finding) <= AsffLimits.MaxFindingBytes) return finding;
        var lean = finding with
        {
            ProductFields = finding.ProductFields?.Where(f => f.Key != "PolicyEngine/Evidence" && f.Key != AsffFindingFactory.ResourceField
                                                            && !f.Key.StartsWith(AsffFindingFactory.FactFieldPrefix, StringComparison.Ordinal))
                .ToDictionary(f => f.Key, f => f.Value),
            Description = AsffLimits.Trim(finding.Description, 256),
            Resources = finding.Resources.Take(1).ToList(),
        };
        return Bytes(lean) <= AsffLimits.MaxFindingBytes ? lean : null;
    }
}
