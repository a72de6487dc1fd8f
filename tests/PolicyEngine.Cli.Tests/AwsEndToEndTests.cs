using System.Text.Json;

namespace PolicyEngine.Cli.Tests;

/// <summary>The CLI against a real AWS emulator (moto on 127.0.0.1): collect, evaluate, push to Security Hub.</summary>
public sealed class AwsEndToEndTests : IDisposable
{
    private readonly MotoProcess? _moto = MotoProcess.SkipReason is null ? MotoProcess.Start() : null;

    public void Dispose() => _moto?.Dispose();

    private const string SeedOrganization = """
        import boto3
        org = boto3.client("organizations")
        org.create_organization(FeatureSet="ALL")
        for name in ["prod", "staging", "sandbox"]:
            org.create_account(AccountName=name, Email=f"aws+{name}@example.com")
        print(boto3.client("sts").get_caller_identity()["Account"])
        """;

    [SkippableMotoFact]
    public void Collect_writes_a_snapshot_that_names_what_could_not_be_collected()
    {
        using var workspace = new Workspace();
        _moto!.Python(SeedOrganization);
        var run = workspace.RunWith(_moto.ClientEnvironment, "collect", "--out", "snapshot.json");
        Assert.Contains(run.ExitCode, new[] { 0, 3 });
        using var snapshot = JsonDocument.Parse(File.ReadAllText(Path.Combine(workspace.Root, "snapshot.json")));
        var facts = snapshot.RootElement.GetProperty("facts");
        Assert.Equal(4, facts.GetProperty("accounts").GetArrayLength());
        Assert.Single(facts.GetProperty("accounts").EnumerateArray(), a => a.GetProperty("isManagement").GetBoolean());
        if (run.ExitCode == 3) Assert.Contains("Not collected:", run.Stderr);
        Assert.DoesNotContain("testing", File.ReadAllText(Path.Combine(workspace.Root, "snapshot.json")).Replace("\"testing\"", "x"), StringComparison.Ordinal);

        var evaluate = workspace.RunWith(_moto.ClientEnvironment, "evaluate", "--aws", "--report", "json=results.json");
        Assert.Contains(evaluate.ExitCode, new[] { 1, 3 });
        Assert.True(File.Exists(Path.Combine(workspace.Root, "results.json")));
    }

    [SkippableMotoFact]
    public void Scps_collected_from_moto_are_evaluated_per_member_account_along_its_path()
    {
        using var workspace = new Workspace().WithRules("default-controls");
        var seeded = _moto!.Python("""
            import boto3, json
            org = boto3.client("organizations")
            org.create_organization(FeatureSet="ALL")
            root = org.list_roots()["Roots"][0]["Id"]
            org.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
            def ou(name):
                return org.create_organizational_unit(ParentId=root, Name=name)["OrganizationalUnit"]["Id"]
            def account(name, parent):
                a = org.create_account(AccountName=name, Email=f"aws+{name}@example.com")["CreateAccountStatus"]["AccountId"]
                org.move_account(AccountId=a, SourceParentId=root, DestinationParentId=parent)
                return a
            def scp(name, statement, target):
                p = org.create_policy(Name=name, Description=name, Type="SERVICE_CONTROL_POLICY",
                                      Content=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))["Policy"]["PolicySummary"]["Id"]
                org.attach_policy(PolicyId=p, TargetId=target)
            prod, sandbox = ou("prod"), ou("sandbox")
            accounts = [account("prod", prod), account("sandbox", sandbox)]
            scp("KeepInOrg", {"Effect": "Deny", "Action": "organizations:Leave*", "Resource": "*",
                              "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/OrgBreakGlass"}}}, root)
            scp("NoClose", {"Effect": "Deny", "Action": "account:CloseAccount", "Resource": "*"}, prod)
            scp("NoCloseInUsEast1", {"Effect": "Deny", "Action": "account:*", "Resource": "*",
                                     "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}}}, sandbox)
            print(" ".join(accounts))
            """).Trim().Split(' ');
        var (prodAccount, sandboxAccount) = (seeded[0], seeded[1]);

        workspace.RunWith(_moto.ClientEnvironment, "evaluate", "--aws", "--report", "json=results.json");

        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(workspace.Root, "results.json")));
        var results = report.RootElement.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("ruleId").GetString() is "MA0901" or "MA0902")
            .ToDictionary(r => (r.GetProperty("ruleId").GetString(), r.GetProperty("accountId").GetString()),
                r => (Status: r.GetProperty("status").GetString(), Message: r.GetProperty("message").GetString()!));
        Assert.Equal(4, results.Count); // two member accounts, two rules; the management account is not judged
        Assert.Equal("pass", results[("MA0901", prodAccount)].Status);
        Assert.Contains("except for arn:aws:iam::*:role/OrgBreakGlass", results[("MA0901", sandboxAccount)].Message);
        Assert.Equal("pass", results[("MA0902", prodAccount)].Status);
        Assert.Contains("NoClose (", results[("MA0902", prodAccount)].Message);
        Assert.Equal("fail", results[("MA0902", sandboxAccount)].Status);
        Assert.Contains("applies only when StringEquals aws:RequestedRegion [us-east-1]", results[("MA0902", sandboxAccount)].Message);
    }

    [SkippableMotoFact]
    public void Pushing_twice_to_security_hub_updates_rather_than_duplicates()
    {
        using var workspace = new Workspace();
        workspace.Write("facts.json", Workspace.Facts(mfa: false));
        var first = workspace.RunWith(_moto!.ClientEnvironment, "evaluate", "--facts", "facts.json", "--push", "securityhub");
        Assert.Equal(1, first.ExitCode);
        Assert.Contains("findings delivered", first.Stderr);
        var second = workspace.RunWith(_moto.ClientEnvironment, "evaluate", "--facts", "facts.json", "--push", "securityhub");
        Assert.Equal(1, second.ExitCode);
        var count = _moto.Python("""
            import boto3
            findings = boto3.client("securityhub").get_findings()["Findings"]
            print(len([f for f in findings if f["GeneratorId"].endswith("MA0401")]))
            """).Trim();
        Assert.Equal("1", count);
    }

    [Fact]
    public void A_dry_run_writes_the_requests_without_credentials_or_network()
    {
        using var workspace = new Workspace();
        workspace.Write("facts.json", Workspace.Facts(mfa: false));
        var run = workspace.RunWith(new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9", ["AWS_REGION"] = "eu-west-1" },
            "evaluate", "--facts", "facts.json", "--push", "securityhub", "--dry-run", "requests.json", "--account", "111111111111");
        Assert.Equal(1, run.ExitCode);
        var requests = File.ReadAllText(Path.Combine(workspace.Root, "requests.json"));
        Assert.Contains("arn:aws:securityhub:eu-west-1:111111111111:product/111111111111/default", requests);
        Assert.Contains("MA0401", requests);
    }
}

/// <summary>A fact that is skipped, with the reason, when moto_server is not installed (and CI does not require it).</summary>
public sealed class SkippableMotoFactAttribute : FactAttribute
{
    public SkippableMotoFactAttribute()
    {
        if (MotoProcess.SkipReason is { } reason) Skip = reason;
    }
}
