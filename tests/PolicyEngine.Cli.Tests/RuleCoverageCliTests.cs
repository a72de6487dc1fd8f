using System.Text.Json;
using System.Xml.Linq;

namespace PolicyEngine.Cli.Tests;

/// <summary>`rules test --coverage`, its threshold's exit code and files, and `--explain`, on the real process.</summary>
public class RuleCoverageCliTests
{
    /// <summary>MA0401 with only its failing case: the MFA condition is never true, the notApplicable part never matches.</summary>
    private static Workspace OneCase()
    {
        var workspace = new Workspace();
        var tests = Path.Combine(workspace.Root, "rules", "mfa", "MA0401-root-mfa-not-enabled.tests.yaml");
        var text = File.ReadAllText(tests);
        File.WriteAllText(tests, text[..text.IndexOf("  - name: root with MFA passes", StringComparison.Ordinal)]);
        return workspace;
    }

    [Fact]
    public void Coverage_below_the_threshold_exits_4_after_every_case_passed()
    {
        using var workspace = OneCase();
        var run = workspace.Run("rules", "test", "--coverage-threshold", "90", "--coverage-json", "out/coverage.json", "--coverage-cobertura", "out/cobertura.xml");
        Assert.Equal(4, run.ExitCode);
        Assert.Contains("rule tests: 1 passed, 0 failed", run.Stdout);
        Assert.Contains("MA0401 condition 'credential.MfaActive': never true (true in 0, false in 1 cases)", run.Stdout);
        Assert.Contains("below --coverage-threshold 90%", run.Stderr);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(workspace.Root, "out", "coverage.json")));
        var percent = json.RootElement.GetProperty("percent").GetDouble();
        Assert.InRange(percent, 1, 89.9);
        var xml = XDocument.Load(Path.Combine(workspace.Root, "out", "cobertura.xml"));
        Assert.Equal("mfa/MA0401-root-mfa-not-enabled.yaml", Assert.Single(xml.Descendants("class")).Attribute("filename")!.Value);

        var low = workspace.Run("rules", "test", "--coverage-threshold", "10");
        Assert.Equal(0, low.ExitCode);
    }

    [Fact]
    public void A_failing_case_exits_1_even_below_the_threshold_and_a_bad_threshold_exits_2()
    {
        using var workspace = OneCase();
        var tests = Path.Combine(workspace.Root, "rules", "mfa", "MA0401-root-mfa-not-enabled.tests.yaml");
        File.WriteAllText(tests, File.ReadAllText(tests).Replace("status: fail", "status: pass"));
        Assert.Equal(1, workspace.Run("rules", "test", "--coverage-threshold", "100").ExitCode);
        var bad = workspace.Run("rules", "test", "--coverage-threshold", "101");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--coverage-threshold '101'", bad.Stderr);
    }

    [Fact]
    public void Explain_prints_the_trace_of_one_case_and_an_unknown_rule_or_case_exits_2()
    {
        using var workspace = new Workspace();
        var run = workspace.Run("rules", "test", "--explain", "MA0401:1");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("case 'root with a password and no MFA fails': PASS", run.Stdout);
        Assert.Contains("MA0401-root-mfa-not-enabled.yaml(41,13): credential.MfaActive: false  [credential.MfaActive = false]", run.Stdout);

        var unknownRule = workspace.Run("rules", "test", "--explain", "MA0499");
        Assert.Equal(2, unknownRule.ExitCode);
        Assert.Contains("no rule 'MA0499'", unknownRule.Stderr);
        var unknownCase = workspace.Run("rules", "test", "--explain", "MA0401:99");
        Assert.Equal(2, unknownCase.ExitCode);
        Assert.Contains("no test case named '99'", unknownCase.Stderr);
    }

    [Fact]
    public void Evaluate_explain_traces_one_subject_escapes_hostile_values_and_refuses_unknown_rules_and_subjects()
    {
        using var workspace = new Workspace();
        // An account name from the snapshot with an ANSI escape and a line break: the trace must not pass them through.
        workspace.Write("facts.json", Workspace.Facts(mfa: false).Replace("\"name\": \"Management\"", "\"name\": \"Mgmt\\u001b[31mRED\\nforged line\""));
        var run = workspace.Run("evaluate", "--facts", "facts.json", "--explain", "MA0401:111111111111", "--now", "2026-11-25");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("MA0401 fail for Account arn:aws:organizations::111111111111:account/o-x/111111111111 (account 111111111111)", run.Stdout);
        Assert.Contains("not: holds: nothing inside matched", run.Stdout);
        Assert.Contains("credential.MfaActive: false  [credential.MfaActive = false]", run.Stdout);
        Assert.Contains("Mgmt\\e[31mRED\\nforged line", run.Stdout);
        Assert.False(run.Stdout.Contains('\u001b'), run.Stdout.Replace("\u001b", "<ESC>"));
        Assert.DoesNotContain("\nforged line", run.Stdout);

        var unknownRule = workspace.Run("evaluate", "--facts", "facts.json", "--explain", "MA0410");
        Assert.Equal(2, unknownRule.ExitCode);
        Assert.Contains("PE1005", unknownRule.Stdout + unknownRule.Stderr);
        Assert.Contains("MA0401", unknownRule.Stdout + unknownRule.Stderr); // the suggestion
        var unknownSubject = workspace.Run("evaluate", "--facts", "facts.json", "--explain", "MA0401:999999999999", "--report", "json=out.json");
        Assert.Equal(2, unknownSubject.ExitCode);
        Assert.Contains("such as 111111111111", unknownSubject.Stdout + unknownSubject.Stderr);
        Assert.False(File.Exists(Path.Combine(workspace.Root, "out.json")));
    }
}
