using Microsoft.Extensions.Logging;
using PolicyEngine.Attestations;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
using PolicyEngine.Evaluation.Outcomes;
using PolicyEngine.Pipeline.Configuration;
using PolicyEngine.Reporting;
using PolicyEngine.Reporting.Reporters;
using PolicyEngine.Rules;

namespace PolicyEngine.Pipeline;

/// <summary>Everything one evaluation run was asked to do, from the caller and the configuration.</summary>
public sealed record EvaluationRequest
{
    public string? ConfigPath { get; init; }
    public string? RulesDirectory { get; init; }
    public string? AttestationsPath { get; init; }
    public required DateTimeOffset Now { get; init; }
    public IReadOnlyList<ReportRequest> Reports { get; init; } = [];

    /// <summary>The framework (ID or ID@VERSION) every report groups its results by; null for the grouping by recommendation.</summary>
    public string? Framework { get; init; }
    public string? BaselinePath { get; init; }
    public Severity? FailOn { get; init; }
    public bool FailOnNew { get; init; }
    public Shard Shard { get; init; } = Shard.Whole;

    /// <summary>Time each rule may spend evaluating over the run; null for the default.</summary>
    public TimeSpan? RuleTimeBudget { get; init; }

    /// <summary>--explain RULE[:SUBJECT]: the traces of the rule's subjects written before the reports; null for none.</summary>
    public ExplainRequest? Explain { get; init; }

    /// <summary>Where results go after the reports (Security Hub, say), chosen once the configuration is read.</summary>
    public Func<PolicyConfiguration, IReadOnlyList<IResultPublisher>> Publishers { get; init; } = _ => [];
}

/// <summary>The rule whose verdicts are explained, the subject (an account ID or resource ID; null for all), and where the traces go.</summary>
public sealed record ExplainRequest(string RuleId, string? Subject, TextWriter Output);

/// <summary>A destination the run sends its report to after the reports are written.</summary>
public interface IResultPublisher
{
    /// <summary>Files it will write, checked with the reports' before anything is evaluated.</summary>
    IEnumerable<PlannedOutput> PlannedOutputs { get; }

    /// <summary>Sends the report; false when anything could not be delivered (the publisher logs what).</summary>
    Task<bool> PublishAsync(EvaluationReport report, PolicyConfiguration configuration, CancellationToken cancellation);
}

/// <summary>How a run ended, for a caller to act on (the CLI maps it to an exit code).</summary>
public enum RunOutcome
{
    /// <summary>Nothing failed at the configured threshold.</summary>
    Success,

    /// <summary>At least one result failed at or above the threshold.</summary>
    Failures,

    /// <summary>Collection was incomplete, or a report or publisher could not deliver; reported over failures, which it may hide.</summary>
    Incomplete,

    /// <summary>Rules, configuration, attestations or outputs had errors (in <see cref="RunResult.Diagnostics"/>); nothing was evaluated or written.</summary>
    BadInput,
}

/// <summary>What a run produced: its outcome, every diagnostic, and (unless the input was bad) the report.</summary>
public sealed record RunResult(RunOutcome Outcome, IReadOnlyList<Diagnostic> Diagnostics, EvaluationReport? Report = null);

/// <summary>
/// The evaluation pipeline as a library: configuration → compile (with the configured severities and parameters) →
/// check the configuration against the rules → check reporters and outputs → facts and attestations → evaluate →
/// suppressions → baseline → reports → publishers → outcome. Each step that can meet bad input stops the run with
/// <see cref="RunOutcome.BadInput"/> before anything is evaluated or written. The CLI, tests and tools all run it.
/// </summary>
/// <param name="onDiagnostics">Called with each step's diagnostics as they are found (the CLI prints them); all of them are also in the result.</param>
public sealed class PolicyRun(ILogger logger, Action<IReadOnlyList<Diagnostic>>? onDiagnostics = null)
{
    private readonly List<Diagnostic> _diagnostics = [];

    /// <summary>
    /// Runs with facts gathered once the rules, configuration and outputs are known to be good: live collection, which
    /// must not call AWS for a run that cannot evaluate.
    /// </summary>
    public Task<RunResult> RunAsync(EvaluationRequest request, Func<PolicyConfiguration, CancellationToken, Task<FactSet>> loadFacts, CancellationToken cancellation) =>
        RunAsync(request, readingFacts: null, loadFacts, cancellation);

    /// <summary>
    /// Runs with facts already being read (a snapshot: reading it calls nothing and writes nothing), awaited once the
    /// rules have compiled beside it. A run that stops on bad input leaves them unawaited; their failure is observed.
    /// </summary>
    public Task<RunResult> RunAsync(EvaluationRequest request, Task<FactSet> readingFacts, CancellationToken cancellation)
    {
        readingFacts.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return RunAsync(request, readingFacts, (_, _) => readingFacts, cancellation);
    }

    private async Task<RunResult> RunAsync(EvaluationRequest request, Task<FactSet>? readingFacts,
        Func<PolicyConfiguration, CancellationToken, Task<FactSet>> loadFacts, CancellationToken cancellation)
    {
        _diagnostics.Clear();
        var phases = new PhaseTimings(logger);
        phases.Start();
        var diagnostics = new DiagnosticBag();
        var configuration = ConfigurationReader.Read(request.ConfigPath, diagnostics);
        phases.End("configuration");
        if (Report(diagnostics.Sorted())) return BadInput();

        var rulesDirectory = RulesLocation.Resolve(request.RulesDirectory, configuration);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var compiled = YamlRuleCompiler.CompileDirectory(rulesDirectory, configuration.CompileOptions(request.Now));
        var checks = new DiagnosticBag();
        checks.AddRange(compiled.Diagnostics);
        ConfigurationReader.Check(configuration, [.. compiled.Rules.Concat(compiled.TurnedOff).Select(r => r.Descriptor)], checks);
        if (Report(checks.Sorted())) return BadInput();
        // The framework a report is grouped by must be one the compiled rule pack knows, checked before evaluating.
        string? framework = null;
        if (request.Framework is { } reference)
        {
            if (compiled.Frameworks.Resolve(reference, out var problem) is { } found)
                framework = found.Key;
            else
            {
                var id = reference.Split('@')[0];
                var unknown = new DiagnosticBag();
                unknown.Add(compiled.Frameworks.Versions(id).Any()
                    ? DiagnosticDescriptors.UnknownFrameworkVersion.Create(SourceLocation.FileOnly("--framework"), problem!)
                    : DiagnosticDescriptors.UnknownFramework.Create(SourceLocation.FileOnly("--framework"), reference, string.Join(", ", compiled.Frameworks.All.Select(f => f.Key))));
                Report(unknown.Sorted());
                return BadInput();
            }
        }
        if (request.Explain is { } explain && compiled.Find(explain.RuleId) is null)
        {
            var unknown = new DiagnosticBag();
            unknown.Add(DiagnosticDescriptors.InvalidValue.CreateWithSuggestion(SourceLocation.FileOnly("--explain"),
                Suggestions.DidYouMean(explain.RuleId, compiled.Rules.Select(r => r.Id)), explain.RuleId, "rule to explain",
                compiled.TurnedOff.Any(r => r.Id == explain.RuleId) ? "the configuration turns it off, so it does not run." : "no rule of the rules folder has this ID."));
            Report(unknown.Sorted());
            return BadInput();
        }
        logger.LogInformation("Compiled {RuleCount} rules from {RulesDirectory} in {ElapsedMs} ms", compiled.Rules.Count + compiled.TurnedOff.Count, rulesDirectory, started.ElapsedMilliseconds);
        foreach (var off in compiled.TurnedOff)
            logger.LogInformation("Rule {RuleId} is turned off by configuration", off.Id);
        phases.End("compile");

        // Reporters, their options, every output path and the baseline are checked before evaluating, so a typo
        // fails fast with nothing written.
        var outputs = new DiagnosticBag();
        var reporters = ResolveReporters(request, configuration, outputs);
        var publishers = request.Publishers(configuration);
        OutputPaths.Check(PlannedOutputs(reporters).Concat(publishers.SelectMany(p => p.PlannedOutputs)), outputs);
        if (Report(outputs.Sorted())) return BadInput();
        var baseline = request.BaselinePath is null ? null : JsonReportReader.Read(request.BaselinePath);
        var attestationsPath = request.AttestationsPath ?? (configuration.AttestationsPath is { } configured ? configuration.Resolve(configured) : null);
        var attestations = attestationsPath is null ? null : AttestationFile.Load(attestationsPath, attestationsPath.Replace('\\', '/'));
        if (attestations is not null && Report(attestations.Diagnostics)) return BadInput();

        phases.End("outputs, baseline and attestations");
        var evaluator = new Evaluator(compiled, request.RuleTimeBudget, configuration.Evidence);
        // While the snapshot is still being read this core would wait: it compiles what evaluation would compile later.
        if (readingFacts is { IsCompleted: false }) evaluator.Prepare(() => readingFacts.IsCompleted);
        var facts = await loadFacts(configuration, cancellation);
        phases.End("facts");
        foreach (var preflight in reporters.Select(r => r.Reporter).OfType<IReportPreflight>())
            preflight.Preflight(facts.Accounts.Select(a => a.Id).ToList());
        if (attestations is not null)
        {
            Report(attestations.CheckAgainst(facts, attestationsPath!));
            facts = attestations.ApplyTo(facts);
            logger.LogInformation("Read {AttestationCount} attestations from {Path}", attestations.Attestations.Count, attestationsPath);
        }
        started.Restart();
        var results = evaluator.Evaluate(facts, request.Shard, cancellation);
        logger.LogInformation("Evaluated {RuleCount} rules over {AccountCount} accounts in {ElapsedMs} ms (shard {ShardIndex}/{ShardCount})",
            compiled.Rules.Count, facts.Accounts.Count, started.ElapsedMilliseconds, request.Shard.Index, request.Shard.Count);
        phases.End("evaluate");

        if (request.Explain is { } asked && !Explain(asked, compiled, facts, results)) return BadInput();

        var suppressed = Suppressions.Apply(results, configuration.Suppressions, DateOnly.FromDateTime(request.Now.UtcDateTime));
        Report(suppressed.Diagnostics);
        results = suppressed.Results;
        if (baseline is not null)
            results = Baseline.Compare(results, baseline, compiled.Rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal));

        var report = new EvaluationReport
        {
            Rules = compiled.Rules.Select(r => r.Descriptor).ToList(),
            Results = results,
            EvaluatedAt = request.Now,
            SeverityOverrides = compiled.Rules.Where(r => r.Severity != r.Descriptor.DefaultSeverity).ToDictionary(r => r.Id, r => r.Severity),
            Frameworks = compiled.Frameworks,
            Framework = framework,
        };
        phases.End("suppressions and baseline");
        var delivered = await WriteReportsAsync(report, reporters, cancellation);
        phases.End("reports");
        foreach (var publisher in publishers)
            delivered &= await publisher.PublishAsync(report, configuration, cancellation);
        if (publishers.Count > 0) phases.End("publish");
        var outcome = Outcome(results, facts.CollectionErrors, request, configuration);
        return new RunResult(delivered ? outcome : RunOutcome.Incomplete, [.. _diagnostics], report);
    }

    /// <summary>Writes the traces --explain asked for; false (with a diagnostic, before any report is written) when the subject is not one the rule judged.</summary>
    private bool Explain(ExplainRequest explain, RuleSet compiled, FactSet facts, IReadOnlyList<RuleResult> results)
    {
        var rule = compiled.Find(explain.RuleId)!;
        var traces = Evaluation.Tracing.RuleTracer.TraceFacts(rule, facts, explain.Subject);
        if (traces.Count == 0)
        {
            var judged = results.Where(r => r.RuleId == rule.Id).Select(r => r.AccountId).Distinct().Take(5).ToList();
            var unknown = new DiagnosticBag();
            unknown.Add(DiagnosticDescriptors.InvalidValue.Create(SourceLocation.FileOnly("--explain"), explain.Subject ?? rule.Id, $"subject of {rule.Id}",
                judged.Count == 0
                    ? "the rule judged no subject in these facts."
                    : $"give the account ID or resource ID of a subject the rule judged, such as {string.Join(", ", judged)}."));
            Report(unknown.Sorted());
            return false;
        }
        foreach (var trace in traces)
        {
            Evaluation.Tracing.TraceText.Write(trace, Evaluation.Tracing.ExplainTarget.ResultFor(results, trace), explain.Output);
            explain.Output.WriteLine();
        }
        return true;
    }

    private bool Report(IReadOnlyList<Diagnostic> diagnostics)
    {
        _diagnostics.AddRange(diagnostics);
        onDiagnostics?.Invoke(diagnostics);
        return diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
    }

    private RunResult BadInput() => new(RunOutcome.BadInput, [.. _diagnostics]);

    private async Task<bool> WriteReportsAsync(EvaluationReport report, List<(IReporter Reporter, ReportTarget Target)> reporters, CancellationToken cancellation)
    {
        var delivered = true;
        foreach (var (reporter, target) in reporters)
        {
            try
            {
                await reporter.WriteAsync(report, target, cancellation);
                if (target is FileTarget file) logger.LogInformation("Wrote the {Reporter} report to {Path}", reporter.Name, file.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ReporterException)
            {
                // Checked paths can still fail (permissions, a full disk): the other reports are still written, and the run says so.
                logger.LogError("The {Reporter} report could not be written to {Target}: {Reason}", reporter.Name, target.ToString(), e.Message);
                delivered = false;
            }
        }
        return delivered;
    }

    /// <summary>
    /// The reporters to write, with their targets. What the configuration names (assemblies, reporters, options)
    /// is reported at its line and column; a reporter named by the caller that cannot be made throws
    /// <see cref="ReporterException"/>.
    /// </summary>
    private static List<(IReporter Reporter, ReportTarget Target)> ResolveReporters(EvaluationRequest request, PolicyConfiguration configuration, DiagnosticBag diagnostics)
    {
        var registry = ReporterRegistry.CreateDefault();
        foreach (var assembly in configuration.ReporterAssemblies)
        {
            var path = configuration.Resolve(assembly.Value);
            try
            {
                Core.Files.InputFile.Check(path);
                registry.LoadPlugins(path);
            }
            catch (Core.Files.InputFileException refused)
            {
                diagnostics.Add(DiagnosticDescriptors.ForInput(refused, assembly.Location));
            }
            catch (ReporterException e)
            {
                diagnostics.Add(DiagnosticDescriptors.ReporterAssemblyUnusable.Create(assembly.Location, e.Message));
            }
        }
        foreach (var entry in configuration.Reports.GroupBy(r => r.Name).Select(g => g.First()))
            registry.Configure(entry.Name, entry.Options);

        var resolved = new List<(IReporter, ReportTarget)>();
        if (request.Reports.Count > 0)
        {
            foreach (var report in request.Reports) resolved.Add((registry.Create(report.Name), report.Target()));
            return resolved;
        }
        foreach (var entry in configuration.Reports)
        {
            try
            {
                resolved.Add((registry.Create(entry.Name), new ReportRequest(entry.Name, entry.Path is null ? null : configuration.Resolve(entry.Path)).Target()));
            }
            catch (ReporterException e)
            {
                diagnostics.Add(DiagnosticDescriptors.ReporterInvalid.Create(entry.Location ?? SourceLocation.FileOnly(configuration.SourcePath ?? ""), e.Message));
            }
        }
        if (configuration.Reports.Count == 0) resolved.Add((registry.Create("console"), ReportTarget.StandardOutput()));
        return resolved;
    }

    private static IEnumerable<PlannedOutput> PlannedOutputs(IEnumerable<(IReporter Reporter, ReportTarget Target)> reporters)
    {
        foreach (var (reporter, target) in reporters)
            if (target is FileTarget file) yield return new PlannedOutput($"the {reporter.Name} report", file.Path);
    }

    /// <summary>Incomplete data is reported over failing results, since failures may be hidden behind it.</summary>
    private RunOutcome Outcome(IReadOnlyList<RuleResult> results, IReadOnlyList<CollectionError> errors, EvaluationRequest request, PolicyConfiguration configuration)
    {
        var policy = new FailurePolicy(request.FailOn ?? configuration.FailOn ?? Severity.Info, request.FailOnNew || configuration.FailOnNew);
        var failing = policy.Failing(results);
        var unknown = results.Count(r => r.Status == ResultStatus.Unknown);
        logger.LogInformation("Results: {Fail} fail, {Pass} pass, {Unknown} unknown, {Suppressed} suppressed; {Failing} at or above {Threshold}{NewOnly}",
            results.Count(r => r.Status == ResultStatus.Fail), results.Count(r => r.Status == ResultStatus.Pass), unknown,
            results.Count(r => r.Status == ResultStatus.Suppressed), failing.Count, policy.Threshold.ToName(), policy.OnlyNew ? " (new only)" : "");
        if (errors.Any(e => !e.IsDeliberate))
        {
            foreach (var line in CollectionError.Summarize(errors))
                logger.LogWarning("Not collected: {Summary}", line);
            logger.LogWarning("Collection was incomplete: {ErrorCount} collection errors; {Unknown} results are unknown", errors.Count, unknown);
            return RunOutcome.Incomplete;
        }
        return failing.Count > 0 ? RunOutcome.Failures : RunOutcome.Success;
    }
}

/// <summary>Where the rules come from: the caller, then the configuration, then ./rules, then the rules shipped with the tool.</summary>
public static class RulesLocation
{
    public static string Resolve(string? fromCaller, PolicyConfiguration configuration)
    {
        if (fromCaller is not null) return fromCaller;
        if (configuration.RulesDirectory is { } configured) return configuration.Resolve(configured);
        if (Directory.Exists("rules")) return "rules";
        return Path.Combine(AppContext.BaseDirectory, "rules");
    }
}
