using PolicyEngine.Core.Frameworks;
using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;
using PolicyEngine.Core.Text;

namespace PolicyEngine.Reporting;

/// <summary>
/// The usual shape of a reporter: build the whole text, then write it in one go (atomically for a file).
/// Built-in reporters derive from it; third-party ones may too, or implement <see cref="IReporter"/> directly.
/// A reporter of human-readable text renders a copy of the report whose every text field (from snapshots, rule
/// files, configuration, AWS) has its control characters escaped (<see cref="UntrustedText"/>), so no value can
/// forge a line or drive the terminal. A JSON format writes through <see cref="ReportTarget.WriteUtf8Async"/>
/// instead: its serializer escapes control characters itself, and the report streams into the file.
/// </summary>
public abstract class TextReporter : IReporter
{
    public abstract string Name { get; }

    public Task WriteAsync(EvaluationReport report, ReportTarget target, CancellationToken cancellationToken) =>
        target.WriteTextAsync(Render(Printable(report), target), cancellationToken);

    /// <summary>The complete report text; <paramref name="target"/> tells, for example, whether colour is allowed.</summary>
    protected abstract string Render(EvaluationReport report, ReportTarget target);

    /// <summary>The report with every text field escaped for printing; the same instance when nothing needs it (the usual case).</summary>
    public static EvaluationReport Printable(EvaluationReport report)
    {
        if (!report.Rules.Any(NeedsEscape) && !report.Results.Any(NeedsEscape) && !UntrustedText.HasUnsafe(report.ToolVersion)
            && !report.Frameworks.All.Any(NeedsEscape) && !UntrustedText.HasUnsafe(report.Framework)) return report;
        static string E(string text) => UntrustedText.Escape(text);
        static IReadOnlyList<string> All(IReadOnlyList<string> texts) => texts.Select(E).ToList();
        return report with
        {
            ToolVersion = E(report.ToolVersion),
            Rules = report.Rules.Select(r => r with
            {
                Id = E(r.Id), Title = E(r.Title), Category = E(r.Category), Recommendation = E(r.Recommendation),
                Rationale = E(r.Rationale), Remediation = E(r.Remediation), References = All(r.References), Tags = All(r.Tags),
                RelatedRequirements = All(r.RelatedRequirements), SubjectType = E(r.SubjectType),
                Mappings = r.Mappings.Select(m => new RequirementMapping(E(m.Framework), E(m.Version), E(m.RequirementId), E(m.Title), m.Url is null ? null : E(m.Url))).ToList(),
            }).ToList(),
            Frameworks = new FrameworkCatalog(report.Frameworks.All.Select(f => f with
            {
                Id = E(f.Id), Version = E(f.Version), Name = E(f.Name), Label = E(f.Label), Url = f.Url is null ? null : E(f.Url),
                Scope = f.Scope is null ? null : E(f.Scope), SecurityHubStandard = f.SecurityHubStandard is null ? null : E(f.SecurityHubStandard),
                Requirements = f.Requirements.Select(q => new Requirement(E(q.Id), E(q.Title), q.Url is null ? null : E(q.Url))).ToList(),
            }).ToList()),
            Framework = report.Framework is null ? null : E(report.Framework),
            Results = report.Results.Select(r => r with
            {
                RuleId = E(r.RuleId), Recommendation = E(r.Recommendation), AccountId = E(r.AccountId), Resource = E(r.Resource),
                Message = E(r.Message), Evidence = All(r.Evidence), UnknownReason = r.UnknownReason is null ? null : E(r.UnknownReason),
                Suppression = r.Suppression is { } s ? s with { Justification = E(s.Justification), Owner = s.Owner is null ? null : E(s.Owner) } : null,
                Facts = r.Facts.Select(f => f with
                {
                    Type = E(f.Type), AccountId = E(f.AccountId), ResourceId = E(f.ResourceId), Where = E(f.Where),
                    FailedCondition = f.FailedCondition is null ? null : E(f.FailedCondition),
                    Values = f.Values.ToDictionary(v => E(v.Key), v => E(v.Value)),
                }).ToList(),
            }).ToList(),
            SeverityOverrides = report.SeverityOverrides.GroupBy(o => E(o.Key)).ToDictionary(g => g.Key, g => g.First().Value),
        };
    }

    private static bool NeedsEscape(RuleDescriptor r) =>
        new[] { r.Id, r.Title, r.Category, r.Recommendation, r.Rationale, r.Remediation, r.SubjectType }
            .Concat(r.References).Concat(r.Tags).Concat(r.RelatedRequirements)
            .Concat(r.Mappings.SelectMany(m => new[] { m.Framework, m.Version, m.RequirementId, m.Title, m.Url })).Any(UntrustedText.HasUnsafe);

    private static bool NeedsEscape(Framework f) =>
        new[] { f.Id, f.Version, f.Name, f.Label, f.Url, f.Scope, f.SecurityHubStandard }
            .Concat(f.Requirements.SelectMany(q => new[] { q.Id, q.Title, q.Url })).Any(UntrustedText.HasUnsafe);

    private static bool NeedsEscape(RuleResult r) =>
        new[] { r.RuleId, r.Recommendation, r.AccountId, r.Resource, r.Message, r.UnknownReason, r.Suppression?.Justification, r.Suppression?.Owner }
            .Concat(r.Evidence)
            .Concat(r.Facts.SelectMany(f => new[] { f.Type, f.AccountId, f.ResourceId, f.Where, f.FailedCondition }.Concat(f.Values.Keys).Concat(f.Values.Values)))
            .Any(UntrustedText.HasUnsafe);
}
