using System.Globalization;
using PolicyEngine.Core.Facts;
using PolicyEngine.Diagnostics;
using PolicyEngine.Syntax;
using YamlDotNet.RepresentationModel;

namespace PolicyEngine.Attestations;

/// <summary>
/// The attestations of one attestations.yaml: the dated evidence people record for what no API shows, read into the
/// attestation fact records, with every problem as a diagnostic (file, line, column, did-you-mean). See docs/attestations.md.
/// </summary>
public sealed record AttestationLoad(string? ManagementAccountId, IReadOnlyList<IAttestation> Attestations, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>
    /// The fact set with these attestations merged in: an attestation of the file replaces any attestation of the same
    /// kind for the same account already in the facts (the file is the current record), the others are kept.
    /// </summary>
    public FactSet ApplyTo(FactSet facts) => AttestationFile.Merge(facts, Attestations);

    /// <summary>Warnings about how the file fits the snapshot: attestations for an account that is not its management account are never read by a rule.</summary>
    public IReadOnlyList<Diagnostic> CheckAgainst(FactSet facts, string displayPath)
    {
        var management = facts.ManagementAccountId;
        if (ManagementAccountId is null || management is null || ManagementAccountId == management) return [];
        return [DiagnosticDescriptors.AttestationsForOtherAccount.Create(SourceLocation.FileOnly(displayPath), ManagementAccountId, management)];
    }
}

/// <summary>Reads attestations.yaml files (format: docs/attestations.md).</summary>
public static class AttestationFile
{
    public const string ManagementAccountIdKey = "managementAccountId";

    /// <summary>The entries of an attestations file, each the camelCase name of one kind of evidence.</summary>
    public static readonly IReadOnlyList<AttestationKind> Kinds =
    [
        new("rootEmail", typeof(RootEmailAttestation), ["isDistributionList", "seniorManagerRecipients"], []),
        new("rootPassword", typeof(RootPasswordAttestation), ["storage", "custodians", "location", "accessLogged", "storageDependsOnAws"], []),
        new("mfaDevice", typeof(MfaDeviceAttestation), ["deviceType", "batteryPowered", "dedicatedToAccount", "location", "accessLogged"], ["expiresOn"]),
        new("phone", typeof(PhoneAttestation), ["location", "accessLogged"], []),
        new("accessReview", typeof(AccessReviewAttestation), ["emailRecoverers", "passwordRecoverers", "mfaRecoverers", "phoneRecoverers"], ["lastReviewedOn"]),
        new("procedures", typeof(ProcedureAttestation), ["documentedScenarios"], ["lastRootAccessTestOn", "lastPhoneTestOn"]),
        new("alertResponse", typeof(AlertResponseAttestation), ["respondersTrained"], ["runbook"]),
    ];

    /// <summary>Keys every entry has besides its own values.</summary>
    public static readonly IReadOnlyList<string> CommonRequiredKeys = ["attestedBy", "attestedOn"];

    public static readonly IReadOnlyList<string> CommonOptionalKeys = ["evidence"];

    /// <summary>Known values, used only for warnings with a suggestion: rule parameters decide what passes.</summary>
    public static readonly IReadOnlyList<string> KnownStorage = ["safe", "split", "offline-password-manager", "password-manager"];

    public static readonly IReadOnlyList<string> KnownDeviceTypes = ["fido-security-key", "hardware-totp", "virtual"];

    /// <summary>The ten scenarios of the AWS page, in its order (rule MA0701's default requiredScenarios).</summary>
    public static readonly IReadOnlyList<string> StandardScenarios =
    [
        "root-only-tasks", "reset-root-password", "change-root-password", "reset-root-mfa", "change-root-mfa",
        "reset-root-email", "change-root-email", "reset-root-phone", "change-root-phone", "delete-management-account",
    ];

    private static readonly IReadOnlyList<string> TopLevelKeys = [ManagementAccountIdKey, .. Kinds.Select(k => k.Key)];

    /// <summary>Loads an attestations file. <paramref name="displayPath"/> is the path printed in diagnostics (default: <paramref name="path"/>).</summary>
    public static AttestationLoad Load(string path, string? displayPath = null)
    {
        displayPath ??= path;
        var diagnostics = new DiagnosticBag();
        if (!PolicyEngine.Core.Files.InputFile.Exists(path))
        {
            diagnostics.Add(DiagnosticDescriptors.AttestationsFileMissing.Create(SourceLocation.FileOnly(displayPath), displayPath));
            return new AttestationLoad(null, [], diagnostics.Sorted());
        }
        var document = YamlSource.Load(path, displayPath, diagnostics);
        return document is null ? new AttestationLoad(null, [], diagnostics.Sorted()) : Read(document, diagnostics);
    }

    /// <summary>Reads attestations given as text (tests, tools).</summary>
    public static AttestationLoad Parse(string text, string displayPath)
    {
        var diagnostics = new DiagnosticBag();
        var document = YamlSource.Parse(text, displayPath, diagnostics);
        return document is null ? new AttestationLoad(null, [], diagnostics.Sorted()) : Read(document, diagnostics);
    }

    /// <summary>Merges attestations into a fact set; an attestation replaces one of the same kind and account already there.</summary>
    public static FactSet Merge(FactSet facts, IEnumerable<IAttestation> attestations)
    {
        var list = attestations.ToList();
        List<T> Merged<T>(IReadOnlyList<T> existing) where T : IAttestation
        {
            var added = list.OfType<T>().ToList();
            var replaced = added.Select(a => a.AccountId).ToHashSet(StringComparer.Ordinal);
            return [.. existing.Where(a => !replaced.Contains(a.AccountId)), .. added];
        }
        return facts with
        {
            RootEmailAttestations = Merged(facts.RootEmailAttestations),
            RootPasswordAttestations = Merged(facts.RootPasswordAttestations),
            MfaDeviceAttestations = Merged(facts.MfaDeviceAttestations),
            PhoneAttestations = Merged(facts.PhoneAttestations),
            AccessReviewAttestations = Merged(facts.AccessReviewAttestations),
            ProcedureAttestations = Merged(facts.ProcedureAttestations),
            AlertResponseAttestations = Merged(facts.AlertResponseAttestations),
        };
    }

    private static AttestationLoad Read(YamlSource document, DiagnosticBag diagnostics)
    {
        var map = YamlMap.Read(document, document.Root, "the attestations", diagnostics, TopLevelKeys);
        if (map is null) return new AttestationLoad(null, [], diagnostics.Sorted());
        var accountId = ReadAccountId(map, diagnostics);
        var attestations = new List<IAttestation>();
        foreach (var kind in Kinds)
        {
            if (map.Get(kind.Key) is not { } node) continue;
            var checkpoint = diagnostics.Checkpoint();
            var entry = YamlMap.Read(document, node, $"the '{kind.Key}' attestation", diagnostics, [.. CommonRequiredKeys, .. CommonOptionalKeys, .. kind.RequiredKeys, .. kind.OptionalKeys]);
            if (entry is null) continue;
            var attestation = new EntryReader(entry, diagnostics).Build(kind, accountId ?? "");
            // An entry with any error is left out whole: a half-read attestation must not make a rule pass.
            if (attestation is not null && accountId is not null && !diagnostics.HasErrorsSince(checkpoint)) attestations.Add(attestation);
        }
        return new AttestationLoad(accountId, attestations, diagnostics.Sorted());
    }

    private static string? ReadAccountId(YamlMap map, DiagnosticBag diagnostics)
    {
        var node = map.Required(ManagementAccountIdKey);
        if (node is null) return null;
        // Written unquoted, YAML reads an account ID as a number; the text is what matters.
        if (node is YamlScalarNode { Value: { } text } && System.Text.RegularExpressions.Regex.IsMatch(text, "^[0-9]{12}$"))
            return text;
        diagnostics.Add(DiagnosticDescriptors.InvalidValue.Create(map.Document.LocationOf(node),
            node is YamlScalarNode { Value: { } v } ? v : YamlSource.Describe(node), "account ID", "write the management account's 12-digit ID, in quotes."));
        return null;
    }

    /// <summary>Reads one entry's values, reporting each problem at its node.</summary>
    private sealed class EntryReader(YamlMap entry, DiagnosticBag diagnostics)
    {
        public IAttestation? Build(AttestationKind kind, string accountId)
        {
            foreach (var key in kind.RequiredKeys.Concat(CommonRequiredKeys))
                if (!entry.Has(key)) Fail(DiagnosticDescriptors.MissingKey.Create(entry.Location, key, entry.Context));
            var by = Text("attestedBy") ?? "";
            if (entry.Has("attestedBy") && string.IsNullOrWhiteSpace(by))
                Fail(DiagnosticDescriptors.InvalidValue.Create(entry.KeyLocation("attestedBy"), by, "attestedBy", "name the person who attests."));
            var on = Date("attestedOn") ?? default;
            var evidence = Text("evidence");
            IAttestation? attestation = kind.Key switch
            {
                "rootEmail" => new RootEmailAttestation(accountId, by, on, evidence, Bool("isDistributionList"), Count("seniorManagerRecipients")),
                "rootPassword" => new RootPasswordAttestation(accountId, by, on, evidence,
                    Known("storage", KnownStorage, "storage method"), Count("custodians"), Text("location") ?? "", Bool("accessLogged"), Bool("storageDependsOnAws")),
                "mfaDevice" => new MfaDeviceAttestation(accountId, by, on, evidence,
                    Known("deviceType", KnownDeviceTypes, "MFA device type"), Bool("batteryPowered"), Date("expiresOn"), Bool("dedicatedToAccount"), Text("location") ?? "", Bool("accessLogged")),
                "phone" => new PhoneAttestation(accountId, by, on, evidence, Text("location") ?? "", Bool("accessLogged")),
                "accessReview" => new AccessReviewAttestation(accountId, by, on, evidence,
                    Date("lastReviewedOn"), Count("emailRecoverers"), Count("passwordRecoverers"), Count("mfaRecoverers"), Count("phoneRecoverers")),
                "procedures" => new ProcedureAttestation(accountId, by, on, evidence, Scenarios(), Date("lastRootAccessTestOn"), Date("lastPhoneTestOn")),
                "alertResponse" => new AlertResponseAttestation(accountId, by, on, evidence, Bool("respondersTrained"), Text("runbook")),
                _ => null,
            };
            return attestation;
        }

        private void Fail(Diagnostic diagnostic) => diagnostics.Add(diagnostic);

        private YamlScalarNode? Scalar(string key, string expected)
        {
            if (entry.Get(key) is not { } node) return null;
            if (node is YamlScalarNode scalar && !YamlMap.IsNull(scalar)) return scalar;
            Fail(DiagnosticDescriptors.WrongValueType.Create(entry.Document.LocationOf(node), key, expected, YamlSource.Describe(node)));
            return null;
        }

        private string? Text(string key) => Scalar(key, "text")?.Value;

        private bool Bool(string key)
        {
            if (Scalar(key, "true or false") is not { } scalar) return false;
            if (scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && YamlMap.ScalarValue(scalar) is bool b) return b;
            Fail(DiagnosticDescriptors.WrongValueType.Create(entry.Document.LocationOf(scalar), key, "true or false", YamlSource.Describe(scalar)));
            return false;
        }

        private int Count(string key)
        {
            if (Scalar(key, "a whole number") is not { } scalar) return 0;
            if (scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && YamlMap.ScalarValue(scalar) is int n)
            {
                if (n >= 0) return n;
                Fail(DiagnosticDescriptors.InvalidValue.Create(entry.Document.LocationOf(scalar), scalar.Value, key, "a count cannot be negative."));
                return 0;
            }
            Fail(DiagnosticDescriptors.WrongValueType.Create(entry.Document.LocationOf(scalar), key, "a whole number", YamlSource.Describe(scalar)));
            return 0;
        }

        private DateOnly? Date(string key)
        {
            if (Scalar(key, "a date") is not { } scalar) return null;
            if (DateOnly.TryParseExact(scalar.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
            Fail(DiagnosticDescriptors.InvalidValue.Create(entry.Document.LocationOf(scalar), scalar.Value, "date", "write it as YYYY-MM-DD, for example 2026-03-31."));
            return null;
        }

        private string Known(string key, IReadOnlyList<string> known, string what)
        {
            var value = Text(key) ?? "";
            if (entry.Has(key) && value.Length > 0 && !known.Contains(value, StringComparer.Ordinal))
                diagnostics.Add(DiagnosticDescriptors.UnknownAttestationValue.CreateWithSuggestion(entry.Document.LocationOf(entry.Get(key)!),
                    Suggestions.DidYouMean(value, known), value, what, string.Join(", ", known)));
            return value;
        }

        private IReadOnlyList<string> Scenarios()
        {
            var scenarios = entry.TextList("documentedScenarios");
            if (entry.Get("documentedScenarios") is YamlSequenceNode sequence)
            {
                foreach (var item in sequence.Children.OfType<YamlScalarNode>())
                {
                    if (item.Value is { } name && !StandardScenarios.Contains(name, StringComparer.Ordinal))
                        diagnostics.Add(DiagnosticDescriptors.UnknownAttestationValue.CreateWithSuggestion(entry.Document.LocationOf(item),
                            Suggestions.DidYouMean(name, StandardScenarios), name, "scenario", string.Join(", ", StandardScenarios)));
                }
            }
            return scenarios;
        }
    }
}

/// <summary>One kind of attestation: its key in the file, its fact record and the values it holds.</summary>
public sealed record AttestationKind(string Key, Type RecordType, IReadOnlyList<string> RequiredKeys, IReadOnlyList<string> OptionalKeys);
