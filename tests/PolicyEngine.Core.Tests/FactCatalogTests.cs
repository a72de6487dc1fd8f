using System.Text;
using System.Text.Json.Nodes;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Snapshots;

namespace PolicyEngine.Core.Tests;

/// <summary>
/// The fact model is the catalog: one registration per fact record drives the snapshot format, the fact set's
/// families, filtering and merging. A record declared without a registration, or a registration or shorthand without
/// its record, fails here.
/// </summary>
public class FactCatalogTests
{
    private static readonly IReadOnlyList<Type> FactRecords = typeof(IFact).Assembly.GetExportedTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IFact).IsAssignableFrom(t))
        .ToList();

    [Fact]
    public void Every_fact_record_is_registered_and_every_registration_is_a_fact_record()
    {
        var registered = FactCatalog.All.Select(t => t.ClrType).ToList();
        Assert.Equal(FactRecords.Select(t => t.Name).Order(StringComparer.Ordinal), registered.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal(registered.Count, registered.Distinct().Count());
        Assert.Equal(registered.Count, FactCatalog.All.Select(t => t.Family).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(FactRecords.Where(t => typeof(IAttestation).IsAssignableFrom(t)).Select(t => t.Name).Order(StringComparer.Ordinal),
            FactCatalog.All.Where(t => t.IsAttestation).Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(FactCatalog.All, t => Assert.Same(t, FactCatalog.Find(t.Name)));
        Assert.All(FactCatalog.All, t => Assert.Same(t, FactCatalog.Find(t.ClrType)));
    }

    [Fact]
    public void The_generated_snapshot_contract_lists_every_registered_family()
    {
        // A family missing from the generated contract would still be read, by reflection, only slower.
        var context = typeof(SnapshotSerializer).Assembly.GetType("PolicyEngine.Core.Snapshots.SnapshotJsonContext", throwOnError: true)!;
        var types = System.Reflection.CustomAttributeData.GetCustomAttributes(context)
            .Where(a => a.AttributeType == typeof(System.Text.Json.Serialization.JsonSerializableAttribute))
            .Select(a => (Type)a.ConstructorArguments[0].Value!)
            .ToList();
        Assert.Contains(typeof(Snapshot), types);
        Assert.Equal(
            FactCatalog.All.Select(t => typeof(IReadOnlyList<>).MakeGenericType(t.ClrType).ToString()).Order(StringComparer.Ordinal),
            types.Where(t => t != typeof(Snapshot)).Select(t => t.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_shorthand_of_FactSet_reads_a_registered_family()
    {
        var shorthands = typeof(FactSet).GetProperties()
            .Where(p => p.PropertyType.IsAssignableTo(typeof(IFact)) || p.PropertyType.GetInterfaces().Append(p.PropertyType)
                .Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>) && i.GetGenericArguments()[0].IsAssignableTo(typeof(IFact))))
            .ToList();
        Assert.NotEmpty(shorthands);
        foreach (var property in shorthands)
        {
            var record = property.PropertyType.IsGenericType ? property.PropertyType.GetGenericArguments()[0] : property.PropertyType;
            var type = FactCatalog.Find(record);
            Assert.True(type is not null, $"FactSet.{property.Name} reads {record.Name}, which FactCatalog does not register");
            Assert.Equal(type.IsSingle, !property.PropertyType.IsGenericType);
        }
    }

    [Fact]
    public void Every_family_is_a_member_of_the_snapshot_schema()
    {
        var facts = SnapshotSerializer.ExportSchema()["properties"]!["facts"]!["properties"]!.AsObject();
        Assert.Equal([.. FactCatalog.All.Select(t => t.Family), "collectionErrors"], facts.Select(p => p.Key));
    }

    [Fact]
    public void Reading_and_writing_the_demo_snapshot_keeps_every_value_it_holds()
    {
        // Backward compatibility: a snapshot written before the catalog drove the format reads and writes the same values.
        var path = Repo.Path("samples/demo-org.json");
        var original = JsonNode.Parse(File.ReadAllText(path))!;
        var written = JsonNode.Parse(SnapshotSerializer.Serialize(SnapshotSerializer.Read(path)))!;
        Assert.Null(FirstDifference(WithoutEmpty(original), WithoutEmpty(written), "$"));
    }

    [Fact]
    public void From_Where_and_With_work_family_by_family()
    {
        var organization = new Organization("o-1", "arn:org", "ALL", "111111111111", "root@example.com", []);
        var a = new Account("111111111111", "arn:a", "Management", "a@example.com", "ACTIVE", true);
        var b = new Account("222222222222", "arn:b", "Workload", "b@example.com", "ACTIVE", false);
        var phone = new PhoneAttestation("111111111111", "Dana", new DateOnly(2026, 1, 1), null, "safe", true);
        var facts = FactSet.From([b, organization, a, phone]);

        Assert.Same(organization, facts.Organization);
        Assert.Equal([b, a], facts.Accounts);
        Assert.Equal([organization, b, a, phone], facts.All());
        Assert.Equal("111111111111", facts.ManagementAccountId);

        var onlyA = facts.Where(f => f.AccountId == "111111111111", _ => true);
        Assert.Equal([a], onlyA.Accounts);
        Assert.Same(organization, onlyA.Organization);
        Assert.Equal([b, a], facts.Accounts); // the original is untouched

        var newer = phone with { Location = "vault", AttestedOn = new DateOnly(2026, 6, 1) };
        var merged = facts.With([newer, new PhoneAttestation("333333333333", "Lee", new DateOnly(2026, 1, 1), null, "desk", false)]);
        Assert.Equal(["vault", "desk"], merged.PhoneAttestations.Select(p => p.Location));
        Assert.Equal([phone], facts.PhoneAttestations);
        Assert.Equal([b, a], merged.Accounts);
    }

    [Fact]
    public void A_fact_of_a_type_that_is_not_registered_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => FactSet.From([new UnregisteredFact("1", "x")]));
        Assert.Contains("UnregisteredFact is not a registered fact type", error.Message);
        Assert.Throws<ArgumentException>(() => new FactSet().With([new UnregisteredFact("1", "x")]));
        Assert.Throws<InvalidOperationException>(() => new FactSet().Of<UnregisteredFact>());
    }

    [Fact]
    public void A_set_made_with_with_shares_no_family_with_the_original()
    {
        var a = new Account("111111111111", "arn:a", "Management", "a@example.com", "ACTIVE", true);
        var original = new FactSet { Accounts = [a] };
        var copy = original with { MfaDevices = [new MfaDevice("111111111111", "arn:mfa", "virtual", null, null)] };
        Assert.Empty(original.MfaDevices);
        Assert.Single(copy.MfaDevices);
        Assert.Same(original.Accounts, copy.Accounts);
    }

    private static string? FirstDifference(JsonNode? a, JsonNode? b, string path) => (a, b) switch
    {
        // Every value read is written; the writer may add the defaults a file left out.
        (JsonObject x, JsonObject y) => x.Select(p => p.Key)
            .Select(k => y.ContainsKey(k) ? FirstDifference(x[k], y[k], $"{path}.{k}") : $"{path}.{k}: not written").FirstOrDefault(d => d is not null),
        (JsonArray x, JsonArray y) when x.Count == y.Count => x.Zip(y).Select((p, i) => FirstDifference(p.First, p.Second, $"{path}[{i}]")).FirstOrDefault(d => d is not null),
        _ when JsonNode.DeepEquals(a, b) || SameInstant(a, b) => null,
        _ => $"{path}: {a?.ToJsonString()} became {b?.ToJsonString()}",
    };

    // The writer spells UTC as +00:00 where a hand-written file may say Z: the same value.
    private static bool SameInstant(JsonNode? a, JsonNode? b) =>
        a is JsonValue x && b is JsonValue y && x.TryGetValue<string>(out var s) && y.TryGetValue<string>(out var t)
        && DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var first)
        && DateTimeOffset.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out var second)
        && first == second && first.Offset == second.Offset;

    private sealed record UnregisteredFact(string AccountId, string ResourceId) : IFact;

    /// <summary>The JSON with empty lists and nulls left out: the writer writes every family, a hand-written file need not.</summary>
    private static JsonNode? WithoutEmpty(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(p => p.Value is not null && p.Value is not JsonArray { Count: 0 })
            .Select(p => KeyValuePair.Create(p.Key, WithoutEmpty(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(WithoutEmpty)]),
        _ => node?.DeepClone(),
    };
}
