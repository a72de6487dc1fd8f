using Microsoft.Extensions.Logging.Abstractions;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;
using PolicyEngine.Core.Snapshots;
using PolicyEngine.Pipeline;
using PolicyEngine.Reporting;
using PolicyEngine.Reporting.Reporters;
using PolicyEngine.Rules;

namespace PolicyEngine.Pipeline.Tests;

/// <summary>The run embedded as a library, the way the CLI runs it: configuration, compile, evaluate, report, outcome.</summary>
public sealed class PolicyRunTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("policy-run-");

    public void Dispose() => _temp.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_temp.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static Task<RunResult> Run(EvaluationRequest request) =>
        new PolicyRun(NullLogger.Instance).RunAsync(request, (_, _) => Task.FromResult(SnapshotSerializer.Read(Repo.Path("samples/demo-org.json")).Facts), CancellationToken.None);

    [Fact]
    public async Task Configured_severities_apply_inside_compilation_and_reach_results_and_report()
    {
        var config = Write("policyengine.yaml", """
            severity:
              rules:
                MA0401: low
              categories:
                Contacts: none
            """);
        var json = Path.Combine(_temp.FullName, "results.json");
        var run = await Run(new EvaluationRequest
        {
            ConfigPath = config, RulesDirectory = Repo.Path("rules"), Now = Now, Reports = [new ReportRequest("json", json)],
        });

        Assert.NotEqual(RunOutcome.BadInput, run.Outcome);
        var report = run.Report!;
        Assert.Contains(report.Results, r => r.RuleId == "MA0401");
        Assert.All(report.Results.Where(r => r.RuleId == "MA0401"), r => Assert.Equal(Severity.Low, r.Severity));
        Assert.Equal(Severity.Low, report.SeverityOverrides["MA0401"]);
        var contacts = YamlRuleCompiler.CompileDirectory(Repo.Path("rules")).Rules.Where(r => r.Descriptor.Category == "Contacts").Select(r => r.Id).ToHashSet();
        Assert.NotEmpty(contacts);
        Assert.DoesNotContain(report.Rules, r => r.Category == "Contacts");
        Assert.DoesNotContain(report.Results, r => contacts.Contains(r.RuleId));
        // The JSON report read back carries the same effective severity.
        var written = JsonReportReader.ReadReport(json);
        Assert.Equal(Severity.Low, written.SeverityOverrides["MA0401"]);
    }

    [Fact]
    public void Compilation_options_turn_rules_off_and_set_their_severity()
    {
        var options = new CompileOptions
        {
            Now = Now,
            Severities = new SeverityOptions(new Dictionary<string, Severity?> { ["MA0401"] = Severity.Info, ["MA0101"] = null },
                new Dictionary<string, Severity?>()),
        };
        var rules = YamlRuleCompiler.CompileDirectory(Repo.Path("rules"), options);
        Assert.False(rules.HasErrors);
        Assert.Equal(Severity.Info, rules.Find("MA0401")!.Severity);
        Assert.Equal(Severity.Critical, rules.Find("MA0401")!.Descriptor.DefaultSeverity);
        Assert.Null(rules.Find("MA0101"));
        Assert.Contains(rules.TurnedOff, r => r.Id == "MA0101");
    }

    [Fact]
    public async Task A_configuration_error_stops_the_run_before_anything_is_evaluated_or_written()
    {
        var config = Write("policyengine.yaml", "severity:\n  rules:\n    MA0401: loud\n");
        var json = Path.Combine(_temp.FullName, "results.json");
        var evaluated = false;
        var run = await new PolicyRun(NullLogger.Instance).RunAsync(
            new EvaluationRequest { ConfigPath = config, RulesDirectory = Repo.Path("rules"), Now = Now, Reports = [new ReportRequest("json", json)] },
            (_, _) => { evaluated = true; return Task.FromResult(new Core.Facts.FactSet()); }, CancellationToken.None);
        Assert.Equal(RunOutcome.BadInput, run.Outcome);
        Assert.Contains(run.Diagnostics, d => d.Id == "PE1005");
        Assert.Null(run.Report);
        Assert.False(evaluated);
        Assert.False(File.Exists(json));
    }

    [Fact]
    public async Task The_outcome_puts_incomplete_collection_over_failures()
    {
        var request = new EvaluationRequest { RulesDirectory = Repo.Path("rules"), Now = Now, Reports = [new ReportRequest("json", Path.Combine(_temp.FullName, "r.json"))] };
        var demo = SnapshotSerializer.Read(Repo.Path("samples/demo-org.json")).Facts;
        Assert.Contains(demo.CollectionErrors, e => !e.IsDeliberate);

        var incomplete = await Run(request);
        Assert.Contains(incomplete.Report!.Results, r => r.Status == ResultStatus.Fail);
        Assert.Equal(RunOutcome.Incomplete, incomplete.Outcome);

        var complete = await new PolicyRun(NullLogger.Instance).RunAsync(request,
            (_, _) => Task.FromResult(demo with { CollectionErrors = [] }), CancellationToken.None);
        Assert.Equal(RunOutcome.Failures, complete.Outcome);
    }

    [Fact]
    public async Task Facts_read_early_beside_compilation_reach_the_evaluation_and_their_errors_reach_the_caller()
    {
        var request = new EvaluationRequest { RulesDirectory = Repo.Path("rules"), Now = Now };
        var demo = SnapshotSerializer.Read(Repo.Path("samples/demo-org.json")).Facts;

        var read = await new PolicyRun(NullLogger.Instance).RunAsync(request, Task.Run(() => demo), CancellationToken.None);
        Assert.Equal(RunOutcome.Incomplete, read.Outcome);
        Assert.Equal((await Run(request)).Report!.Results.Count, read.Report!.Results.Count);

        var broken = new InvalidDataException("the snapshot is cut short");
        var e = await Assert.ThrowsAsync<InvalidDataException>(() =>
            new PolicyRun(NullLogger.Instance).RunAsync(request, Task.Run(FactSet () => throw broken), CancellationToken.None));
        Assert.Same(broken, e);
    }

    [Fact]
    public async Task Bad_rules_stop_the_run_before_facts_read_early_matter_and_live_facts_are_never_asked_for()
    {
        var rules = Directory.CreateDirectory(Path.Combine(_temp.FullName, "rules")).FullName;
        File.WriteAllText(Path.Combine(rules, "MA9999-broken.yaml"), "id: MA9999\ntitle: [unclosed\n");
        var request = new EvaluationRequest { RulesDirectory = rules, Now = Now };

        // A snapshot read early that fails is left unread: the rules' diagnostics are the run's answer.
        var early = await new PolicyRun(NullLogger.Instance).RunAsync(request,
            Task.Run(FactSet () => throw new InvalidDataException("the snapshot is cut short")), CancellationToken.None);
        Assert.Equal(RunOutcome.BadInput, early.Outcome);
        Assert.Contains(early.Diagnostics, d => d.Severity == PolicyEngine.Diagnostics.DiagnosticSeverity.Error);

        // Collection (not read early) must not call AWS for a run that cannot evaluate.
        var asked = false;
        var live = await new PolicyRun(NullLogger.Instance).RunAsync(request,
            (_, _) => { asked = true; return Task.FromResult(new Core.Facts.FactSet()); }, CancellationToken.None);
        Assert.Equal(RunOutcome.BadInput, live.Outcome);
        Assert.False(asked);
    }

    [Fact]
    public async Task Evidence_can_be_left_out_by_configuration_and_is_on_by_default()
    {
        var request = new EvaluationRequest { RulesDirectory = Repo.Path("rules"), Now = Now };
        var with = await Run(request);
        var without = await Run(request with { ConfigPath = Write("policyengine.yaml", "evidence: false\n") });
        var wrong = await Run(request with { ConfigPath = Write("wrong.yaml", "evidence: sometimes\n") });

        Assert.Contains(with.Report!.Results, r => r.Facts.Count > 0);
        Assert.All(without.Report!.Results, r => Assert.Empty(r.Facts));
        // The verdicts do not depend on it.
        Assert.Equal(with.Report.Results.Select(r => (r.RuleId, r.AccountId, r.Resource, r.Status, r.Message)),
            without.Report.Results.Select(r => (r.RuleId, r.AccountId, r.Resource, r.Status, r.Message)));
        Assert.Equal(RunOutcome.BadInput, wrong.Outcome);
        Assert.Contains(wrong.Diagnostics, d => d.Id == "PE1003" && d.Message.Contains("'evidence' must be true or false", StringComparison.Ordinal));
    }
}
