using System.Globalization;
using PolicyEngine.Core.Frameworks;
using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;

namespace PolicyEngine.Reporting.Asff;

/// <summary>
/// Turns one result into the ASFF finding Security Hub receives. Every text is cut to its limit, so a finding is
/// valid whatever the rule or the resource says. The same factory feeds the asff reporter and the publisher.
/// </summary>
public sealed class AsffFindingFactory(SecurityHubTarget target)
{
    public const string GeneratorPrefix = "policyengine/";
    public const string UpdatedBy = "PolicyEngine";

    /// <summary>ProductFields keys, read back to know which rule and account an existing finding is about.</summary>
    public const string RuleIdField = "PolicyEngine/RuleId", AccountField = "PolicyEngine/AccountId",
        ResourceField = "PolicyEngine/Resource", StatusField = "PolicyEngine/Status";

    public SecurityHubTarget Target => target;

    /// <summary>Stable across runs for the same (rule, account, resource), so a re-run updates instead of duplicating.</summary>
    public static string FindingId(RuleResult result) =>
        AsffLimits.Trim($"{GeneratorPrefix}{result.RuleId}/{result.AccountId}/{FindingKeys.Hash(result.Key)}", AsffLimits.Id);

    public static string GeneratorId(string ruleId) => AsffLimits.Trim(GeneratorPrefix + ruleId, AsffLimits.GeneratorId);

    /// <param name="createdAt">When Security Hub first saw the finding, or null for a new one (then CreatedAt = UpdatedAt).</param>
    /// <param name="frameworks">The run's frameworks: those published as Security Hub standards become Compliance.AssociatedStandards.</param>
    public AsffFinding Create(RuleResult result, RuleDescriptor? rule, string toolVersion, DateTimeOffset updatedAt, string? createdAt, FrameworkCatalog? frameworks = null)
    {
        var now = Asff.Timestamp(updatedAt);
        var failing = result.Status is ResultStatus.Fail or ResultStatus.Suppressed;
        // Passing and unknown findings are informational; the rule's own severity stays in Original.
        var label = failing ? Label(result.Severity) : "INFORMATIONAL";
        var requirements = rule?.RelatedRequirements.Take(AsffLimits.RelatedRequirements).ToList() ?? [];
        var standards = AssociatedStandards(rule, frameworks);
        return new AsffFinding
        {
            SchemaVersion = Asff.SchemaVersion,
            Id = FindingId(result),
            ProductArn = target.ProductArn,
            GeneratorId = GeneratorId(result.RuleId),
            AwsAccountId = target.AccountId,
            CompanyName = ToolInfo.Name,
            ProductName = ToolInfo.Name,
            CreatedAt = createdAt ?? now,
            UpdatedAt = now,
            FirstObservedAt = createdAt ?? now,
            LastObservedAt = now,
            Title = AsffLimits.Trim(rule?.Title ?? result.RuleId, AsffLimits.Title),
            Description = AsffLimits.Trim(Description(result), AsffLimits.Description),
            Remediation = new AsffRemediation(new AsffRecommendation(
                AsffLimits.Trim(rule?.Remediation, AsffLimits.RecommendationText, "See the rule's documentation."),
                rule?.HelpUri ?? rule?.Mappings.FirstOrDefault()?.Url)),
            ProductFields = ProductFields(result, toolVersion),
            Resources = Resources(result),
            Compliance = new AsffCompliance(
                result.Status switch { ResultStatus.Pass => Asff.Passed, ResultStatus.Unknown or ResultStatus.NotApplicable => Asff.NotAvailable, _ => Asff.Failed },
                requirements.Count > 0 ? requirements : null,
                standards.Count > 0 ? standards : null),
            // A subject the rule does not apply to leaves nothing to act on: archived, as Security Hub archives its own
            // control findings whose AWS Config evaluation was NOT_APPLICABLE.
            RecordState = result.Status is ResultStatus.Pass or ResultStatus.NotApplicable ? Asff.Archived : Asff.Active,
            // Workflow and Note are honoured only when a finding is created; later changes go through BatchUpdateFindings.
            Workflow = result.Suppression is null ? null : new AsffWorkflow(Asff.WorkflowSuppressed),
            Note = result.Suppression is { } s ? new AsffNote(SuppressionNote(s), UpdatedBy, now) : null,
            FindingProviderFields = new AsffFindingProviderFields(new AsffSeverity(label, result.Severity.ToName().ToUpperInvariant()), Types(requirements)),
        };
    }

    /// <summary>The Security Hub standards (StandardsId) of the frameworks the rule maps to, such as standards/cis-aws-foundations-benchmark/v/3.0.0.</summary>
    private static List<AsffAssociatedStandard> AssociatedStandards(RuleDescriptor? rule, FrameworkCatalog? frameworks) =>
        rule is null || frameworks is null
            ? []
            : rule.Mappings.Select(m => frameworks.Find(m.Framework, m.Version)?.SecurityHubStandard)
                .OfType<string>().Where(id => id.Trim().Length > 0).Distinct(StringComparer.Ordinal)
                .Take(AsffLimits.AssociatedStandards).Select(id => new AsffAssociatedStandard(id)).ToList();

    public static string Label(Severity severity) => severity switch
    {
        Severity.Critical => "CRITICAL",
        Severity.High => "HIGH",
        Severity.Medium => "MEDIUM",
        Severity.Low => "LOW",
        _ => "INFORMATIONAL",
    };

    public static string SuppressionNote(Suppression s) => AsffLimits.Trim(
        $"Suppressed: {s.Justification}" + (s.Owner is null ? "" : $" (owner {s.Owner})") +
        (s.Expires is null ? "" : $", expires {s.Expires.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"),
        AsffLimits.NoteText);

    private static string Description(RuleResult result)
    {
        var text = result.Message;
        if (result.UnknownReason is { Length: > 0 } reason) text += $" Unknown because: {reason}";
        if (result.Evidence.Count > 0) text += " Evidence: " + string.Join(", ", result.Evidence);
        return text;
    }

    private static IReadOnlyList<string> Types(IReadOnlyList<string> requirements) =>
        requirements.Any(r => r.StartsWith("CIS", StringComparison.OrdinalIgnoreCase))
            ? [Asff.BestPractices, Asff.CisBenchmark]
            : [Asff.BestPractices];

    private List<AsffResource> Resources(RuleResult result)
    {
        var resources = new List<AsffResource> { AsffResources.Subject(result.Resource, target) };
        // AwsAccountId is the publishing account, so the account the result is about is named here.
        if (!AsffResources.IsAccount(result.Resource, result.AccountId))
            resources.Add(AsffResources.Account(result.AccountId, target));
        return resources;
    }

    /// <summary>The prefix of the product fields that carry a result's evidence facts (PolicyEngine/Fact/01, ...).</summary>
    public const string FactFieldPrefix = "PolicyEngine/Fact/";

    /// <summary>Product fields left for Security Hub's own aws/ fields (three) and the resource-gone field of an archived finding.</summary>
    private const int ReservedProductFields = 4;

    private static Dictionary<string, string> ProductFields(RuleResult result, string toolVersion)
    {
        var fields = new Dictionary<string, string>
        {
            [RuleIdField] = result.RuleId,
            [AccountField] = result.AccountId,
            [ResourceField] = result.Resource,
            [StatusField] = result.Status.ToName(),
            ["PolicyEngine/Recommendation"] = result.Recommendation,
            ["PolicyEngine/ToolVersion"] = toolVersion,
        };
        if (result.Evidence.Count > 0) fields["PolicyEngine/Evidence"] = string.Join("\n", result.Evidence);
        if (result.UnknownReason is { Length: > 0 } reason) fields["PolicyEngine/UnknownReason"] = reason;
        // One field per evidence fact, as many as fit under Security Hub's 50 pairs with room for the aws/ fields it
        // adds itself and the field a finding gets when its subject is gone.
        var room = AsffLimits.ProductFieldCount - ReservedProductFields - fields.Count;
        foreach (var (fact, index) in result.Facts.Take(Math.Max(0, room)).Select((f, i) => (f, i + 1)))
            fields[FactFieldPrefix + index.ToString("00", CultureInfo.InvariantCulture)] = fact.Describe();
        return fields.ToDictionary(f => AsffLimits.Trim(f.Key, AsffLimits.ProductFieldKey), f => AsffLimits.Trim(f.Value, AsffLimits.ProductFieldValue));
    }
}
