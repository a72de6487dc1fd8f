using System.Text.Json;

namespace PolicyEngine.Cli.Tests;

/// <summary>The nightly job as a process: configuration, overrides, suppressions, baselines, exit codes, shards, JSON logs.</summary>
public class NightlyJobTests
{
    private const string MemberRule = """
        id: TT0101
        title: Account has no security contact
        severity: medium
        category: Contacts
        recommendation: best-practices_mgmt-acct_phone-number
        rationale: r
        remediation: r
        subject: { fact: Account, as: account }
        when:
          - not:
              - fact: AlternateContact
                as: contact
                where: [ "contact.AccountId == account.Id", "contact.Type == \"SECURITY\"", "contact.IsSet" ]
        message: "{account.Id} has no security contact"
        """;

    /// <summary>An organization of <paramref name="count"/> accounts; those listed have a security contact.</summary>
    private static string Organization(int count, IEnumerable<int> withContact, bool mfa = false, bool collectionError = false)
    {
        var ids = Enumerable.Range(0, count).Select(i => (111111111111L + i).ToString()).ToList();
        var accounts = ids.Select((id, i) => new { id, arn = $"arn:aws:organizations::111111111111:account/o-x/{id}", name = $"acct-{i}", email = $"aws+{i}@example.com", state = "ACTIVE", isManagement = i == 0 });
        var contacts = withContact.Select(i => new { accountId = ids[i], type = "SECURITY", isSet = true });
        var errors = collectionError ? new[] { new { factType = "AlternateContact", accountId = ids[^1], api = "account:GetAlternateContact", errorCode = "AccessDeniedException", message = "denied" } } : [];
        return JsonSerializer.Serialize(new
        {
            schemaVersion = 1,
            collectedAt = "2026-11-25T00:00:00Z",
            facts = new
            {
                accounts,
                rootCredentials = new[] { new { accountId = ids[0], passwordEnabled = true, mfaActive = mfa, accessKey1Active = false, accessKey2Active = false } },
                alternateContacts = contacts,
                collectionErrors = errors,
            },
        });
    }

    private static Workspace WithMemberRule()
    {
        var workspace = new Workspace();
        workspace.Write("rules/contacts/TT0101-security-contact.yaml", MemberRule);
        return workspace;
    }

    private static List<JsonElement> Results(Workspace workspace, string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(workspace.Root, path)));
        return document.RootElement.GetProperty("results").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    [Fact]
    public void Configuration_errors_are_reported_with_position_and_suggestion_and_exit_2()
    {
        using var workspace = WithMemberRule();
        workspace.Write("facts.json", Organization(3, [1, 2]));
        workspace.Write("policyengine.yaml", "failOn: high\nsuppresions: []\nseverity:\n  rules:\n    MA0401: urgent\n");
        var run = workspace.Run("evaluate", "--facts", "facts.json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("policyengine.yaml(2,1): error PE1002: Unknown key 'suppresions' in the configuration. Did you mean 'suppressions'?", run.Stderr);
        Assert.Contains("policyengine.yaml(5,13): error PE1005: 'urgent' is not a valid severity", run.Stderr);
    }

    [Fact]
    public void A_suppression_without_justification_is_an_error()
    {
        using var workspace = WithMemberRule();
        workspace.Write("facts.json", Organization(3, [1, 2]));
        workspace.Write("policyengine.yaml", "suppressions:\n  - rule: TT0101\n    account: \"*\"\n    owner: me\n    expires: 2027-01-01\n");
        var run = workspace.Run("evaluate", "--facts", "facts.json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error PE1004: a suppression is missing the required key 'justification'.", run.Stderr);
    }

    [Fact]
    public void An_override_of_an_unknown_rule_is_a_warning_not_silence()
    {
        using var workspace = WithMemberRule();
        workspace.Write("facts.json", Organization(3, [0, 1, 2], mfa: true));
        workspace.Write("policyengine.yaml", "severity:\n  rules:\n    MA0410: low\n");
        var run = workspace.Run("evaluate", "--facts", "facts.json");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("policyengine.yaml(3,5): warning PE2001: 'MA0410' is not a loaded rule; this setting has no effect. Did you mean 'MA0401'?", run.Stderr);
    }

    [Fact]
    public void Severity_overrides_apply_by_id_then_category_and_none_turns_a_rule_off()
    {
        using var workspace = WithMemberRule();
        workspace.Write("facts.json", Organization(3, [1]));
        workspace.Write("policyengine.yaml", "severity:\n  rules:\n    MA0401: none\n  categories:\n    Contacts: high\n");
        var run = workspace.Run("evaluate", "--facts", "facts.json", "--report", "json=out.json");
        Assert.Equal(1, run.ExitCode);
        var results = Results(workspace, "out.json");
        Assert.DoesNotContain(results, r => r.GetProperty("ruleId").GetString() == "MA0401");
        Assert.All(results, r => Assert.Equal("high", r.GetProperty("severity").GetString()));
    }

    [Fact]
    public void Suppressions_active_expired_and_unused()
    {
        using var workspace = WithMemberRule();
        workspace.Write("facts.json", Organization(3, [1], mfa: true));
        workspace.Write("policyengine.yaml", """
            suppressions:
              - rule: TT0101
                account: "111111111111"
                justification: The management account's contact is handled by the CISO's office.
                owner: ciso@example.com
                expires: 2027-01-01
              - rule: TT0101
                account: "111111111113"
                justification: Old exception.
                owner: ops@example.com
                expires: 2026-01-01
              - rule: TT0101
                account: "999999999999"
                justification: Account closed.
                owner: ops@example.com
                expires: 2027-06-30
            """);
        var run = workspace.Run("evaluate", "--facts", "facts.json", "--now", "2026-11-25", "--report", "json=out.json");
        var results = Results(workspace, "out.json").Where(r => r.GetProperty("ruleId").GetString() == "TT0101").ToList();
        var suppressed = results.Single(r => r.GetProperty("accountId").GetString() == "111111111111");
        Assert.Equal("suppressed", suppressed.GetProperty("status").GetString());
        Assert.Equal("The management account's contact is handled by the CISO's office.", suppressed.GetProperty("suppression").GetProperty("justification").GetString());
        Assert.Equal("fail", results.Single(r => r.GetProperty("accountId").GetString() == "111111111113").GetProperty("status").GetString());
        Assert.Contains("warning PE2101: The suppression of TT0101 for account 111111111113 expired on 2026-01-01", run.Stderr);
        Assert.Contains("warning PE2102: The suppression of TT0101 for account 999999999999", run.Stderr);
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public void A_baseline_marks_new_unchanged_and_resolved_and_fail_on_new_ignores_the_unchanged()
    {
        using var workspace = WithMemberRule();
        workspace.Write("before.json", Organization(4, [1], mfa: true));   // 0, 2, 3 fail
        workspace.Write("after.json", Organization(4, [2, 3], mfa: true)); // 2 and 3 have contacts now: 0 and 1 fail
        Assert.Equal(1, workspace.Run("evaluate", "--facts", "before.json", "--report", "json=previous.json").ExitCode);

        var run = workspace.Run("evaluate", "--facts", "after.json", "--baseline", "previous.json", "--report", "json=current.json", "--report", "console");
        var states = Results(workspace, "current.json").Where(r => r.GetProperty("ruleId").GetString() == "TT0101")
            .ToDictionary(r => r.GetProperty("accountId").GetString()!, r => r.TryGetProperty("baseline", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null);
        Assert.Equal("unchanged", states["111111111111"]);
        Assert.Equal("new", states["111111111112"]);
        Assert.Equal("resolved", states["111111111113"]);
        Assert.Equal("resolved", states["111111111114"]);
        Assert.Equal(1, run.ExitCode);

        // Only unchanged failures: --fail-on-new passes.
        var again = workspace.Run("evaluate", "--facts", "after.json", "--baseline", "current.json", "--fail-on-new", "--report", "json=third.json");
        Assert.Equal(0, again.ExitCode);
    }

    [Fact]
    public void Fail_on_sets_the_severity_threshold()
    {
        using var workspace = WithMemberRule();
        workspace.Write("facts.json", Organization(3, [1], mfa: true)); // only the medium TT0101 fails
        Assert.Equal(1, workspace.Run("evaluate", "--facts", "facts.json").ExitCode);
        Assert.Equal(0, workspace.Run("evaluate", "--facts", "facts.json", "--fail-on", "high").ExitCode);
        Assert.Equal(2, workspace.Run("evaluate", "--facts", "facts.json", "--fail-on", "severe").ExitCode);
    }

    [Fact]
    public void Incomplete_collection_exits_3_and_names_what_is_missing()
    {
        using var workspace = WithMemberRule();
        workspace.Write("facts.json", Organization(3, [0, 1, 2], mfa: true, collectionError: true));
        var run = workspace.Run("evaluate", "--facts", "facts.json");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("Not collected: AlternateContact: account:GetAlternateContact failed with AccessDeniedException (111111111113): denied", run.Stderr);
    }

    [Fact]
    public void The_union_of_shards_equals_the_unsharded_run()
    {
        using var workspace = WithMemberRule();
        workspace.Write("facts.json", Organization(40, Enumerable.Range(0, 40).Where(i => i % 3 == 0)));
        workspace.Run("evaluate", "--facts", "facts.json", "--now", "2026-11-25", "--report", "json=all.json");
        var whole = Results(workspace, "all.json").Select(r => r.GetRawText()).Order().ToList();
        var union = new List<string>();
        for (var k = 0; k < 3; k++)
        {
            var run = workspace.Run("evaluate", "--facts", "facts.json", "--now", "2026-11-25", "--shard", $"{k}/3", "--report", $"json=shard{k}.json");
            Assert.InRange(run.ExitCode, 0, 1);
            var shard = Results(workspace, $"shard{k}.json");
            Assert.NotEmpty(shard);
            Assert.Equal(k == 0, shard.Any(r => r.GetProperty("ruleId").GetString() == "MA0401"));
            union.AddRange(shard.Select(r => r.GetRawText()));
        }
        Assert.Equal(whole, union.Order().ToList());
        Assert.Equal(2, workspace.Run("evaluate", "--facts", "facts.json", "--shard", "3/3").ExitCode);
    }

    [Fact]
    public void Json_logs_are_one_json_object_per_line()
    {
        using var workspace = WithMemberRule();
        workspace.Write("facts.json", Organization(3, [1], collectionError: true));
        var run = workspace.Run("evaluate", "--facts", "facts.json", "--log-format", "json", "--report", "json=out.json");
        Assert.Equal(3, run.ExitCode);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var entry = JsonDocument.Parse(line);
            Assert.True(entry.RootElement.TryGetProperty("LogLevel", out _), line);
            Assert.True(entry.RootElement.TryGetProperty("Message", out _), line);
        }
        Assert.Contains(lines, l => l.Contains("\"RuleCount\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"Summary\":\"AlternateContact: account:GetAlternateContact failed", StringComparison.Ordinal));
    }
}
