using System.Diagnostics;
using System.Text.Json;

namespace PolicyEngine.Cli.Tests;

/// <summary>
/// Hostile and careless input, as a pull request or a broken job would give it: every case ends with a
/// diagnostic and a documented exit code, never a stack trace, a hang, echoed file content or a half-written run.
/// </summary>
public class HostileInputTests
{
    private const string Secret = "root:x:0:0:SECRET-CONTENT:/root:/bin/bash";

    private static void NoStackTrace(CliRun run)
    {
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.DoesNotContain("Exception", run.Stderr);
    }

    private static string TwoAccounts() => Workspace.Facts(mfa: false).Replace(
        "{ \"id\": \"111111111111\",",
        "{ \"id\": \"222222222222\", \"arn\": \"arn:aws:organizations::111111111111:account/o-x/222222222222\", \"name\": \"Member\", \"email\": \"m@example.com\", \"state\": \"ACTIVE\", \"isManagement\": false },\n{ \"id\": \"111111111111\",");

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
    }

    [Fact]
    public void A_rule_file_linked_to_a_file_outside_the_rules_folder_is_refused_without_echoing_it()
    {
        if (OperatingSystem.IsWindows()) return;
        using var workspace = new Workspace();
        var secret = workspace.Write("elsewhere/passwd", Secret);
        File.CreateSymbolicLink(Path.Combine(workspace.Root, "rules", "mfa", "evil.yaml"), secret);
        var run = workspace.Run("rules", "lint");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("rules/mfa/evil.yaml: error PE1602:", run.Stderr);
        Assert.DoesNotContain("SECRET", run.Stderr + run.Stdout);
        NoStackTrace(run);
    }

    [Fact]
    public void A_link_inside_the_rules_folder_is_followed_and_a_linked_folder_cannot_loop()
    {
        if (OperatingSystem.IsWindows()) return;
        using var workspace = new Workspace();
        var mfa = Path.Combine(workspace.Root, "rules", "mfa");
        var rule = Directory.GetFiles(mfa, "MA0401-*.yaml").Single(f => !f.EndsWith(".tests.yaml", StringComparison.Ordinal));
        Directory.CreateDirectory(Path.Combine(workspace.Root, "rules", "shared"));
        File.Move(rule, Path.Combine(workspace.Root, "rules", "shared", Path.GetFileName(rule)));
        File.CreateSymbolicLink(rule, Path.Combine("..", "shared", Path.GetFileName(rule)));
        Directory.CreateSymbolicLink(Path.Combine(mfa, "loop"), Path.Combine(workspace.Root, "rules"));
        var run = workspace.Run("rules", "lint");
        // The linked rule and its real file are the same rule twice: reported as a duplicate ID, not read outside, not looped.
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("PE1301", run.Stderr);
        Assert.DoesNotContain("PE1602", run.Stderr);
        NoStackTrace(run);
    }

    [Theory]
    [InlineData("--facts")]
    [InlineData("--config")]
    [InlineData("--attestations")]
    [InlineData("--baseline")]
    public void Named_pipes_and_devices_are_refused_without_reading_them(string option)
    {
        if (OperatingSystem.IsWindows()) return;
        using var workspace = new Workspace();
        workspace.Write("facts.json", Workspace.Facts(mfa: true));
        MakeFifo(Path.Combine(workspace.Root, "pipe"));
        foreach (var (path, kind) in new[] { ("pipe", "named pipe"), ("/dev/zero", "device"), (".", "folder") })
        {
            string[] args = option == "--facts" ? ["evaluate", "--facts", path] : ["evaluate", "--facts", "facts.json", option, path];
            var run = workspace.Run(args);
            Assert.Equal(2, run.ExitCode);
            Assert.Contains($"error PE1601: '{path}' is a", run.Stderr);
            Assert.Contains(kind, run.Stderr);
            NoStackTrace(run);
        }
    }

    [Fact]
    public void A_configuration_that_is_not_yaml_text_is_refused_and_only_a_short_escaped_excerpt_is_shown()
    {
        using var workspace = new Workspace();
        workspace.Write("facts.json", Workspace.Facts(mfa: true));
        File.WriteAllBytes(Path.Combine(workspace.Root, "binary.yaml"), [0x7f, (byte)'E', (byte)'L', (byte)'F', 0xff, 0x00]);
        var binary = workspace.Run("evaluate", "--facts", "facts.json", "--config", "binary.yaml");
        Assert.Equal(2, binary.ExitCode);
        Assert.Contains("binary.yaml: error PE1603: 'binary.yaml' is not UTF-8 text.", binary.Stderr);

        workspace.Write("passwd.yaml", Secret + "\n" + string.Concat(Enumerable.Repeat("daemon:x:1:1:daemon:/usr/sbin\n", 50)));
        var text = workspace.Run("evaluate", "--facts", "facts.json", "--config", "passwd.yaml");
        Assert.Equal(2, text.ExitCode);
        // At most a 24-character excerpt of what was read: the rest of the line and the other lines never appear.
        Assert.Contains("but is the text 'root:x:0:0:SECRET-CONTEN…'", text.Stderr);
        Assert.DoesNotContain("/bin/bash", text.Stderr);
        Assert.DoesNotContain("daemon", text.Stderr);
        NoStackTrace(text);
    }

    [Fact]
    public void Output_paths_are_checked_before_evaluating_and_nothing_is_written()
    {
        using var workspace = new Workspace();
        workspace.Write("facts.json", Workspace.Facts(mfa: false));
        workspace.Write("two.json", TwoAccounts());
        workspace.Write("afile", "x");
        Directory.CreateDirectory(Path.Combine(workspace.Root, "afolder"));
        string Out(string name) => Path.Combine(workspace.Root, name);

        foreach (var (report, expected) in new[]
        {
            ("markdown=afolder", "'afolder' is a folder"),
            ("markdown=afile/report.md", "is a file, not a folder"),
            ("markdown=first.json", "would both be written to 'first.json'"),
        })
        {
            var run = workspace.Run("evaluate", "--facts", "facts.json", "--report", "json=first.json", "--report", report);
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("error PE1605: Cannot write the markdown report: ", run.Stderr);
            Assert.Contains(expected, run.Stderr);
            Assert.False(File.Exists(Out("first.json")), report);
            Assert.DoesNotContain("Evaluated", run.Stderr);
            NoStackTrace(run);
        }

        var asff = workspace.Run("evaluate", "--facts", "two.json", "--report", "json=first.json", "--report", "asff=findings.json");
        Assert.Equal(2, asff.ExitCode);
        Assert.Contains("set option accountId", asff.Stderr);
        Assert.False(File.Exists(Out("first.json")));

        var dryRun = workspace.Run("evaluate", "--facts", "facts.json", "--report", "json=first.json", "--push", "securityhub", "--dry-run", "afolder", "--account", "111111111111");
        Assert.Equal(2, dryRun.ExitCode);
        Assert.Contains("Cannot write the Security Hub dry run", dryRun.Stderr);
        Assert.False(File.Exists(Out("first.json")));

        var docs = workspace.Run("rules", "docs", "--out", "afile");
        Assert.Equal(2, docs.ExitCode);
        Assert.Contains("afile: error PE1605: Cannot write the rule pages: 'afile' is a file, not a folder", docs.Stderr);

        var collect = workspace.Run("collect", "--out", "afolder");
        Assert.Equal(2, collect.ExitCode);
        Assert.Contains("Cannot write the snapshot", collect.Stderr);
        NoStackTrace(collect);
    }

    [Fact]
    public void Control_characters_from_a_snapshot_are_escaped_on_the_console_in_logs_and_in_diagnostics()
    {
        using var workspace = new Workspace();
        var hostile = "Acme\\u001b[2J\\rPASS  forged\\u0007\\u202e";
        workspace.Write("facts.json", Workspace.Facts(mfa: false).Replace("\"name\": \"Management\"", $"\"name\": \"{hostile}\""));
        var run = workspace.Run("evaluate", "--facts", "facts.json");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(@"Acme\e[2J\rPASS  forged\x07\u202E", run.Stdout);
        Assert.DoesNotContain('\u001b', run.Stdout);
        Assert.DoesNotContain('\r', run.Stdout);

        // A configuration key with an escape sequence is quoted in the diagnostic, escaped, in text and JSON logs.
        workspace.Write("policyengine.yaml", "\"fail\\eOn\": high\n");
        var text = workspace.Run("evaluate", "--facts", "facts.json");
        Assert.Equal(2, text.ExitCode);
        Assert.Contains(@"Unknown key 'fail\eOn'", text.Stderr);
        Assert.DoesNotContain('\u001b', text.Stderr);
        var json = workspace.Run("--log-format", "json", "evaluate", "--facts", "facts.json");
        Assert.Equal(2, json.ExitCode);
        Assert.DoesNotContain('\u001b', json.Stderr);
        foreach (var line in json.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            using (JsonDocument.Parse(line)) { }
    }

    [Theory]
    [InlineData("""{"schemaVersion": 1, "collectedAt": "2026-11-25T00:00:00Z", "facts": {"accounts": [null]}}""", "facts.json(1,84): invalid snapshot at $.facts.accounts[0]: a list item is null")]
    [InlineData("""{"schemaVersion": 1, "collectedAt": "2026-11-25T00:00:00Z", "facts": {"accounts": [], "rootCredentials": null}}""", "at $.facts.rootCredentials: null is not allowed here")]
    [InlineData("""{"schemaVersion": 1, "schemaVersion": 1, "collectedAt": "2026-11-25T00:00:00Z", "facts": {}}""", "the property 'schemaVersion' appears more than once")]
    public void Null_items_nulls_for_objects_and_duplicate_keys_in_a_snapshot_exit_2_with_their_place(string snapshot, string expected)
    {
        using var workspace = new Workspace();
        workspace.Write("facts.json", snapshot);
        var run = workspace.Run("evaluate", "--facts", "facts.json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr);
        NoStackTrace(run);
    }

    [Fact]
    public void A_baseline_with_a_null_result_exits_2()
    {
        using var workspace = new Workspace();
        workspace.Write("facts.json", Workspace.Facts(mfa: false));
        workspace.Write("previous.json", """{"schemaVersion": 1, "results": [null]}""");
        var run = workspace.Run("evaluate", "--facts", "facts.json", "--baseline", "previous.json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("previous.json(1,34): not a JSON report: the list item at $.results[0] is null.", run.Stderr);
        NoStackTrace(run);
    }

    [Fact]
    public void A_parameter_of_the_wrong_type_is_PE2004_at_the_configuration_line_and_column()
    {
        using var workspace = new Workspace();
        foreach (var file in Directory.GetFiles(Repo.Path("rules/email"), "MA0202-*"))
            workspace.Write(Path.Combine("rules", "email", Path.GetFileName(file)), File.ReadAllText(file));
        workspace.Write("facts.json", Workspace.Facts(mfa: true));
        workspace.Write("policyengine.yaml", "parameters:\n  MA0202:\n    corporateDomains: 5\n");
        var run = workspace.Run("evaluate", "--facts", "facts.json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("policyengine.yaml(3,5): error PE2004: Parameter 'corporateDomains' of rule 'MA0202' must be a list of text, like its default.", run.Stderr);
        Assert.DoesNotContain("rules/", run.Stderr);
        Assert.DoesNotContain("PE2001", run.Stderr);
    }

    [Fact]
    public void A_reporter_assembly_that_is_missing_a_folder_or_not_an_assembly_is_reported_at_its_configuration_line()
    {
        using var workspace = new Workspace();
        workspace.Write("facts.json", Workspace.Facts(mfa: true));
        workspace.Write("not-an-assembly.dll", "MZ but not really");
        Directory.CreateDirectory(Path.Combine(workspace.Root, "plugins"));
        workspace.Write("policyengine.yaml", "reporterAssemblies:\n  - missing.dll\n  - plugins\n  - not-an-assembly.dll\n");
        var run = workspace.Run("evaluate", "--facts", "facts.json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("policyengine.yaml(2,5): error PE1604:", run.Stderr);
        Assert.Contains("policyengine.yaml(3,5): error PE1601:", run.Stderr);
        Assert.Contains("policyengine.yaml(4,5): error PE2007:", run.Stderr);
        NoStackTrace(run);
    }

    [Fact]
    public void Unknown_push_targets_and_regions_in_the_configuration_are_diagnostics()
    {
        using var workspace = new Workspace();
        workspace.Write("facts.json", Workspace.Facts(mfa: true));
        workspace.Write("policyengine.yaml", "push: [securityhubb]\naws:\n  region: \"us-east-1\\e[0m\"\n");
        var run = workspace.Run("evaluate", "--facts", "facts.json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("policyengine.yaml(1,8): error PE1005: 'securityhubb' is not a valid push target", run.Stderr);
        Assert.Contains("Did you mean 'securityhub'?", run.Stderr);
        Assert.Contains("policyengine.yaml(3,11): error PE1005:", run.Stderr);
        Assert.DoesNotContain('\u001b', run.Stderr);
    }

    [Fact]
    public void A_suppression_pattern_that_would_backtrack_neither_crashes_nor_hangs_the_run()
    {
        using var workspace = new Workspace();
        workspace.Write("facts.json", Workspace.Facts(mfa: false).Replace("account/o-x/111111111111\"", "account/o-x/" + new string('a', 5000) + "\""));
        var pattern = string.Concat(Enumerable.Repeat("*a", 30)) + "*b";
        workspace.Write("policyengine.yaml", $"suppressions:\n  - rule: MA0401\n    account: \"*\"\n    resource: \"{pattern}\"\n    justification: j\n    owner: o\n    expires: 2099-01-01\n");
        var run = workspace.Run("evaluate", "--facts", "facts.json", "--now", "2026-11-25");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("PE2102", run.Stderr);
        NoStackTrace(run);
    }
}
