using System.Text.Json;

namespace PolicyEngine.Cli.Tests;

/// <summary>The documented exit codes, checked on the real process.</summary>
public class ExitCodeTests
{
    [Fact]
    public void Failing_results_exit_1_and_a_clean_organization_exits_0()
    {
        using var workspace = new Workspace();
        workspace.Write("bad.json", Workspace.Facts(mfa: false));
        workspace.Write("good.json", Workspace.Facts(mfa: true));

        var failing = workspace.Run("evaluate", "--facts", "bad.json");
        Assert.Equal(1, failing.ExitCode);
        Assert.Contains("MA0401", failing.Stdout);

        var passing = workspace.Run("evaluate", "--facts", "good.json");
        Assert.Equal(0, passing.ExitCode);
    }

    [Fact]
    public void Not_applicable_results_never_change_the_exit_code()
    {
        using var workspace = new Workspace();
        // A management-account root user without password or access keys: MA0401 has nothing to judge.
        workspace.Write("facts.json", Workspace.Facts(mfa: false).Replace("\"passwordEnabled\": true", "\"passwordEnabled\": false"));
        var run = workspace.Run("evaluate", "--facts", "facts.json", "--report", "json=out.json", "--report", "console");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("N/A", run.Stdout);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(workspace.Root, "out.json")));
        Assert.Equal("notApplicable", Assert.Single(report.RootElement.GetProperty("results").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public void The_json_report_has_the_stable_fields()
    {
        using var workspace = new Workspace();
        workspace.Write("bad.json", Workspace.Facts(mfa: false));
        var run = workspace.Run("evaluate", "--facts", "bad.json", "--report", "json=out/results.json", "--now", "2026-11-25");
        Assert.Equal(1, run.ExitCode);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(workspace.Root, "out", "results.json")));
        var result = Assert.Single(report.RootElement.GetProperty("results").EnumerateArray());
        Assert.Equal("MA0401", result.GetProperty("ruleId").GetString());
        Assert.Equal("best-practices_mgmt-acct_mfa", result.GetProperty("recommendation").GetString());
        Assert.Equal("fail", result.GetProperty("status").GetString());
        Assert.Equal("critical", result.GetProperty("severity").GetString());
        Assert.Equal("111111111111", result.GetProperty("accountId").GetString());
        Assert.Equal("arn:aws:organizations::111111111111:account/o-x/111111111111", result.GetProperty("resource").GetString());
        Assert.Contains("has no MFA", result.GetProperty("message").GetString());
    }

    [Fact]
    public void A_rule_error_exits_2_with_compiler_diagnostics_and_evaluates_nothing()
    {
        using var workspace = new Workspace();
        workspace.Write("facts.json", Workspace.Facts(mfa: false));
        var rule = Path.Combine(workspace.Root, "rules", "mfa", "MA0401-root-mfa-not-enabled.yaml");
        File.WriteAllText(rule, File.ReadAllText(rule).Replace("- credential.MfaActive\n", "- credential.MfaActiv\n"));
        var run = workspace.Run("evaluate", "--facts", "facts.json", "--report", "json=results.json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("rules/mfa/MA0401-root-mfa-not-enabled.yaml(", run.Stderr);
        Assert.Contains("error PE1203: 'RootCredential' has no property 'MfaActiv'. Did you mean 'MfaActive'?", run.Stderr);
        Assert.False(File.Exists(Path.Combine(workspace.Root, "results.json")));
    }

    [Theory]
    [InlineData("{\"schemaVersion\": 7}", "schemaVersion 7 is not supported")]
    [InlineData("not json", "not valid JSON")]
    [InlineData("{\"schemaVersion\": 1, \"collectedAt\": \"2026-01-01T00:00:00Z\", \"facts\": {\"acounts\": []}}", "acounts")]
    public void A_bad_snapshot_exits_2_with_a_message_and_no_stack_trace(string content, string expected)
    {
        using var workspace = new Workspace();
        workspace.Write("facts.json", content);
        var run = workspace.Run("evaluate", "--facts", "facts.json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public void A_missing_snapshot_file_exits_2()
    {
        using var workspace = new Workspace();
        var run = workspace.Run("evaluate", "--facts", "nope.json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nope.json", run.Stderr);
    }

    [Theory]
    [InlineData("evaluate", "--facts", "x.json", "--bogus")]
    [InlineData("evaluate", "--now", "yesterday", "--facts", "x.json")]
    [InlineData("frobnicate")]
    public void Bad_arguments_exit_2(params string[] args)
    {
        using var workspace = new Workspace();
        workspace.Write("x.json", Workspace.Facts(mfa: true));
        var run = workspace.Run(args);
        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public void Rules_lint_and_test_succeed_on_valid_rules()
    {
        using var workspace = new Workspace();
        var lint = workspace.Run("rules", "lint");
        Assert.Equal(0, lint.ExitCode);
        var test = workspace.Run("rules", "test");
        Assert.Equal(0, test.ExitCode);
        Assert.Contains("PASS MA0401", test.Stdout);
    }

    [Fact]
    public void Rules_test_exits_1_when_a_case_fails()
    {
        using var workspace = new Workspace();
        var tests = Path.Combine(workspace.Root, "rules", "mfa", "MA0401-root-mfa-not-enabled.tests.yaml");
        File.WriteAllText(tests, File.ReadAllText(tests).Replace("status: fail, messageContains", "status: pass, messageContains"));
        var run = workspace.Run("rules", "test");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("FAIL MA0401", run.Stdout);
    }

    [Fact]
    public void Help_documents_the_exit_codes()
    {
        using var workspace = new Workspace();
        var run = workspace.Run("evaluate", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Exit codes: 0", run.Stdout);
    }
}
