using System.Text.Json.Serialization;
using PolicyEngine.Core.Results;

namespace PolicyEngine.Reporting.Reporters;

// The subset of SARIF 2.1.0 this tool writes, shaped after Roslyn's SarifV2ErrorLogger. Nulls are omitted.
internal sealed record SarifLog(
    [property: JsonPropertyName("$schema")] string Schema,
    string Version,
    IReadOnlyList<SarifRun> Runs);

internal sealed record SarifRun(
    IReadOnlyList<SarifResult> Results,
    SarifTool Tool,
    IReadOnlyList<SarifInvocation>? Invocations,
    string ColumnKind,
    IReadOnlyList<SarifTaxonomy>? Taxonomies = null);

/// <summary>A framework as a SARIF taxonomy (§3.19.3, toolComponent): its requirements are the taxa.</summary>
internal sealed record SarifTaxonomy(
    string Name,
    string Version,
    string FullName,
    string? InformationUri,
    SarifText? ShortDescription,
    IReadOnlyList<SarifTaxon> Taxa);

internal sealed record SarifTaxon(string Id, string Name, SarifText ShortDescription, string? HelpUri);

/// <summary>A rule's link to a requirement (§3.52, reportingDescriptorRelationship).</summary>
internal sealed record SarifRelationship(SarifTaxonReference Target, IReadOnlyList<string> Kinds);

internal sealed record SarifTaxonReference(string Id, int Index, SarifComponentReference ToolComponent);

internal sealed record SarifComponentReference(string Name, int Index);

internal sealed record SarifTool(SarifDriver Driver);

internal sealed record SarifDriver(
    string Name,
    string Version,
    string? DottedQuadFileVersion,
    string SemanticVersion,
    string InformationUri,
    string Language,
    IReadOnlyList<SarifRule> Rules,
    IReadOnlyList<SarifComponentReference>? SupportedTaxonomies = null);

internal sealed record SarifRule(
    string Id,
    SarifText ShortDescription,
    SarifText FullDescription,
    SarifText Help,
    string HelpUri,
    SarifConfiguration? DefaultConfiguration,
    SarifRuleProperties Properties,
    IReadOnlyList<SarifRelationship>? Relationships = null);

internal sealed record SarifRuleProperties(
    string Category,
    string Recommendation,
    string Severity,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string>? RelatedRequirements,
    bool IsEverSuppressed,
    IReadOnlyList<string> SuppressionKinds);

internal sealed record SarifText(string Text);

internal sealed record SarifConfiguration(string Level);

internal sealed record SarifInvocation(bool ExecutionSuccessful, IReadOnlyList<SarifOverride>? RuleConfigurationOverrides);

internal sealed record SarifOverride(SarifDescriptorReference Descriptor, SarifConfiguration Configuration);

internal sealed record SarifDescriptorReference(string Id, int Index);

internal sealed record SarifResult(
    string RuleId,
    int RuleIndex,
    string? Kind,
    string Level,
    SarifText Message,
    IReadOnlyList<SarifLocation> Locations,
    IReadOnlyList<SarifSuppression>? Suppressions,
    string? BaselineState,
    IReadOnlyDictionary<string, string> PartialFingerprints,
    SarifResultProperties Properties);

internal sealed record SarifLocation(IReadOnlyList<SarifLogicalLocation> LogicalLocations);

internal sealed record SarifLogicalLocation(string Name, string FullyQualifiedName, string Kind);

internal sealed record SarifSuppression(string Kind, string Status, string Justification, SarifSuppressionProperties Properties);

internal sealed record SarifSuppressionProperties(string? Owner, string? Expires);

internal sealed record SarifResultProperties(
    string Recommendation,
    string Severity,
    string AccountId,
    string Resource,
    IReadOnlyList<string>? Evidence,
    string? UnknownReason,
    IReadOnlyList<EvidenceFact>? Facts = null);
