using PolicyEngine.Core.Facts;
using PolicyEngine.Attestations;
using PolicyEngine.Diagnostics;

namespace PolicyEngine.Attestations.Tests;

public class AttestationFileTests
{
    private const string Path = "attestations.yaml";

    private const string Complete = """
managementAccountId: "123456789012"
rootEmail:
  attestedBy: Dana Reyes
  attestedOn: 2026-06-15
  evidence: https://wiki.example.com/root-mail
  isDistributionList: true
  seniorManagerRecipients: 3
rootPassword:
  attestedBy: Dana Reyes
  attestedOn: 2026-06-15
  storage: safe
  custodians: 2
  location: Vault A
  accessLogged: true
  storageDependsOnAws: false
mfaDevice:
  attestedBy: Marcus Lee
  attestedOn: 2026-06-15
  deviceType: hardware-totp
  batteryPowered: true
  expiresOn: 2027-01-15
  dedicatedToAccount: true
  location: Vault B
  accessLogged: true
phone:
  attestedBy: Marcus Lee
  attestedOn: 2026-06-15
  location: Vault C
  accessLogged: false
accessReview:
  attestedBy: Dana Reyes
  attestedOn: 2026-07-01
  lastReviewedOn: 2026-07-01
  emailRecoverers: 4
  passwordRecoverers: 2
  mfaRecoverers: 1
  phoneRecoverers: 2
procedures:
  attestedBy: Marcus Lee
  attestedOn: 2026-10-14
  documentedScenarios: [root-only-tasks, reset-root-password]
  lastRootAccessTestOn: 2026-10-14
alertResponse:
  attestedBy: Dana Reyes
  attestedOn: 2026-08-11
  respondersTrained: true
  runbook: https://wiki.example.com/runbooks/root
""";

    private static List<string> Errors(AttestationLoad load) =>
        load.Diagnostics.Select(d => d.ToString()).ToList();

    [Fact]
    public void Every_kind_maps_onto_its_fact_record()
    {
        var load = AttestationFile.Parse(Complete, Path);
        Assert.Empty(Errors(load));
        Assert.Equal("123456789012", load.ManagementAccountId);
        Assert.Equal(7, load.Attestations.Count);
        Assert.Equal(AttestationFile.Kinds.Select(k => k.RecordType), load.Attestations.Select(a => a.GetType()));

        var email = Assert.IsType<RootEmailAttestation>(load.Attestations[0]);
        Assert.Equal(new RootEmailAttestation("123456789012", "Dana Reyes", new DateOnly(2026, 6, 15), "https://wiki.example.com/root-mail", true, 3), email);
        var device = Assert.IsType<MfaDeviceAttestation>(load.Attestations[2]);
        Assert.Equal(new DateOnly(2027, 1, 15), device.ExpiresOn);
        Assert.True(device.BatteryPowered);
        var review = Assert.IsType<AccessReviewAttestation>(load.Attestations[4]);
        Assert.Equal((4, 2, 1, 2), (review.EmailRecoverers, review.PasswordRecoverers, review.MfaRecoverers, review.PhoneRecoverers));
        var procedures = Assert.IsType<ProcedureAttestation>(load.Attestations[5]);
        Assert.Equal(["root-only-tasks", "reset-root-password"], procedures.DocumentedScenarios);
        Assert.Null(procedures.LastPhoneTestOn);
        Assert.Equal("https://wiki.example.com/runbooks/root", Assert.IsType<AlertResponseAttestation>(load.Attestations[6]).Runbook);
    }

    [Fact]
    public void The_file_format_covers_every_value_of_every_attestation_record()
    {
        var records = FactCatalog.All.Where(f => f.IsAttestation).Select(f => f.ClrType).ToList();
        Assert.Equal(records.Order(Comparer<Type>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name))),
            AttestationFile.Kinds.Select(k => k.RecordType).Order(Comparer<Type>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name))));
        var context = new System.Reflection.NullabilityInfoContext();
        foreach (var kind in AttestationFile.Kinds)
        {
            var parameters = kind.RecordType.GetConstructors().Single().GetParameters()
                .Where(p => p.Name is not ("AccountId" or "AttestedBy" or "AttestedOn" or "Evidence"))
                .ToList();
            string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
            var optional = parameters.Where(p => Nullable.GetUnderlyingType(p.ParameterType) is not null
                || context.Create(p).WriteState == System.Reflection.NullabilityState.Nullable).Select(p => Camel(p.Name!));
            var required = parameters.Select(p => Camel(p.Name!)).Except(optional);
            Assert.Equal(required.Order(), kind.RequiredKeys.Order());
            Assert.Equal(optional.Order(), kind.OptionalKeys.Order());
        }
    }

    [Fact]
    public void Unknown_keys_get_a_location_and_a_suggestion()
    {
        var load = AttestationFile.Parse("""
managementAccountId: "123456789012"
rootEmails:
  attestedBy: Dana Reyes
phone:
  attestedBy: Marcus Lee
  attestedOn: 2026-06-15
  locaton: Vault C
  accessLogged: true
""", Path);
        Assert.Contains("attestations.yaml(2,1): error PE1002: Unknown key 'rootEmails' in the attestations. Did you mean 'rootEmail'?", Errors(load));
        Assert.Contains("attestations.yaml(7,3): error PE1002: Unknown key 'locaton' in the 'phone' attestation. Did you mean 'location'?", Errors(load));
        Assert.True(load.HasErrors);
        // An entry with an error is left out whole, so that a half-read attestation can never make a rule pass.
        Assert.Empty(load.Attestations);
    }

    [Fact]
    public void Wrong_values_are_reported_at_their_node()
    {
        var load = AttestationFile.Parse("""
managementAccountId: 12345
rootEmail:
  attestedBy: Dana Reyes
  attestedOn: 15/06/2026
  isDistributionList: yes
  seniorManagerRecipients: -1
""", Path);
        var errors = Errors(load);
        Assert.Contains(errors, e => e.StartsWith("attestations.yaml(1,22): error PE1005: '12345' is not a valid account ID", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("attestations.yaml(4,15): error PE1005: '15/06/2026' is not a valid date", StringComparison.Ordinal));
        Assert.Contains("attestations.yaml(5,23): error PE1003: 'isDistributionList' must be true or false, but is the text 'yes'.", errors);
        Assert.Contains(errors, e => e.StartsWith("attestations.yaml(6,28): error PE1005: '-1' is not a valid seniorManagerRecipients", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_values_are_errors_and_optional_ones_are_not()
    {
        var load = AttestationFile.Parse("""
managementAccountId: "123456789012"
alertResponse:
  attestedOn: 2026-08-11
  respondersTrained: true
""", Path);
        Assert.Equal(["attestations.yaml(3,3): error PE1004: the 'alertResponse' attestation is missing the required key 'attestedBy'."], Errors(load));
    }

    [Fact]
    public void Unknown_scenarios_and_device_types_are_warnings_with_suggestions()
    {
        var load = AttestationFile.Parse("""
managementAccountId: "123456789012"
procedures:
  attestedBy: Marcus Lee
  attestedOn: 2026-10-14
  documentedScenarios: [root-only-tasks, reset-root-pasword]
mfaDevice:
  attestedBy: Marcus Lee
  attestedOn: 2026-06-15
  deviceType: fido-securitykey
  batteryPowered: false
  dedicatedToAccount: true
  location: Vault B
  accessLogged: true
""", Path);
        var messages = Errors(load);
        Assert.Contains(messages, m => m.StartsWith("attestations.yaml(5,42): warning PE1501: 'reset-root-pasword' is not a known scenario", StringComparison.Ordinal) && m.EndsWith("Did you mean 'reset-root-password'?", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("attestations.yaml(9,15): warning PE1501: 'fido-securitykey' is not a known MFA device type", StringComparison.Ordinal) && m.EndsWith("Did you mean 'fido-security-key'?", StringComparison.Ordinal));
        Assert.False(load.HasErrors);
        Assert.Equal(2, load.Attestations.Count);
    }

    [Fact]
    public void Malformed_yaml_and_missing_files_are_diagnostics()
    {
        var malformed = AttestationFile.Parse("managementAccountId: \"123456789012\"\nrootEmail: [unclosed\n", Path);
        Assert.Contains(malformed.Diagnostics, d => d.Id == "PE1001");
        var missing = AttestationFile.Load("/nonexistent/attestations.yaml");
        Assert.Equal("PE1503", Assert.Single(missing.Diagnostics).Id);
        Assert.True(missing.HasErrors);
    }

    [Fact]
    public void Merging_replaces_attestations_of_the_same_kind_and_account_and_keeps_the_rest()
    {
        var old = new PhoneAttestation("123456789012", "Someone", new DateOnly(2024, 1, 1), null, "Old safe", false);
        var otherAccount = new PhoneAttestation("999999999999", "Someone", new DateOnly(2024, 1, 1), null, "Elsewhere", true);
        var email = new RootEmailAttestation("123456789012", "Someone", new DateOnly(2024, 1, 1), null, true, 2);
        var facts = new FactSet { PhoneAttestations = [old, otherAccount], RootEmailAttestations = [email] };
        var load = AttestationFile.Parse(Complete, Path);

        var merged = load.ApplyTo(facts);

        Assert.Equal(2, merged.PhoneAttestations.Count);
        Assert.Contains(otherAccount, merged.PhoneAttestations);
        Assert.DoesNotContain(old, merged.PhoneAttestations);
        Assert.Equal("Vault C", merged.PhoneAttestations.Single(p => p.AccountId == "123456789012").Location);
        Assert.Equal(3, Assert.Single(merged.RootEmailAttestations).SeniorManagerRecipients);
        Assert.Single(merged.AlertResponseAttestations);
    }

    [Fact]
    public void Attestations_for_another_account_are_flagged()
    {
        var facts = new FactSet { Accounts = [new Account("111111111111", "arn", "Management", "root@example.com", "ACTIVE", true)] };
        var warning = Assert.Single(AttestationFile.Parse(Complete, Path).CheckAgainst(facts, Path));
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("PE1502", warning.Id);
    }

    [Fact]
    public void The_sample_attestations_load_without_diagnostics_and_match_the_demo()
    {
        var load = AttestationFile.Load(Repo.Path("samples/attestations.yaml"), "samples/attestations.yaml");
        Assert.Empty(Errors(load));
        var facts = Core.Snapshots.SnapshotSerializer.Read(Repo.Path("samples/demo-org.json")).Facts;
        Assert.Empty(load.CheckAgainst(facts, "samples/attestations.yaml"));
        Assert.Equal(6, load.Attestations.Count); // alertResponse is deliberately missing
    }
}
