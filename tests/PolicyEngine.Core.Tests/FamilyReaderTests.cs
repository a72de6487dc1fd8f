using System.Text;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Snapshots;

namespace PolicyEngine.Core.Tests;

/// <summary>
/// A well-formed snapshot is read family by family on every core; what it reads must be exactly what the one-pass
/// reader reads, and anything it does not take must reach the one-pass reader, whose error says what and where.
/// </summary>
public class FamilyReaderTests
{
    private static readonly string Demo = File.ReadAllText(Repo.Path("samples/demo-org.json"));

    private const string Rich = """
        {"schemaVersion": 1, "collectedAt": "2026-11-20T06:00:00+00:00",
         "source": {"tool": "policy-engine", "toolVersion": "0.1.0", "region": "eu-west-1"},
         "facts": {
           "organization": {"id": "o-1", "arn": "arn:aws:organizations::111111111111:organization/o-1", "featureSet": "ALL",
                            "managementAccountId": "111111111111", "managementAccountEmail": "root+aws@example.com", "enabledPolicyTypes": ["SERVICE_CONTROL_POLICY"]},
           "accounts": [{"id": "111111111111", "arn": "arn:aws:organizations::111111111111:account/o-1/111111111111", "name": "Mgmt <prod>",
                         "email": "root+aws@example.com", "state": "ACTIVE", "isManagement": true}],
           "collectionErrors": [{"factType": "MfaDevice", "accountId": null, "api": "iam:ListVirtualMFADevices", "errorCode": "AccessDenied", "message": "denied"}]
         }}
        """;

    private static Snapshot? ByFamily(string json) =>
        FamilyReader.TryRead(Encoding.UTF8.GetBytes(json), SnapshotSerializer.Options, Snapshot.CurrentSchemaVersion);

    private static string OnePass(string json) =>
        Encoding.UTF8.GetString(SnapshotSerializer.Serialize(SnapshotSerializer.Parse((ReadOnlySpan<byte>)Encoding.UTF8.GetBytes(json), "facts.json")));

    [Fact]
    public void Well_formed_snapshots_are_read_by_family_with_the_same_result_as_in_one_pass()
    {
        foreach (var json in new[] { Demo, Rich })
        {
            var read = ByFamily(json);
            Assert.NotNull(read);
            Assert.Equal(OnePass(json), Encoding.UTF8.GetString(SnapshotSerializer.Serialize(read)));
        }
        Assert.Equal("Mgmt <prod>", ByFamily(Rich)!.Facts.Accounts[0].Name);
        Assert.Equal("denied", ByFamily(Rich)!.Facts.CollectionErrors[0].Message);
        Assert.Equal("eu-west-1", ByFamily(Rich)!.Source!.Region);
    }

    public static TheoryData<string, string> Unusual() => new()
    {
        { "a null list item", Rich.Replace("\"accounts\": [{", "\"accounts\": [null, {") },
        { "an unknown family", Rich.Replace("\"accounts\":", "\"acounts\":") },
        { "a family in other case", Rich.Replace("\"accounts\":", "\"Accounts\":") },
        { "an escaped family name", Rich.Replace("\"accounts\":", "\"acc\\u006funts\":") },
        { "a repeated family", Rich.Replace("\"collectionErrors\":", "\"accounts\": [], \"collectionErrors\":") },
        { "a family written as null", Rich.Replace("\"collectionErrors\": [", "\"iamUsers\": null, \"collectionErrors\": [") },
        { "a list written as an object", Rich.Replace("\"collectionErrors\": [", "\"iamUsers\": {}, \"collectionErrors\": [") },
        { "an unknown property inside an item", Rich.Replace("\"isManagement\": true", "\"isManagement\": true, \"owner\": \"x\"") },
        { "a missing required value", Rich.Replace("\"state\": \"ACTIVE\", ", "") },
        { "an unknown top-level property", Rich.Replace("\"source\":", "\"extra\": 1, \"source\":") },
        { "no collection time", Rich.Replace("\"collectedAt\": \"2026-11-20T06:00:00+00:00\",", "") },
        { "a repeated top-level property", Rich.Replace("\"source\":", "\"collectedAt\": \"2026-11-21T06:00:00+00:00\", \"source\":") },
        { "deep nesting", Rich.Replace("\"enabledPolicyTypes\": [\"SERVICE_CONTROL_POLICY\"]", "\"enabledPolicyTypes\": " + new string('[', 20) + new string(']', 20)) },
    };

    [Theory]
    [MemberData(nameof(Unusual))]
    public void Anything_unusual_is_left_to_the_one_pass_reader_which_reports_it_or_reads_it(string what, string json)
    {
        Assert.False(string.IsNullOrEmpty(what));
        Assert.Null(ByFamily(json));
        // Through the entry point the outcome is the one-pass reader's: the same snapshot, or the same error.
        string Outcome(Func<Snapshot> read)
        {
            try { return Encoding.UTF8.GetString(SnapshotSerializer.Serialize(read())); }
            catch (SnapshotException e) { return "error: " + e.Message; }
        }
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.Equal(Outcome(() => SnapshotSerializer.Parse((ReadOnlySpan<byte>)bytes, "facts.json")), Outcome(() => SnapshotSerializer.Parse((ReadOnlyMemory<byte>)bytes, "facts.json")));
    }
}
