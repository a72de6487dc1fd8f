using NRules.RuleModel;
using PolicyEngine.Core.Rules;
using PolicyEngine.Rules.Binding;

namespace PolicyEngine.Rules;

/// <summary>
/// A rule ready to run: its descriptor and two NRules definitions. The subject definition matches every subject the
/// rule judges; the violation definition matches the subjects that fail. A subject seen by the first and not the
/// second passes, unless data it needs is missing. Each definition carries its rule ID and role as NRules rule
/// properties (<see cref="RuleIdentity"/>).
/// </summary>
public sealed class CompiledRule
{
    public required RuleDescriptor Descriptor { get; init; }

    /// <summary>The severity its results carry: the descriptor's default unless <see cref="CompileOptions.Severities"/> says otherwise.</summary>
    public required Severity Severity { get; init; }

    /// <summary>The severity options turned the rule off; <see cref="RuleSet.TurnedOff"/> holds it, and it does not run.</summary>
    public bool IsTurnedOff { get; init; }

    public required IRuleDefinition Violation { get; init; }
    public required IRuleDefinition Subject { get; init; }
    public required string SubjectAlias { get; init; }
    public required MessageTemplate Message { get; init; }
    public MessageTemplate? PassMessage { get; init; }

    /// <summary>The rule's 'evidence' part, when it has one: each match adds its rendered <see cref="EvidenceNote"/> to the subject's result.</summary>
    public IRuleDefinition? Evidence { get; init; }

    public MessageTemplate? EvidenceNote { get; init; }

    /// <summary>The rule's 'notApplicable' part, when it has one: a subject it matches is reported not applicable with <see cref="NotApplicableMessage"/>.</summary>
    public IRuleDefinition? NotApplicable { get; init; }

    public MessageTemplate? NotApplicableMessage { get; init; }

    /// <summary>Every NRules definition the rule runs as.</summary>
    public IEnumerable<IRuleDefinition> Definitions =>
        new[] { Violation, Subject, Evidence, NotApplicable }.OfType<IRuleDefinition>();

    /// <summary>Every message template the rule renders.</summary>
    public IEnumerable<MessageTemplate> Messages =>
        new[] { Message, PassMessage, EvidenceNote, NotApplicableMessage }.OfType<MessageTemplate>();

    /// <summary>Subject is organization-wide (the organization itself): judged once, not once per account.</summary>
    public required bool IsOrganizationRule { get; init; }

    /// <summary>The rule fails on an absence (not, collect): missing data could fake a failure, so it yields unknown instead.</summary>
    public required bool DependsOnAbsence { get; init; }

    /// <summary>
    /// The fact types whose absence the violation tests; null means every type the rule reads. Only missing data of
    /// these types turns a violation into unknown: a workload found is real even if another region could not be read.
    /// </summary>
    public IReadOnlySet<string>? AbsenceFactTypes { get; init; }

    /// <summary>
    /// The violation is only absences (every element of 'when' is a 'not' group, or a 'collect' without 'having' that
    /// only gathers facts for the message): a pass means evidence was found,
    /// and data that could not be collected can only add evidence, so the pass stands despite collection errors.
    /// </summary>
    public required bool PassIsConclusive { get; init; }

    /// <summary>The match part as written, with each condition's bound expression: what explain, coverage and evidence re-evaluate.</summary>
    public required Tracing.MatchPlan Plan { get; init; }

    public string Id => Descriptor.Id;
}
