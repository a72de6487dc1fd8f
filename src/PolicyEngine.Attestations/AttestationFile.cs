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

    /// <summary>
    /// The entries of an attestations file: every fact type registered as attested (FactCatalog), under its key, with
    /// its record's values as the entry's keys (camelCase; a nullable value may be left out).
    /// </summary>
    public static readonly IReadOnlyList<AttestationKind> Kinds = [.. FactCatalog.All.Where(t => t.IsAttestation).Select(AttestationKind.Of)];

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

    /// <summary>Vocabularies of some keys, in any kind: a value outside one is a warning with a suggestion.</summary>
    private static readonly IReadOnlyDictionary<string, (IReadOnlyList<string> Known, string What)> Vocabularies = new Dictionary<string, (IReadOnlyList<string>, string)>
    {
        ["storage"] = (KnownStorage, "storage method"),
        ["deviceType"] = (KnownDeviceTypes, "MFA device type"),
        ["documentedScenarios"] = (StandardScenarios, "scenario"),
    };

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
    /// <remarks>An attestation's resource ID is its kind and account, so <see cref="FactSet.With"/> replaces by kind and account.</remarks>
    public static FactSet Merge(FactSet facts, IEnumerable<IAttestation> attestations) => facts.With(attestations);

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
            // The record's constructor says what the entry holds: each value is read by its type, under its camelCase name.
            var values = kind.Constructor.GetParameters().Select(parameter => parameter.Name switch
            {
                nameof(IAttestation.AccountId) => accountId,
                nameof(IAttestation.AttestedBy) => by,
                nameof(IAttestation.AttestedOn) => on,
                nameof(IAttestation.Evidence) => evidence,
                _ => Value(AttestationKind.KeyOf(parameter), parameter.ParameterType, kind.OptionalKeys.Contains(AttestationKind.KeyOf(parameter))),
            }).ToArray();
            return (IAttestation)kind.Constructor.Invoke(values);
        }

        private object? Value(string key, Type type, bool optional) => type switch
        {
            _ when type == typeof(bool) => Bool(key),
            _ when type == typeof(int) => Count(key),
            _ when type == typeof(DateOnly?) => Date(key),
            _ when type == typeof(DateOnly) => Date(key) ?? default,
            _ when type == typeof(IReadOnlyList<string>) => List(key),
            _ when type == typeof(string) && Vocabularies.TryGetValue(key, out var vocabulary) => Known(key, vocabulary.Known, vocabulary.What),
            _ when type == typeof(string) => optional ? Text(key) : Text(key) ?? "",
            _ => throw new NotSupportedException($"an attestation value of type {type.Name} ({key}) has no reader"), // refused by AttestationKind.Of
        };

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

        private IReadOnlyList<string> List(string key)
        {
            var items = entry.TextList(key);
            if (Vocabularies.TryGetValue(key, out var vocabulary) && entry.Get(key) is YamlSequenceNode sequence)
            {
                foreach (var item in sequence.Children.OfType<YamlScalarNode>())
                {
                    if (item.Value is { } name && !vocabulary.Known.Contains(name, StringComparer.Ordinal))
                        diagnostics.Add(DiagnosticDescriptors.UnknownAttestationValue.CreateWithSuggestion(entry.Document.LocationOf(item),
                            Suggestions.DidYouMean(name, vocabulary.Known), name, vocabulary.What, string.Join(", ", vocabulary.Known)));
                }
            }
            return items;
        }
    }
}

/// <summary>One kind of attestation: its key in the file, its fact record and the values it holds.</summary>
public sealed record AttestationKind(string Key, Type RecordType, IReadOnlyList<string> RequiredKeys, IReadOnlyList<string> OptionalKeys)
{
    /// <summary>The value types an entry can hold (text, true/false, whole numbers, dates, lists of text).</summary>
    internal static readonly Type[] Readable = [typeof(string), typeof(bool), typeof(int), typeof(DateOnly), typeof(DateOnly?), typeof(IReadOnlyList<string>)];

    private static readonly string[] Common = [nameof(IAttestation.AccountId), nameof(IAttestation.AttestedBy), nameof(IAttestation.AttestedOn), nameof(IAttestation.Evidence)];

    /// <summary>The record's one public constructor (its positional parameters), which the entry's values fill.</summary>
    public System.Reflection.ConstructorInfo Constructor => RecordType.GetConstructors().Single();

    /// <summary>The kind of a fact type registered as attested: its values are its record's, less the ones every attestation has.</summary>
    public static AttestationKind Of(FactType type)
    {
        var nullability = new System.Reflection.NullabilityInfoContext();
        var values = type.ClrType.GetConstructors().Single().GetParameters().Where(p => !Common.Contains(p.Name)).ToList();
        // Checked when the kinds are built, so a record with a value the file cannot hold fails every load, not one file.
        if (values.FirstOrDefault(p => !Readable.Contains(p.ParameterType)) is { } unreadable)
            throw new InvalidOperationException($"{type.Name}.{unreadable.Name} is a {unreadable.ParameterType.Name}; attestations.yaml holds only {string.Join(", ", Readable.Select(t => t.Name))}");
        // A value that may be null may be left out of the entry; every other one is required.
        bool Optional(System.Reflection.ParameterInfo p) =>
            Nullable.GetUnderlyingType(p.ParameterType) is not null || nullability.Create(p).WriteState == System.Reflection.NullabilityState.Nullable;
        return new AttestationKind(type.AttestationKey!, type.ClrType,
            [.. values.Where(p => !Optional(p)).Select(KeyOf)], [.. values.Where(Optional).Select(KeyOf)]);
    }

    /// <summary>A record value's key in the file: its name in camelCase, as in snapshots.</summary>
    public static string KeyOf(System.Reflection.ParameterInfo parameter) =>
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!);
}
