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

    /// <summary>
    /// The whole run back from a JSON report (rules, results, time, version, severity overrides), for example to
    /// publish an earlier run's results to Security Hub. Rule fields the format does not keep (parameters, fact
    /// types, source path) are empty.
    /// </summary>
    public static EvaluationReport ReadReport(string path)
    {
        var document = ReadDocument(path);
        var rules = (document.Rules ?? []).Select(r => ToRule(r, path)).ToList();
        return new EvaluationReport
        {
            Rules = rules.Select(r => r.Rule).ToList(),
            Results = document.Results.Select(r => ToResult(r, path)).ToList(),
            EvaluatedAt = document.EvaluatedAt,
            ToolVersion = document.Tool?.Version ?? "0.0.0",
            SeverityOverrides = rules.Where(r => r.Effective != r.Rule.DefaultSeverity).ToDictionary(r => r.Rule.Id, r => r.Effective),
            Frameworks = new Core.Frameworks.FrameworkCatalog((document.Frameworks ?? []).Where(f => !string.IsNullOrEmpty(f.Id) && !string.IsNullOrEmpty(f.Version))
                .Select(f => f.ToFramework()).ToList()),
            Framework = document.Compliance is { Framework: { Length: > 0 } id, Version: { Length: > 0 } version } ? $"{id}@{version}" : null,
        };
    }

    /// <summary>The largest report read back: far above the largest organization's results, far below what would exhaust memory.</summary>
    public const long MaxFileBytes = 512L << 20;

    /// <exception cref="Core.Files.InputFileException">The path is not a regular file that may be read.</exception>
    public static JsonReportDocument ReadDocument(string path)
    {
        var bytes = Core.Files.InputFile.ReadBytes(path, MaxFileBytes);
        if (Core.Files.UntrustedJson.FindNullListItem(bytes) is { } spot)
            throw new JsonReportException($"{path}({spot.Line},{spot.Column}): not a JSON report: the list item at {spot.Path} is null.");
        try
        {
            var document = JsonSerializer.Deserialize<JsonReportDocument>(bytes, ReportJson.CamelCaseReading)
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
            throw new JsonReportException($"{path}({e.LineNumber + 1},{e.BytePositionInLine + 1}): not a JSON report at {e.Path}: {Core.Files.UntrustedJson.Explain(e)}", e);
        }
    }

    private static (RuleDescriptor Rule, Severity Effective) ToRule(JsonReportRule r, string path)
    {
        if (string.IsNullOrEmpty(r.Id)) throw new JsonReportException($"{path}: a rule lacks its id.");
        var rule = new RuleDescriptor
        {
            Id = r.Id,
            Title = r.Title ?? r.Id,
            DefaultSeverity = Severity(r.DefaultSeverity, $"rule {r.Id}", path),
            Category = r.Category ?? "",
            Recommendation = r.Recommendation ?? "",
            Rationale = r.Rationale ?? "",
            Remediation = r.Remediation ?? "",
            References = r.References ?? [],
            Tags = r.Tags ?? [],
            RelatedRequirements = r.RelatedRequirements ?? [],
            Mappings = (r.Mappings ?? []).Where(m => m is { Framework: not null, Version: not null, Requirement: not null })
                .Select(m => new Core.Frameworks.RequirementMapping(m.Framework, m.Version, m.Requirement, m.Title ?? m.Requirement, m.Url)).ToList(),
            SubjectType = "",
        };
        return (rule, Severity(r.Severity, $"rule {r.Id}", path));
    }

    private static Severity Severity(string? text, string what, string path) =>
        SeverityNames.TryParse(text, out var severity) ? severity : throw new JsonReportException($"{path}: {what} has an unknown severity '{text}'.");

    private static RuleResult ToResult(JsonReportResult r, string path)
    {
        if (string.IsNullOrEmpty(r.RuleId) || r.AccountId is null || r.Resource is null)
            throw new JsonReportException($"{path}: a result lacks ruleId, accountId or resource.");
        var severity = Severity(r.Severity, $"result {r.RuleId}", path);
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
            Facts = r.Facts ?? [],
        };
    }
}
