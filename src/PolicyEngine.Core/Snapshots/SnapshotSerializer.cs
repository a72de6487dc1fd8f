using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using PolicyEngine.Core.Facts;

namespace PolicyEngine.Core.Snapshots;

/// <summary>A snapshot that cannot be used: unreadable, of an unknown version or with invalid content.</summary>
public sealed class SnapshotException(string message) : Exception(message);

/// <summary>
/// Reads and writes snapshots. Reading is strict because snapshots are untrusted input: unknown properties,
/// missing required values and nulls where the model has none are refused with the JSON path and line.
/// </summary>
public static class SnapshotSerializer
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary><see cref="Options"/> with repeated short values read as one string each (<see cref="SharedStrings"/>).</summary>
    private static readonly JsonSerializerOptions ReadOptions = CreateReadOptions();

    private static JsonSerializerOptions CreateReadOptions()
    {
        var options = new JsonSerializerOptions(Options) { Converters = { new SharedStrings() } };
        options.MakeReadOnly();
        return options;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.Strict,
            // A second "name" or "schemaVersion" must not silently win: refused, as the YAML reader refuses duplicate keys.
            AllowDuplicateProperties = false,
            MaxDepth = 32,
            WriteIndented = true,
        };
        // The fact set's contract is its registered families (see RegisteredFamilies), set one by one on a set made
        // empty: the generated contract would initialize it through its init-only shorthands, with nulls for the
        // families a snapshot leaves out. Everything else is generated at build time.
        var reflection = new DefaultJsonTypeInfoResolver();
        options.TypeInfoResolver = JsonTypeInfoResolver
            .Combine(new FactSetByReflection(reflection), SnapshotJsonContext.Default, reflection)
            .WithAddedModifier(OptionalWhenNullable)
            .WithAddedModifier(OnlyStoredValues)
            .WithAddedModifier(RegisteredFamilies);
        options.MakeReadOnly();
        return options;
    }

    private sealed class FactSetByReflection(DefaultJsonTypeInfoResolver reflection) : IJsonTypeInfoResolver
    {
        public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options) =>
            type == typeof(FactSet) ? reflection.GetTypeInfo(type, options) : null;
    }

    /// <summary>A value that may be null may also be left out; every other constructor value is required.</summary>
    private static void OptionalWhenNullable(System.Text.Json.Serialization.Metadata.JsonTypeInfo typeInfo)
    {
        foreach (var property in typeInfo.Properties)
            if (property.AssociatedParameter is { IsNullable: true } || property.AssociatedParameter is { HasDefaultValue: true })
                property.IsRequired = false;
    }

    /// <summary>Derived properties (ResourceId, BoundToRoot, ...) are computed from the stored values, never written or read.</summary>
    private static void OnlyStoredValues(System.Text.Json.Serialization.Metadata.JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object) return;
        for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            var property = typeInfo.Properties[i];
            if (property.AssociatedParameter is null && property.Set is null)
                typeInfo.Properties.RemoveAt(i);
        }
    }

    /// <summary>
    /// A fact set is written and read family by family as <see cref="FactCatalog"/> registers them (name, record type,
    /// one or many), in the catalog's order, then its collection errors; its shorthand properties are not members.
    /// </summary>
    private static void RegisteredFamilies(System.Text.Json.Serialization.Metadata.JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type != typeof(FactSet)) return;
        var errors = typeInfo.Properties.Single(p => p.AttributeProvider is System.Reflection.PropertyInfo { Name: nameof(FactSet.CollectionErrors) });
        typeInfo.Properties.Clear();
        foreach (var type in FactCatalog.All) typeInfo.Properties.Add(type.JsonProperty(typeInfo));
        typeInfo.Properties.Add(errors);
    }

    /// <summary>The largest snapshot read: far above the largest organization's facts, far below what would exhaust memory.</summary>
    public const long MaxFileBytes = 512L << 20;

    /// <exception cref="Files.InputFileException">The path is not a regular file that may be read (see <see cref="Files.InputFile"/>).</exception>
    public static Snapshot Read(string path) => Parse((ReadOnlyMemory<byte>)Files.InputFile.ReadBytes(path, MaxFileBytes), path);

    /// <summary>
    /// Reads a snapshot family by family on every core when it is well formed (<see cref="FamilyReader"/>), else in one
    /// pass, which says what is wrong and where.
    /// </summary>
    public static Snapshot Parse(ReadOnlyMemory<byte> utf8, string displayName)
    {
        var version = PeekSchemaVersion(utf8.Span, displayName);
        return version == Snapshot.CurrentSchemaVersion && FamilyReader.TryRead(utf8, ReadOptions, version) is { } snapshot
            ? snapshot
            : ParseInOnePass(utf8.Span, displayName, version);
    }

    /// <summary>Reads a snapshot in one pass.</summary>
    public static Snapshot Parse(ReadOnlySpan<byte> utf8, string displayName) => ParseInOnePass(utf8, displayName, PeekSchemaVersion(utf8, displayName));

    private static Snapshot ParseInOnePass(ReadOnlySpan<byte> utf8, string displayName, int version)
    {
        if (version != Snapshot.CurrentSchemaVersion)
            throw new SnapshotException(
                $"{displayName}: schemaVersion {version} is not supported; this version of PolicyEngine reads schemaVersion {Snapshot.CurrentSchemaVersion}. Collect the snapshot again with this version.");
        if (Files.UntrustedJson.FindNullListItem(utf8) is { } spot)
            throw new SnapshotException($"{displayName}({spot.Line},{spot.Column}): invalid snapshot at {spot.Path}: a list item is null; remove it or write the item in full.");
        try
        {
            var snapshot = JsonSerializer.Deserialize<Snapshot>(utf8, ReadOptions)
                ?? throw new SnapshotException($"{displayName}: the snapshot is null.");
            return snapshot;
        }
        catch (JsonException e)
        {
            throw new SnapshotException($"{displayName}({e.LineNumber + 1},{e.BytePositionInLine + 1}): invalid snapshot at {e.Path}: {Files.UntrustedJson.Explain(e)}");
        }
    }

    /// <summary>Reads the top-level schemaVersion before anything else, so that a newer format gets a version error, not a shape error.</summary>
    private static int PeekSchemaVersion(ReadOnlySpan<byte> utf8, string displayName)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new SnapshotException($"{displayName}: a snapshot is a JSON object with a schemaVersion; this file is not.");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isVersion = reader.ValueTextEquals("schemaVersion"u8);
                reader.Read();
                if (isVersion)
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var v)
                        ? v
                        : throw new SnapshotException($"{displayName}: schemaVersion must be an integer.");
                reader.Skip();
            }
        }
        catch (JsonException e)
        {
            throw new SnapshotException($"{displayName}({e.LineNumber + 1},{e.BytePositionInLine + 1}): not valid JSON: {Files.UntrustedJson.Explain(e)}");
        }
        throw new SnapshotException($"{displayName}: the snapshot has no schemaVersion; expected \"schemaVersion\": {Snapshot.CurrentSchemaVersion}.");
    }

    public static byte[] Serialize(Snapshot snapshot) => JsonSerializer.SerializeToUtf8Bytes(snapshot, Options);

    /// <summary>Writes the snapshot to a temporary file beside the target and renames it, so readers never see half a file.</summary>
    public static void Write(Snapshot snapshot, string path) => AtomicFile.WriteAllBytes(path, Serialize(snapshot));

    /// <summary>The JSON Schema of the snapshot format, derived from the fact records themselves.</summary>
    public static JsonNode ExportSchema()
    {
        var schema = Options.GetJsonSchemaAsNode(typeof(Snapshot), new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
        });
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = "https://policyengine.dev/schemas/snapshot.schema.json",
            ["title"] = "PolicyEngine facts snapshot",
        };
        foreach (var (key, value) in schema.AsObject().ToList())
        {
            schema.AsObject().Remove(key);
            root[key] = value;
        }
        root["properties"]!["schemaVersion"] = new JsonObject { ["const"] = Snapshot.CurrentSchemaVersion };
        CloseObjects(root);
        return root;
    }

    /// <summary>The reader refuses unknown properties; say so in the schema, so editors flag them too.</summary>
    private static void CloseObjects(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["properties"] is JsonObject properties)
                {
                    if (obj["additionalProperties"] is null) obj["additionalProperties"] = false;
                    // The reader lets a value that may be null be left out; the schema says the same.
                    if (obj["required"] is JsonArray required)
                        foreach (var name in required.Select(n => n!.GetValue<string>()).ToList())
                            if (properties[name]?["type"] is JsonArray types && types.Any(t => t!.GetValue<string>() == "null"))
                                required.Remove(required.First(n => n!.GetValue<string>() == name));
                }
                foreach (var (_, child) in obj.ToList()) CloseObjects(child);
                break;
            case JsonArray array:
                foreach (var child in array) CloseObjects(child);
                break;
        }
    }
}
