using System.Text;
using Json.Schema;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Snapshots;

namespace PolicyEngine.Core.Tests;

public class SnapshotSerializerTests
{
    private const string SchemaPath = "docs/schemas/snapshot.schema.json";

    // Through the entry point files use: well-formed snapshots are read family by family, the rest in one pass.
    private static Snapshot Parse(string json) => SnapshotSerializer.Parse((ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(json), "facts.json");

    [Fact]
    public void A_snapshot_round_trips()
    {
        var snapshot = new Snapshot(1, new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero), new FactSet
        {
            Accounts = [new Account("111111111111", "arn:aws:organizations::111111111111:account/o-x/111111111111", "Management", "root@example.com", "ACTIVE", true)],
            RootCredentials = [new RootCredential("111111111111", true, new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), true, false, null, false, null)],
            CollectionErrors = [new CollectionError("MfaDevice", null, "iam:ListVirtualMFADevices", "AccessDenied", "denied")],
        });
        var read = SnapshotSerializer.Parse(SnapshotSerializer.Serialize(snapshot), "x");
        Assert.Equal(snapshot.Facts.Accounts, read.Facts.Accounts);
        Assert.Equal(snapshot.Facts.RootCredentials, read.Facts.RootCredentials);
        Assert.Equal(snapshot.Facts.CollectionErrors, read.Facts.CollectionErrors);
    }

    [Fact]
    public void Families_and_collection_errors_a_snapshot_leaves_out_read_as_empty()
    {
        var read = Parse("""{"schemaVersion": 1, "collectedAt": "2026-01-01T00:00:00Z", "facts": {"accounts": []}}""");
        Assert.All(FactCatalog.All, type => Assert.Empty(read.Facts.Of(type)));
        Assert.Empty(read.Facts.CollectionErrors);
        Assert.Null(read.Facts.Organization);
        Assert.Empty(read.Facts.RootCredentials);
        Assert.Null(read.Source);
    }

    [Fact]
    public void Repeated_short_values_are_read_as_one_string_and_every_value_as_written()
    {
        const string Arn = "arn:aws:organizations::111111111111:account/o-exampleorgid/111111111111-with-a-long-tail";
        var accounts = string.Join(", ", Enumerable.Range(0, 3).Select(i =>
            $$"""{"id": "11111111111{{i}}", "arn": "{{Arn}}", "name": "{{(i == 2 ? "Ops \u00e9quipe" : "Ops")}}", "email": "root+aws@example.com", "state": "ACTIVE", "isManagement": false}"""));
        var json = Encoding.UTF8.GetBytes("""{"schemaVersion": 1, "collectedAt": "2026-01-01T00:00:00Z", "facts": {"accounts": [""" + accounts + "]}}");
        // Family by family, and in one pass.
        foreach (var read in new[] { SnapshotSerializer.Parse((ReadOnlyMemory<byte>)json, "x"), SnapshotSerializer.Parse((ReadOnlySpan<byte>)json, "x") })
        {
            var (a, b, c) = (read.Facts.Accounts[0], read.Facts.Accounts[1], read.Facts.Accounts[2]);
            Assert.Equal(["111111111110", "111111111111", "111111111112"], read.Facts.Accounts.Select(x => x.Id));
            Assert.Same(a.Email, b.Email);
            Assert.Same(a.State, c.State);
            Assert.Same(a.Name, b.Name);
            Assert.Equal("Ops \u00e9quipe", c.Name);
            Assert.Equal(Arn, c.Arn);
        }
    }

    [Fact]
    public void An_unknown_schema_version_is_refused_before_anything_else()
    {
        var error = Assert.Throws<SnapshotException>(() => Parse("""{"schemaVersion": 2, "whatever": true}"""));
        Assert.Equal("facts.json: schemaVersion 2 is not supported; this version of PolicyEngine reads schemaVersion 1. Collect the snapshot again with this version.", error.Message);
    }

    [Fact]
    public void A_missing_schema_version_is_refused()
    {
        var error = Assert.Throws<SnapshotException>(() => Parse("""{"collectedAt": "2026-01-01T00:00:00Z", "facts": {}}"""));
        Assert.Contains("no schemaVersion", error.Message);
    }

    [Fact]
    public void Unknown_properties_are_refused_with_their_path_and_line()
    {
        var error = Assert.Throws<SnapshotException>(() => Parse("""
            {"schemaVersion": 1, "collectedAt": "2026-01-01T00:00:00Z",
             "facts": {"accounts": [{"id": "1", "arn": "a", "name": "n", "email": "e", "state": "ACTIVE", "isManagement": true, "colour": "red"}]}}
            """));
        Assert.StartsWith("facts.json(2,", error.Message);
        Assert.Contains("$.facts.accounts[0]", error.Message);
        Assert.Contains("colour", error.Message);
    }

    [Fact]
    public void Missing_required_values_are_refused()
    {
        var error = Assert.Throws<SnapshotException>(() => Parse("""
            {"schemaVersion": 1, "collectedAt": "2026-01-01T00:00:00Z", "facts": {"accounts": [{"id": "1"}]}}
            """));
        Assert.Contains("missing required properties", error.Message);
        Assert.Contains("arn", error.Message);
    }

    [Fact]
    public void Wrong_types_and_nulls_are_refused()
    {
        Assert.Throws<SnapshotException>(() => Parse("""
            {"schemaVersion": 1, "collectedAt": "2026-01-01T00:00:00Z", "facts": {"rootCredentials": [{"accountId": "1", "passwordEnabled": "yes", "mfaActive": true, "accessKey1Active": false, "accessKey2Active": false}]}}
            """));
        Assert.Throws<SnapshotException>(() => Parse("""
            {"schemaVersion": 1, "collectedAt": "2026-01-01T00:00:00Z", "facts": {"accounts": [{"id": null, "arn": "a", "name": "n", "email": "e", "state": "ACTIVE", "isManagement": true}]}}
            """));
    }

    [Theory]
    [InlineData("""{"schemaVersion": 1, "collectedAt": "2026-01-01T00:00:00Z", "facts": {"accounts": [null]}}""", "facts.json(1,84): invalid snapshot at $.facts.accounts[0]: a list item is null")]
    [InlineData("""{"schemaVersion": 1, "collectedAt": "2026-01-01T00:00:00Z", "facts": {"accounts": [], "mfaDevices": [{"accountId": "1", "serialNumber": "s", "type": "virtual"}, null]}}""", "$.facts.mfaDevices[1]: a list item is null")]
    [InlineData("""{"schemaVersion": 1, "collectedAt": "2026-01-01T00:00:00Z", "facts": {"accounts": [], "organization": {"id": "o", "arn": "a", "featureSet": "ALL", "managementAccountId": "1", "managementAccountEmail": "e", "enabledPolicyTypes": [null]}}}""", "enabledPolicyTypes[0]: a list item is null")]
    [InlineData("""{"schemaVersion": 1, "collectedAt": "2026-01-01T00:00:00Z", "facts": {"acc\u006funts": [{"id": "1", "arn": "a", "name": "n", "email": "e", "state": "ACTIVE", "isManagement": true}, null]}}""", "at $.facts.accounts[1]: a list item is null")]
    [InlineData("""{"schemaVersion": 1, "collectedAt": "2026-01-01T00:00:00Z", "facts": null}""", "at $.facts: null is not allowed here")]
    [InlineData("""{"schemaVersion": 1, "collectedAt": "2026-01-01T00:00:00Z", "facts": {"accounts": null}}""", "at $.facts.accounts: null is not allowed here")]
    [InlineData("{\"schemaVersion\": 1,\n\"schemaVersion\": 1, \"collectedAt\": \"2026-01-01T00:00:00Z\", \"facts\": {}}", "facts.json(2,17): invalid snapshot at $.schemaVersion: the property 'schemaVersion' appears more than once")]
    [InlineData("""{"schemaVersion": 1, "collectedAt": "2026-01-01T00:00:00Z", "facts": {"accounts": [{"id": "1", "arn": "a", "name": "n", "name": "m", "email": "e", "state": "ACTIVE", "isManagement": true}]}}""", "the property 'name' appears more than once")]
    public void Null_items_nulls_for_objects_and_duplicate_properties_are_refused_at_their_place(string json, string expected)
    {
        var error = Assert.Throws<SnapshotException>(() => Parse(json));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Invalid_json_is_refused_with_a_position()
    {
        var error = Assert.Throws<SnapshotException>(() => Parse("{\"schemaVersion\": 1,\n \"facts\": {,}}"));
        Assert.StartsWith("facts.json(2,", error.Message);
    }

    [Fact]
    public void The_committed_schema_matches_the_fact_model()
    {
        var expected = SnapshotSerializer.ExportSchema().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";
        var path = Repo.Path(SchemaPath);
        if (Environment.GetEnvironmentVariable("UPDATE_SCHEMAS") == "1") File.WriteAllText(path, expected);
        Assert.True(File.Exists(path) && File.ReadAllText(path) == expected,
            $"{SchemaPath} is stale; regenerate it with: UPDATE_SCHEMAS=1 dotnet test tests/PolicyEngine.Core.Tests");
    }

    [Fact]
    public void The_demo_snapshot_is_valid_against_the_schema_and_loads()
    {
        var sample = Repo.Path("samples/demo-org.json");
        var schema = JsonSchema.FromText(File.ReadAllText(Repo.Path(SchemaPath)));
        using var instance = System.Text.Json.JsonDocument.Parse(File.ReadAllText(sample));
        var result = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        var snapshot = SnapshotSerializer.Read(sample);
        Assert.True(snapshot.Facts.Accounts.Count >= 25);
    }

    [Fact]
    public void Atomic_writes_leave_no_temporary_files_and_replace_the_target()
    {
        var directory = Directory.CreateTempSubdirectory();
        try
        {
            var path = Path.Combine(directory.FullName, "facts.json");
            File.WriteAllText(path, "old");
            SnapshotSerializer.Write(new Snapshot(1, DateTimeOffset.UnixEpoch, new FactSet()), path);
            Assert.Equal(1, SnapshotSerializer.Read(path).SchemaVersion);
            Assert.Equal(["facts.json"], Directory.GetFiles(directory.FullName).Select(Path.GetFileName));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
