using System.Text.Json;

namespace PolicyEngine.Cli.Tests;

/// <summary>
/// --framework on the real process: a requirement view built from the shipped framework files over a workspace holding
/// one rule (MA0401, mapped to the IAM root-user page's MFA requirement), and the errors a mistyped name gets.
/// </summary>
public class FrameworkCliTests
{
    private static Workspace WithFrameworks()
    {
        var workspace = new Workspace().WithRules("frameworks");
        workspace.Write("facts.json", Workspace.Facts(mfa: false));
        return workspace;
    }

    [Fact]
    public void Evaluate_groups_the_json_report_by_requirement_and_names_what_no_rule_covers()
    {
        using var workspace = WithFrameworks();

        var run = workspace.Run("evaluate", "--facts", "facts.json", "--framework", "aws-iam-root-user", "--report", "json=out.json", "--report", "console");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("NOT COVERED", run.Stdout);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(workspace.Root, "out.json")));
        var compliance = report.RootElement.GetProperty("compliance");
        Assert.Equal("aws-iam-root-user", compliance.GetProperty("framework").GetString());
        var requirements = compliance.GetProperty("requirements").EnumerateArray().ToList();
        // MA0401 maps to the page's MFA requirement and its management-account one; its failure shows under both.
        var covered = requirements.Where(r => r.GetProperty("rules").GetArrayLength() > 0).ToList();
        Assert.Equal(["ru-bp-mfa", "ru-bp-management"], covered.Select(r => r.GetProperty("id").GetString()).Order().Reverse());
        Assert.All(covered, r =>
        {
            Assert.Equal("fail", r.GetProperty("status").GetString());
            Assert.Equal(1, r.GetProperty("results").GetProperty("fail").GetInt32());
        });
        // Only MA0401 is in the workspace: every other requirement is reported as not covered, never as passing.
        Assert.All(requirements.Except(covered), r => Assert.Equal("notCovered", r.GetProperty("status").GetString()));
        Assert.Equal(requirements.Count - 2, compliance.GetProperty("summary").GetProperty("notCovered").GetInt32());
    }

    [Fact]
    public void Rules_list_shows_which_requirements_have_rules()
    {
        using var workspace = WithFrameworks();

        var text = workspace.Run("rules", "list", "--framework", "aws-iam-root-user");
        var json = workspace.Run("rules", "list", "--framework", "aws-iam-root-user", "--format", "json");

        Assert.Equal(0, text.ExitCode);
        Assert.Matches(@"ru-bp-mfa\s+MA0401\s", text.Stdout);
        Assert.Matches(@"2 of \d+ requirements have rules", text.Stdout);
        Assert.Equal(0, json.ExitCode);
        using var coverage = JsonDocument.Parse(json.Stdout);
        Assert.Equal(2, coverage.RootElement.GetProperty("covered").GetInt32());
        var mfa = Assert.Single(coverage.RootElement.GetProperty("requirements").EnumerateArray(), r => r.GetProperty("id").GetString() == "ru-bp-mfa");
        Assert.Equal(["MA0401"], mfa.GetProperty("rules").EnumerateArray().Select(r => r.GetString()));
    }

    [Theory]
    [InlineData("no-such-framework", "'no-such-framework' is not a known framework; known: ")]
    [InlineData("cis-aws-foundations", "is loaded in 3 versions; name one: cis-aws-foundations@1.4.0, cis-aws-foundations@3.0.0, cis-aws-foundations@7.0.0")]
    [InlineData("aws-mgmt-account@v9", "framework 'aws-mgmt-account' has no version 'v9'; known: aws-mgmt-account@v1, aws-mgmt-account@v2")]
    public void An_unknown_or_ambiguous_framework_exits_2_before_anything_is_evaluated_or_written(string reference, string expected)
    {
        using var workspace = WithFrameworks();

        var evaluate = workspace.Run("evaluate", "--facts", "facts.json", "--framework", reference, "--report", "json=out.json");
        var list = workspace.Run("rules", "list", "--framework", reference);

        Assert.Equal(2, evaluate.ExitCode);
        Assert.True(evaluate.Stderr.Contains(expected, StringComparison.Ordinal), evaluate.Stderr);
        Assert.DoesNotContain("   at ", evaluate.Stderr);
        Assert.False(File.Exists(Path.Combine(workspace.Root, "out.json")));
        Assert.Equal(2, list.ExitCode);
        Assert.Contains(expected, list.Stderr);
    }
}
