using System.Text.Json;

namespace PolicyEngine.Cli.Tests;

/// <summary>
/// Hostile rules, rule tests, configuration and attestations on the real process: a diagnostic and exit code 2, or
/// an unknown result, and never a stack trace or a hang.
/// </summary>
public class HostileInputCliTests
{
    private const string RulePath = "rules/mfa/MA0401-root-mfa-not-enabled.yaml";
    private const string TestsPath = "rules/mfa/MA0401-root-mfa-not-enabled.tests.yaml";

    private static void Edit(Workspace workspace, string relative, Func<string, string> change)
    {
        var path = Path.Combine(workspace.Root, relative);
        var before = File.ReadAllText(path);
        var after = change(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(path, after);
    }

    private static void AssertBadInput(CliRun run, string id)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error {id}:", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.DoesNotContain("Exception", run.Stderr);
    }

    public static TheoryData<string, string> BadRules => new()
    {
        { "          - credential.MfaActive\n", "          - '" + new string('(', 50_000) + "credential.MfaActive" + new string(')', 50_000) + "'\n" },
        { "          - credential.MfaActive\n", "          - credential.MfaActive" + string.Concat(Enumerable.Repeat(" && credential.MfaActive", 40_000)) + "\n" },
        { "title: Management account root user has no MFA", "title: " + new string('[', 300_000) },
        { "          - credential.MfaActive\n", "          - credential.MfaActive == \"yes\"\n" },
        { "severity: critical", "severity: critical\nseverity: low" },
        { "          - credential.MfaActive\n", "          - ~\n" },
        { "message: \"The root", "message: \"{" + new string('!', 100_000) + "account.IsManagement} The root" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public void Rules_lint_reports_hostile_rules_as_diagnostics(string original, string replacement)
    {
        using var workspace = new Workspace();
        Edit(workspace, RulePath, text => text.Replace(original, replacement));
        var run = workspace.Run("rules", "lint");
        Assert.Equal(2, run.ExitCode);
        Assert.Matches(@"MA0401-root-mfa-not-enabled\.yaml\(\d+,\d+\): error PE1\d{3}:", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public void Deep_nesting_in_a_configuration_is_PE1010()
    {
        using var workspace = new Workspace();
        workspace.Write("facts.json", Workspace.Facts(mfa: false));
        workspace.Write("deep.yaml", "rules: " + new string('[', 300_000) + "\n");
        AssertBadInput(workspace.Run("evaluate", "--facts", "facts.json", "--config", "deep.yaml"), "PE1010");
    }

    [Fact]
    public void Deep_nesting_in_attestations_is_PE1010()
    {
        using var workspace = new Workspace();
        workspace.Write("facts.json", Workspace.Facts(mfa: false));
        workspace.Write("attestations.yaml", "accountId: " + new string('{', 300_000) + "\n");
        AssertBadInput(workspace.Run("evaluate", "--facts", "facts.json", "--attestations", "attestations.yaml"), "PE1010");
    }

    [Fact]
    public void A_null_in_rule_test_facts_is_PE1402()
    {
        using var workspace = new Workspace();
        Edit(workspace, TestsPath, text => text.Replace("      rootCredentials:\n        - { accountId", "      rootCredentials:\n        - ~\n        - { accountId"));
        AssertBadInput(workspace.Run("rules", "test"), "PE1402");
    }

    [Fact]
    public void A_message_that_throws_gives_unknown_not_a_crash()
    {
        using var workspace = new Workspace();
        workspace.Write("facts.json", Workspace.Facts(mfa: false));
        Edit(workspace, RulePath, text => text.Replace("({account.Id}) has no MFA device.", "({account.Name.Substring(99999)}) has no MFA device."));
        var run = workspace.Run("evaluate", "--facts", "facts.json", "--report", "json=out.json");
        Assert.Equal(0, run.ExitCode); // unknown is not a failure; the report says why
        Assert.DoesNotContain("   at ", run.Stderr);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(workspace.Root, "out.json")));
        var result = Assert.Single(report.RootElement.GetProperty("results").EnumerateArray());
        Assert.Equal("unknown", result.GetProperty("status").GetString());
        Assert.Contains("{account.Name.Substring(99999)}", result.GetProperty("message").GetString());
    }

    [Fact]
    public void A_runaway_rule_ends_in_bounded_time_with_unknown_and_the_other_rules_stand()
    {
        using var workspace = new Workspace();
        var devices = string.Join(",\n", Enumerable.Range(0, 800).Select(i => $$"""{ "accountId": "111111111111", "serialNumber": "arn:aws:iam::111111111111:mfa/d{{i}}", "type": "virtual" }"""));
        workspace.Write("facts.json", Workspace.Facts(mfa: false).Replace("\"rootCredentials\":", $"\"mfaDevices\": [{devices}],\n\"rootCredentials\":"));
        workspace.Write("rules/mfa/MA0499-runaway.yaml", File.ReadAllText(Path.Combine(workspace.Root, RulePath))
            .Replace("id: MA0401", "id: MA0499")
            .Replace("""
  - not:
      - fact: RootCredential
        as: credential
        where:
          - credential.AccountId == account.Id
          - credential.MfaActive
""", """
  - collect: MfaDevice
    as: devices
    each: device
    where: device.AccountId == account.Id
    having: devices.Any(a => devices.Any(b => devices.Any(c => c.SerialNumber == a.SerialNumber + b.SerialNumber)))
"""));
        var run = workspace.Run("evaluate", "--facts", "facts.json", "--rule-time-budget", "0.5", "--report", "json=out.json");
        Assert.Equal(1, run.ExitCode); // MA0401 still fails
        Assert.DoesNotContain("   at ", run.Stderr);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(workspace.Root, "out.json")));
        var results = report.RootElement.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("ruleId").GetString()!);
        Assert.Equal("fail", results["MA0401"].GetProperty("status").GetString());
        Assert.Equal("unknown", results["MA0499"].GetProperty("status").GetString());
        Assert.Contains("time budget of 0.5 s", results["MA0499"].GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-5")]
    public void An_invalid_rule_time_budget_exits_2(string value)
    {
        using var workspace = new Workspace();
        workspace.Write("facts.json", Workspace.Facts(mfa: false));
        var run = workspace.Run("evaluate", "--facts", "facts.json", "--rule-time-budget", value);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--rule-time-budget", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }
}
