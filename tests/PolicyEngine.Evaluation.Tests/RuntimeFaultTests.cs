using PolicyEngine.Evaluation.Tests.Support;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Results;
using PolicyEngine.Tooling.Testing;
using PolicyEngine.Rules;
using PolicyEngine.Diagnostics;
using PolicyEngine.Rules.Syntax;
using PolicyEngine.Syntax;

namespace PolicyEngine.Evaluation.Tests;

/// <summary>
/// Faults that only show while evaluating (a message that throws, a rule that runs away, a subject condition that
/// throws) make that rule's results unknown with a reason; the run ends and the other rules' results stand.
/// </summary>
public class RuntimeFaultTests
{
    private const string Management = "111111111111";

    private static string Rule(string id, string when, string message = "\"{account.Id} fails\"", string subjectWhere = "account.IsManagement", string passMessage = "") =>
        TestRule.Yaml(id, subjectWhere, when, message, passMessage);

    /// <summary>Three nested lambdas over the devices: with a thousand, a billion iterations, minutes of work without a budget.</summary>
    private const string Runaway = "devices.Any(a => devices.Any(b => devices.Any(c => c.SerialNumber == a.SerialNumber + b.SerialNumber)))";

    private static string CollectDevices(string having) => $"""
  - collect: MfaDevice
    as: devices
    each: device
    where: device.AccountId == account.Id
    having: {having}
""";

    private static FactSet Facts(int devices = 0) => new()
    {
        Accounts = [new Account(Management, $"arn:aws:organizations::{Management}:account/o-x/{Management}", "Management", "aws@example.com", "ACTIVE", true)],
        RootCredentials = [new RootCredential(Management, true, null, false, false, null, false, null)],
        MfaDevices = Enumerable.Range(0, devices).Select(i => new MfaDevice(Management, $"arn:aws:iam::{Management}:mfa/d{i}", "virtual", null, null)).ToList(),
    };

    private static IReadOnlyList<RuleResult> Evaluate(FactSet facts, TimeSpan? budget, params (string Id, string Text)[] rules)
    {
        var set = YamlRuleCompiler.CompileSources(rules.ToDictionary(r => $"rules/{r.Id}-t.yaml", r => r.Text));
        Assert.Equal(new List<string>(), set.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList());
        return new Evaluator(set, budget).Evaluate(facts);
    }

    [Fact]
    public void A_message_that_throws_makes_the_result_unknown_naming_the_rule_and_placeholder()
    {
        var results = Evaluate(Facts(), null,
            ("TT0101", Rule("TT0101", TestRule.NoMfa, "\"Account {account.Name.Substring(99999)} fails\"")),
            ("TT0102", Rule("TT0102", TestRule.NoMfa)));
        var broken = results.Single(r => r.RuleId == "TT0101");
        Assert.Equal(ResultStatus.Unknown, broken.Status);
        Assert.StartsWith("Could not evaluate TT0101:", broken.Message);
        Assert.Contains("{account.Name.Substring(99999)}", broken.Message);
        Assert.Equal(ResultStatus.Fail, results.Single(r => r.RuleId == "TT0102").Status);
    }

    [Fact]
    public void A_pass_message_that_throws_makes_the_result_unknown()
    {
        var rule = Rule("TT0103", TestRule.NoMfa.Replace("!credential.MfaActive", "credential.MfaActive"), passMessage: "passMessage: \"{account.Email.Substring(5000)}\"");
        var result = Assert.Single(Evaluate(Facts(), null, ("TT0103", rule)));
        Assert.Equal(ResultStatus.Unknown, result.Status);
        Assert.Contains("{account.Email.Substring(5000)}", result.UnknownReason);
    }

    [Fact]
    public void A_runaway_rule_is_stopped_by_its_time_budget_and_the_others_are_right()
    {
        var runaway = CollectDevices(having: Runaway);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var results = Evaluate(Facts(devices: 1000), TimeSpan.FromMilliseconds(300), ("TT0104", Rule("TT0104", runaway)), ("TT0105", Rule("TT0105", TestRule.NoMfa)));
        var stopped = results.Single(r => r.RuleId == "TT0104");
        Assert.Equal(ResultStatus.Unknown, stopped.Status);
        Assert.Contains("evaluation time budget of 0.3 s", stopped.UnknownReason);
        Assert.Equal(ResultStatus.Fail, results.Single(r => r.RuleId == "TT0105").Status);
        Assert.True(started.Elapsed < TimeSpan.FromMinutes(1), $"took {started.Elapsed}"); // a guard against a hang, not a speed test
    }

    [Fact]
    public void A_message_that_runs_away_is_stopped_too()
    {
        var message = $"\"{{{Runaway} ? \\\"x\\\" : \\\"y\\\"}}\"";
        var when = CollectDevices(having: "devices.Count() > 0");
        var result = Assert.Single(Evaluate(Facts(devices: 1000), TimeSpan.FromMilliseconds(300), ("TT0106", Rule("TT0106", when, message))));
        Assert.Equal(ResultStatus.Unknown, result.Status);
        Assert.Contains("time budget", result.UnknownReason);
    }

    [Fact]
    public void A_rule_whose_regular_expression_times_out_on_every_fact_is_stopped_by_the_budget()
    {
        // Each match runs into the helper's 100 ms regular-expression timeout; without the budget, 40 accounts cost 4 s per rule, 10,000 accounts minutes.
        var facts = new FactSet
        {
            Accounts = Enumerable.Range(0, 40).Select(i => new Account($"{300000000000 + i}", $"arn:aws:organizations::{Management}:account/o-x/{300000000000 + i}",
                new string('a', 5000) + "!", "aws@example.com", "ACTIVE", false)).ToList(),
        };
        var rule = Rule("TT0110", TestRule.NoMfa, subjectWhere: "Text.Matches(account.Name, \"^(a|aa)+$\") || account.IsActive");
        var results = Evaluate(facts, TimeSpan.FromMilliseconds(300), ("TT0110", rule));
        Assert.Equal(40, results.Count);
        Assert.All(results, r => Assert.Equal(ResultStatus.Unknown, r.Status));
        Assert.Contains(results, r => r.UnknownReason!.Contains("time budget", StringComparison.Ordinal));
    }

    [Fact]
    public void A_subject_condition_that_throws_leaves_an_unknown_result_not_silence()
    {
        var result = Assert.Single(Evaluate(Facts(), null, ("TT0107", Rule("TT0107", TestRule.NoMfa, subjectWhere: "account.Name.Substring(500) == \"\""))));
        Assert.Equal(ResultStatus.Unknown, result.Status);
        Assert.Equal(Management, result.AccountId);
        Assert.Contains("failed while evaluating", result.UnknownReason);
    }

    [Fact]
    public void Cheap_rules_are_unaffected_by_a_tiny_budget()
    {
        // Small against the 30 s default, yet above what a preempted thread on a loaded machine can lose inside one condition.
        var results = Evaluate(Facts(devices: 3), TimeSpan.FromMilliseconds(250), ("TT0108", Rule("TT0108", TestRule.NoMfa)));
        Assert.Equal(ResultStatus.Fail, Assert.Single(results).Status);
    }

    [Fact]
    public void Expressions_at_the_depth_limits_compile_into_the_engine_and_evaluate()
    {
        var nested = new string('(', 38) + "!credential.MfaActive" + new string(')', 38);
        var chain = string.Concat(Enumerable.Repeat(" || credential.AccountId == \"x\"", 45));
        var when = $"""
  - fact: RootCredential
    as: credential
    where: [ "credential.AccountId == account.Id", '{nested}{chain}' ]
""";
        Assert.Equal(ResultStatus.Fail, Assert.Single(Evaluate(Facts(), null, ("TT0109", Rule("TT0109", when)))).Status);
    }

    [Theory]
    [InlineData("accounts: [~]", 5, 18)]
    [InlineData("accounts: [{ id: \"1\", arn: a, name: n, email: e, state: ACTIVE, isManagement: true }]\n      rootCredentials:\n        - ~", 7, 11)]
    public void A_null_in_a_test_facts_list_is_PE1402_at_the_item(string facts, int line, int column)
    {
        var text = $"""
rule: MA0401
cases:
  - name: nulls
    facts:
      {facts}
    expect: []
""";
        var diagnostics = new DiagnosticBag();
        var document = YamlSource.Parse(text, "MA0401.tests.yaml", diagnostics)!;
        var suite = RuleTestReader.Read(document, diagnostics);
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("PE1402", error.Id);
        Assert.Contains("empty (~ or null)", error.Message);
        Assert.Equal((line, column), (error.Location.Line, error.Location.Column));
        Assert.Empty(suite!.Cases);
    }

    [Fact]
    public void Deeply_nested_test_facts_are_PE1010()
    {
        var text = "rule: MA0401\ncases:\n  - name: deep\n    facts: { accounts: " + new string('[', 100_000) + "\n";
        var diagnostics = new DiagnosticBag();
        Assert.Null(YamlSource.Parse(text, "MA0401.tests.yaml", diagnostics));
        Assert.Equal("PE1010", Assert.Single(diagnostics.Items).Id);
    }
}
