using System.Globalization;
using PolicyEngine.Core.Frameworks;
using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;

namespace PolicyEngine.Reporting.Reporters;

/// <summary>
/// SARIF 2.1.0 the way Roslyn writes it (-errorlog): rules from the descriptors, results with ruleIndex and level,
/// suppressions with their justification. AWS subjects have no file, so results carry logical locations
/// (the account and the resource ARN) instead of physical ones.
/// Options: includePassed (default false) also writes passing results, with kind "pass", and not-applicable ones, with kind "notApplicable".
/// </summary>
public sealed class SarifReporter(ReporterOptions options) : IReporter
{
    public const string SchemaUri = "http://json.schemastore.org/sarif-2.1.0";

    private readonly bool _includePassed = options.GetBool("includePassed", false);

    public SarifReporter() : this(ReporterOptions.Empty) { }

    public string Name => "sarif";

    /// <summary>Streamed into the target, as the JSON report is (<see cref="ReportJson.WriteAsync"/>).</summary>
    public Task WriteAsync(EvaluationReport report, ReportTarget target, CancellationToken cancellationToken) =>
        ReportJson.WriteAsync(target, Build(report), ReportJson.CamelCaseOmitNull, cancellationToken);

    internal SarifLog Build(EvaluationReport report)
    {
        var view = new ReportView(report);
        var rules = report.Rules.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var index = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var suppressedRules = report.Results.Where(r => r.Suppression is not null).Select(r => r.RuleId).ToHashSet(StringComparer.Ordinal);

        var results = report.Results
            .Where(r => _includePassed || r.Status is not (ResultStatus.Pass or ResultStatus.NotApplicable))
            .Where(r => index.ContainsKey(r.RuleId))
            .Select(r => ToResult(r, index[r.RuleId]))
            .ToList();

        // Each framework a rule maps to is a taxonomy; the rules point at its requirements through relationships.
        var frameworks = report.Frameworks.All
            .Where(f => rules.Any(r => r.Mappings.Any(m => m.Framework == f.Id && m.Version == f.Version)))
            .OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
        var taxonomies = frameworks.Select(ToTaxonomy).ToList();
        var driver = new SarifDriver(
            ToolInfo.Name, report.ToolVersion, DottedQuad(report.ToolVersion), report.ToolVersion,
            ToolInfo.RepositoryUrl, "en-US",
            rules.Select(r => ToRule(r, suppressedRules.Contains(r.Id), frameworks)).ToList(),
            taxonomies.Count > 0 ? taxonomies.Select((t, i) => new SarifComponentReference(t.Name, i)).ToList() : null);

        var overrides = rules
            .Where(r => view.EffectiveSeverity(r) != r.DefaultSeverity)
            .Select(r => new SarifOverride(new SarifDescriptorReference(r.Id, index[r.Id]), new SarifConfiguration(Level(view.EffectiveSeverity(r)))))
            .ToList();
        // Roslyn writes invocations only when configuration changed a rule's severity.
        var invocations = overrides.Count > 0 ? new[] { new SarifInvocation(true, overrides) } : null;

        return new SarifLog(SchemaUri, "2.1.0",
            [new SarifRun(results, new SarifTool(driver), invocations, "utf16CodeUnits", taxonomies.Count > 0 ? taxonomies : null)]);
    }

    private static SarifTaxonomy ToTaxonomy(Framework framework) => new(
        framework.Label, framework.Version, framework.Name, framework.Url,
        framework.Scope is null ? null : new SarifText(framework.Scope),
        framework.Requirements.Select(r => new SarifTaxon(r.Id, r.Title, new SarifText(r.Title), r.Url)).ToList());

    private static List<SarifRelationship>? Relationships(RuleDescriptor rule, IReadOnlyList<Framework> frameworks)
    {
        var relationships = new List<SarifRelationship>();
        foreach (var mapping in rule.Mappings)
        {
            var component = frameworks.Select((f, i) => (f, i)).FirstOrDefault(x => x.f.Id == mapping.Framework && x.f.Version == mapping.Version);
            var taxon = component.f?.IndexOf(mapping.RequirementId) ?? -1;
            // "relevant" (SARIF §3.53.3): the rule checks the requirement, or part of it.
            if (taxon >= 0)
                relationships.Add(new SarifRelationship(new SarifTaxonReference(mapping.RequirementId, taxon, new SarifComponentReference(component.f!.Label, component.i)), ["relevant"]));
        }
        return relationships.Count > 0 ? relationships : null;
    }

    /// <summary>SARIF has three problem levels; critical and high are errors, medium a warning, the rest notes.</summary>
    public static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    private static SarifRule ToRule(RuleDescriptor rule, bool everSuppressed, IReadOnlyList<Framework> frameworks) => new(
        rule.Id,
        new SarifText(rule.Title),
        new SarifText(rule.Rationale),
        new SarifText(rule.Remediation),
        rule.HelpUri,
        // As Roslyn: the default configuration is written only when it is not SARIF's default, "warning".
        Level(rule.DefaultSeverity) == "warning" ? null : new SarifConfiguration(Level(rule.DefaultSeverity)),
        new SarifRuleProperties(
            rule.Category, rule.Recommendation, rule.DefaultSeverity.ToName(), rule.Tags,
            rule.RelatedRequirements.Count > 0 ? rule.RelatedRequirements : null,
            everSuppressed, ["external"]),
        Relationships(rule, frameworks));

    private static SarifResult ToResult(RuleResult result, int ruleIndex)
    {
        // SARIF §3.27.9: a result that is not a failure has level "none" and says what it is in kind.
        var (kind, level) = result.Status switch
        {
            ResultStatus.Pass => ("pass", "none"),
            ResultStatus.Unknown => ("open", "none"),
            ResultStatus.NotApplicable => ("notApplicable", "none"),
            _ => ((string?)null, Level(result.Severity)),
        };
        var suppressions = result.Suppression is { } s
            ? new[] { new SarifSuppression("external", "accepted", s.Justification, new SarifSuppressionProperties(s.Owner, s.Expires?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))) }
            : null;
        var message = result.UnknownReason is { Length: > 0 } reason ? $"{result.Message} ({reason})" : result.Message;
        return new SarifResult(
            result.RuleId, ruleIndex, kind, level, new SarifText(message),
            [new SarifLocation([
                new SarifLogicalLocation(result.AccountId, result.AccountId, "namespace"),
                new SarifLogicalLocation(ShortName(result.Resource), result.Resource, "resource"),
            ])],
            suppressions,
            BaselineState(result.Baseline),
            new Dictionary<string, string> { ["policyEngineKey/v1"] = FindingKeys.Hash(result.Key) },
            new SarifResultProperties(
                result.Recommendation, result.Severity.ToName(), result.AccountId, result.Resource,
                result.Evidence.Count > 0 ? result.Evidence : null, result.UnknownReason, result.Facts.Count > 0 ? result.Facts : null));
    }

    private static string? BaselineState(BaselineState? state) => state switch
    {
        Core.Results.BaselineState.New => "new",
        Core.Results.BaselineState.Unchanged => "unchanged",
        Core.Results.BaselineState.Resolved => "absent",
        _ => null,
    };

    /// <summary>The last segment of an ARN (after '/' or ':'), which is what people call the resource.</summary>
    private static string ShortName(string resource)
    {
        var cut = resource.LastIndexOfAny(['/', ':']);
        return cut >= 0 && cut < resource.Length - 1 ? resource[(cut + 1)..] : resource;
    }

    private static string? DottedQuad(string version)
    {
        var core = version.Split('-', '+')[0];
        if (!Version.TryParse(core, out var parsed)) return null;
        return $"{parsed.Major}.{Math.Max(parsed.Minor, 0)}.{Math.Max(parsed.Build, 0)}.{Math.Max(parsed.Revision, 0)}";
    }
}
