using System.Text.Json;
using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;

namespace PolicyEngine.Reporting.Reporters;

/// <summary>A JSON report that cannot be read back: missing, malformed or of another schema version.</summary>
public sealed class JsonReportException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Reads a report written by <see cref="JsonReporter"/>, for example as the baseline of a later run.</summary>
public static class JsonReportReader
{
    public static IReadOnlyList<RuleResult> Read(string path) => ReadDocument(path).Results.Select(r => ToResult(r, path)).ToList();

    public static JsonReportDocument ReadDocument(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var document = JsonSerializer.Deserialize<JsonReportDocument>(stream, ReportJson.CamelCase)
                ?? throw new JsonReportException($"{path}: the report is empty.");
            if (document.SchemaVersion != JsonReportDocument.CurrentSchemaVersion)
                throw new JsonReportException(
                    $"{path}: schemaVersion {document.SchemaVersion} is not supported; this version reads schemaVersion {JsonReportDocument.CurrentSchemaVersion}.");
            if (document.Results is null)
                throw new JsonReportException($"{path}: the report has no results array.");
            return document;
        }
        catch (JsonException e)
        {
            throw new JsonReportException($"{path}({e.LineNumber + 1},{e.BytePositionInLine + 1}): not a JSON report: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new JsonReportException($"{path}: cannot read the report: {e.Message}", e);
        }
    }

    private static RuleResult ToResult(JsonReportResult r, string path)
    {
        if (string.IsNullOrEmpty(r.RuleId) || r.AccountId is null || r.Resource is null)
            throw new JsonReportException($"{path}: a result lacks ruleId, accountId or resource.");
        if (!SeverityNames.TryParse(r.Severity, out var severity))
            throw new JsonReportException($"{path}: result {r.RuleId} has an unknown severity '{r.Severity}'.");
        return new RuleResult
        {
            RuleId = r.RuleId,
            Recommendation = r.Recommendation ?? "",
            Status = r.Status,
            Severity = severity,
            AccountId = r.AccountId,
            Resource = r.Resource,
            Message = r.Message ?? "",
            Evidence = r.Evidence ?? [],
            UnknownReason = r.UnknownReason,
            Suppression = r.Suppression is { } s ? new Suppression(s.Justification, s.Owner, s.Expires) : null,
            Baseline = r.Baseline,
        };
    }
}
