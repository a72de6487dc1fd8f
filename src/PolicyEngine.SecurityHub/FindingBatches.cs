using PolicyEngine.Reporting.Asff;
namespace PolicyEngine.SecurityHub;

/// <summary>Splits findings into BatchImportFindings calls of at most 100 findings and 6 MB of request body.</summary>
public static class FindingBatches
{
    // {"Findings":[ ... ]} plus a comma between findings.
    private const int EnvelopeBytes = 16;

    public static IEnumerable<IReadOnlyList<AsffFinding>> Split(IEnumerable<AsffFinding> findings)
    {
        var batch = new List<AsffFinding>();
        var bytes = EnvelopeBytes;
        foreach (var finding in findings)
        {
            var size = AsffSize.Bytes(finding) + 1;
            if (batch.Count > 0 && (batch.Count == AsffLimits.FindingsPerBatch || bytes + size > AsffLimits.MaxBatchBytes))
            {
                yield return batch;
                batch = [];
                bytes = EnvelopeBytes;
            }
            batch.Add(finding);
            bytes += size;
        }
        if (batch.Count > 0) yield return batch;
    }
}
