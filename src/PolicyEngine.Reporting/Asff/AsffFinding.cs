namespace PolicyEngine.Reporting.Asff;

// The AWS Security Finding Format members this tool sends and reads back (botocore securityhub 2018-10-26,
// shape AwsSecurityFinding). Names are ASFF's own; null members are not sent. Timestamps stay strings so a
// CreatedAt read back from Security Hub is re-sent exactly as it was.

public sealed record AsffFinding
{
    public required string SchemaVersion { get; init; }
    public required string Id { get; init; }
    public required string ProductArn { get; init; }
    public required string GeneratorId { get; init; }
    public required string AwsAccountId { get; init; }
    public string? CompanyName { get; init; }
    public string? ProductName { get; init; }
    public required string CreatedAt { get; init; }
    public required string UpdatedAt { get; init; }
    public string? FirstObservedAt { get; init; }
    public string? LastObservedAt { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public AsffRemediation? Remediation { get; init; }
    public IReadOnlyDictionary<string, string>? ProductFields { get; init; }
    public required IReadOnlyList<AsffResource> Resources { get; init; }
    public AsffCompliance? Compliance { get; init; }
    public AsffWorkflow? Workflow { get; init; }
    public string? RecordState { get; init; }
    public AsffNote? Note { get; init; }
    public AsffFindingProviderFields? FindingProviderFields { get; init; }

    /// <summary>Only read back: Security Hub fills it from FindingProviderFields on creation.</summary>
    public AsffSeverity? Severity { get; init; }
}

public sealed record AsffSeverity(string Label, string? Original = null);

public sealed record AsffFindingProviderFields(AsffSeverity? Severity, IReadOnlyList<string>? Types);

public sealed record AsffRemediation(AsffRecommendation Recommendation);

public sealed record AsffRecommendation(string? Text, string? Url);

public sealed record AsffResource(string Type, string Id, string? Partition, string? Region);

public sealed record AsffCompliance(string Status, IReadOnlyList<string>? RelatedRequirements = null, IReadOnlyList<AsffAssociatedStandard>? AssociatedStandards = null);

/// <summary>A Security Hub standard the finding's control belongs to: the resource part of the standard's ARN.</summary>
public sealed record AsffAssociatedStandard(string StandardsId);

public sealed record AsffWorkflow(string Status);

public sealed record AsffNote(string Text, string UpdatedBy, string UpdatedAt);

/// <summary>ASFF's enumerations, as the model spells them.</summary>
public static class Asff
{
    public const string SchemaVersion = "2018-10-08";
    public const string Active = "ACTIVE", Archived = "ARCHIVED";
    public const string Passed = "PASSED", Failed = "FAILED", NotAvailable = "NOT_AVAILABLE";
    public const string WorkflowNew = "NEW", WorkflowSuppressed = "SUPPRESSED";
    public const string BestPractices = "Software and Configuration Checks/AWS Security Best Practices";
    public const string CisBenchmark = "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark";

    /// <summary>How ASFF and Security Hub's request and response bodies are written and read: member names as declared, nulls left out.</summary>
    public static System.Text.Json.JsonSerializerOptions Json => PolicyEngine.Reporting.Reporters.ReportJson.AsIs;

    /// <summary>RFC 3339 in UTC with milliseconds, as Security Hub writes its own timestamps.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
