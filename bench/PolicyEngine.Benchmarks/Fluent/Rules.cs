using NRules.Fluent.Dsl;
using PolicyEngine.Core.Facts;
using PolicyEngine.Rules.Helpers;

namespace PolicyEngine.Benchmarks.Fluent;

// The shipped YAML rules written by hand with NRules.Fluent: the same patterns and conditions, the same aliases
// (so Evaluator can render the YAML messages from their matches), and Then() actions that record results directly
// (used by FluentHarness; Evaluator intercepts actions and never runs them). Each rule is a pair, as YAML rules
// compile to: the violation (named by the rule ID) and its subject (ID#subject); FluentHarness tags each with the
// rule ID and role that compiled YAML rules carry as NRules rule properties.

/// <summary>The rules written here, with what the harness needs to know about each.</summary>
public static class HandWrittenRules
{
    public static readonly IReadOnlyList<HandWrittenRule> All =
    [
        new("MA0401", typeof(MA0401), typeof(MA0401Subject), nameof(Account), [nameof(Account), nameof(RootCredential)], DependsOnAbsence: true,
            PassIsConclusive: true),
        new("MA0203", typeof(MA0203), typeof(MA0203Subject), nameof(Account), [nameof(Account), nameof(RootEmailAttestation)], DependsOnAbsence: true),
        new("MA0101", typeof(MA0101), typeof(MA0101Subject), nameof(Account), [nameof(Account), nameof(WorkloadResource)], DependsOnAbsence: false),
        new("MA0502", typeof(MA0502), typeof(MA0502Subject), nameof(Account), [nameof(Account), nameof(AlternateContact)], DependsOnAbsence: true),
        new("MA0103", typeof(MA0103), typeof(MA0103Subject), nameof(TrustedService), [nameof(DelegatedAdministrator), nameof(TrustedService)],
            DependsOnAbsence: true, IsOrganizationRule: true),
    ];

    /// <summary>The evaluation date the YAML rules see as now/today (the synthetic snapshots' collection date).</summary>
    public static readonly DateOnly Today = DateOnly.FromDateTime(SyntheticOrganization.CollectedAt.UtcDateTime);
}

// ---- MA0401 root-mfa-not-enabled: not exists ----

[Name("MA0401")]
public class MA0401 : Rule
{
    public override void Define()
    {
        Account account = null!;
        When()
            .Match(() => account, a => a.IsManagement)
            .Not<RootCredential>(credential => credential.AccountId == account.Id, credential => credential.MfaActive || credential.HasNoCredentials);
        Then()
            .Do(ctx => FluentSink.Fail("MA0401", account, "The root user of management account " + account.Name + " (" + account.Id + ") has no MFA device."));
    }
}

[Name("MA0401#subject")]
public class MA0401Subject : Rule
{
    public override void Define()
    {
        Account account = null!;
        When().Match(() => account, a => a.IsManagement);
        Then().Do(ctx => FluentSink.Subject("MA0401", account,
            "The root user of management account " + account.Name + " (" + account.Id + ") is protected by MFA or has no credentials."));
    }
}

// ---- MA0203 root-email-not-attested-as-distribution-list: collect + aggregate condition, parameters, date helper ----

[Name("MA0203")]
public class MA0203 : Rule
{
    private const int MinimumSeniorManagers = 2;
    private const int MaxAttestationAgeDays = 365;

    public override void Define()
    {
        Account account = null!;
        IEnumerable<RootEmailAttestation> attestations = null!;
        When()
            .Match(() => account, a => a.IsManagement)
            .Query(() => attestations, q => q
                .Match<RootEmailAttestation>(attestation => attestation.AccountId == account.Id)
                .Collect()
                .Where(c => !c.Any(a => a.IsDistributionList && a.SeniorManagerRecipients >= MinimumSeniorManagers
                    && Dates.Current(a.AttestedOn, MaxAttestationAgeDays, HandWrittenRules.Today))));
        Then().Do(ctx => FluentSink.Fail("MA0203", account, Message(account, attestations)));
    }

    private static string Message(Account account, IEnumerable<RootEmailAttestation> attestations)
    {
        var first = attestations.FirstOrDefault();
        var today = HandWrittenRules.Today;
        var detail = first is null
            ? "no attestation that the root e-mail is a distribution list; record rootEmail in attestations.yaml (isDistributionList, seniorManagerRecipients)"
            : first.AttestedOn > today
            ? "the attestation is dated " + Dates.Format(first.AttestedOn) + ", after the evaluation date " + Dates.Format(today) + "; correct attestedOn"
            : !Dates.Current(first.AttestedOn, MaxAttestationAgeDays, today)
            ? "the root e-mail attestation of " + Dates.Format(first.AttestedOn) + " is stale; it fell due on " + Dates.Format(Dates.AddDays(first.AttestedOn, MaxAttestationAgeDays)) + ", attest it again"
            : !first.IsDistributionList
            ? "the root e-mail is attested not to be a distribution list"
            : "the root e-mail's distribution list reaches " + first.SeniorManagerRecipients + " senior manager(s), fewer than " + MinimumSeniorManagers;
        return $"Management account {account.Name} ({account.Id}): {detail}.";
    }
}

[Name("MA0203#subject")]
public class MA0203Subject : Rule
{
    public override void Define()
    {
        Account account = null!;
        When().Match(() => account, a => a.IsManagement);
        Then().Do(ctx => FluentSink.Subject("MA0203", account,
            "The root e-mail of management account " + account.Name + " (" + account.Id + ") is attested to be a distribution list reaching senior managers."));
    }
}

// ---- MA0101 workload-resources-in-management-account: join, list helper, one failure per resource ----

[Name("MA0101")]
public class MA0101 : Rule
{
    private static readonly List<string> LoggingResources = ["arn:aws:s3:::aws-cloudtrail-logs-*", "arn:aws:logs:*:*:log-group:aws-cloudtrail-logs-*"];

    public override void Define()
    {
        Account account = null!;
        WorkloadResource resource = null!;
        When()
            .Match(() => account, a => a.IsManagement)
            .Match(() => resource, r => r.AccountId == account.Id, r => !Lists.MatchesAny(LoggingResources, r.Arn));
        Then().Do(ctx => FluentSink.Fail("MA0101", account,
            "Management account " + account.Name + " (" + account.Id + ") holds " + resource.ResourceType + " " + resource.Name + " in " + resource.Region + "; move it to a member account.",
            resource));
    }
}

[Name("MA0101#subject")]
public class MA0101Subject : Rule
{
    public override void Define()
    {
        Account account = null!;
        When().Match(() => account, a => a.IsManagement);
        Then().Do(ctx => FluentSink.Subject("MA0101", account,
            "Management account " + account.Name + " (" + account.Id + ") holds no workload resources besides allow-listed logging."));
    }
}

// ---- MA0502 no-security-alternate-contact: judged for every active account (the per-account volume rule) ----

[Name("MA0502")]
public class MA0502 : Rule
{
    public override void Define()
    {
        Account account = null!;
        IEnumerable<AlternateContact> contacts = null!;
        When()
            .Match(() => account, a => a.IsActive)
            .Query(() => contacts, q => q
                .Match<AlternateContact>(contact => contact.AccountId == account.Id, contact => contact.Type == "SECURITY")
                .Collect()
                .Where(c => !c.Any(x => x.IsSet)));
        Then().Do(ctx => FluentSink.Fail("MA0502", account,
            "Account " + account.Name + " (" + account.Id + ") "
            + (contacts.Any() ? "has no security alternate contact set" : "has no recorded security alternate contact") + "; add one."));
    }
}

[Name("MA0502#subject")]
public class MA0502Subject : Rule
{
    public override void Define()
    {
        Account account = null!;
        When().Match(() => account, a => a.IsActive);
        Then().Do(ctx => FluentSink.Subject("MA0502", account, "Account " + account.Name + " (" + account.Id + ") has a security alternate contact."));
    }
}

// ---- MA0103 trusted-service-without-delegated-administrator: organization rule, join + not ----

[Name("MA0103")]
public class MA0103 : Rule
{
    private static readonly List<string> ServicesWithoutDelegatedAdministrator =
        ["aws-artifact-account-sync.amazonaws.com", "ram.amazonaws.com", "tagpolicies.tag.amazonaws.com"];

    public override void Define()
    {
        TrustedService service = null!;
        TrustedService trusted = null!;
        When()
            .Match(() => service)
            .Match(() => trusted, t => t.ServicePrincipal == service.ServicePrincipal, t => !Lists.Contains(ServicesWithoutDelegatedAdministrator, t.ServicePrincipal))
            .Not<DelegatedAdministrator>(d => d.ServicePrincipal == service.ServicePrincipal, d => d.DelegateAccountId != service.ManagementAccountId);
        Then().Do(ctx => FluentSink.Fail("MA0103", service,
            "Trusted service " + service.ServicePrincipal + " has no delegated administrator outside the management account; register a member account to administer it.",
            trusted));
    }
}

[Name("MA0103#subject")]
public class MA0103Subject : Rule
{
    public override void Define()
    {
        TrustedService service = null!;
        When().Match(() => service);
        Then().Do(ctx => FluentSink.Subject("MA0103", service,
            "Trusted service " + service.ServicePrincipal + " is administered from a member account or cannot be delegated."));
    }
}
