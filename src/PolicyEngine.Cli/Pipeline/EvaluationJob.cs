using Microsoft.Extensions.Logging;
using PolicyEngine.Cli.Configuration;
using PolicyEngine.Cli.Logging;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;
using PolicyEngine.Evaluation;
using PolicyEngine.Attestations;
using PolicyEngine.Evaluation.Outcomes;
using PolicyEngine.Reporting;
using PolicyEngine.Reporting.Reporters;
using PolicyEngine.Rules;
using PolicyEngine.Diagnostics;

namespace PolicyEngine.Cli.Pipeline;

/// <summary>Everything one evaluation run was asked to do, from the command line and the configuration.</summary>
public sealed record EvaluationRequest
{
    public string? ConfigPath { get; init; }
    public string? RulesDirectory { get; init; }
    public string? AttestationsPath { get; init; }
    public required DateTimeOffset Now { get; init; }
    public IReadOnlyList<ReportRequest> Reports { get; init; } = [];
    public string? BaselinePath { get; init; }
    public Severity? FailOn { get; init; }
    public bool FailOnNew { get; init; }
    public Shard Shard { get; init; } = Shard.Whole;

    /// <summary>Time each rule may spend evaluating over the run; null for the default.</summary>
    public TimeSpan? RuleTimeBudget { get; init; }

    /// <summary>Push targets from the command line; null falls back to the configuration's.</summary>
    public IReadOnlyList<string>? Push { get; init; }

    public PushRequest PushRequest { get; init; } = new(null, null, null);
}

/// <summary>
/// The evaluation pipeline: configuration → rules → facts → evaluate → severities, suppressions, baseline → reports
/// → exit code. Each step that can meet bad input stops the run with exit code 2 before anything is evaluated.
/// </summary>
public sealed class EvaluationJob(CliLogging logging)
{
    private readonly ILogger _log = logging.Logger;

    public async Task<int> RunAsync(EvaluationRequest request, Func<PolicyConfiguration, CancellationToken, Task<FactSet>> loadFacts, CancellationToken cancellation)
    {
        var diagnostics = new DiagnosticBag();
        var configuration = ConfigurationReader.Read(request.ConfigPath, diagnostics);
        if (logging.Report(diagnostics.Sorted())) return ExitCodes.BadInput;

        var rulesDirectory = RulesLocation.Resolve(request.RulesDirectory, configuration);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var compiled = YamlRuleCompiler.CompileDirectory(rulesDirectory, new CompileOptions { Now = request.Now, ParameterOverrides = configuration.Parameters });
        var checks = new DiagnosticBag();
        checks.AddRange(compiled.Diagnostics);
        ConfigurationReader.Check(configuration, compiled.Rules.Select(r => r.Descriptor).ToList(), checks);
        if (logging.Report(checks.Sorted())) return ExitCodes.BadInput;
        _log.LogInformation("Compiled {RuleCount} rules from {RulesDirectory} in {ElapsedMs} ms", compiled.Rules.Count, rulesDirectory, started.ElapsedMilliseconds);

        var enabled = compiled.Rules.Where(r => configuration.EffectiveSeverity(r.Descriptor) is not null).ToList();
        foreach (var off in compiled.Rules.Except(enabled))
            _log.LogInformation("Rule {RuleId} is turned off by configuration", off.Id);

        // Reporters, their options, every output path and the baseline are checked before evaluating, so a typo
        // fails fast with exit 2 and nothing written.
        var outputs = new DiagnosticBag();
        var reporters = ResolveReporters(request, configuration, outputs);
        var pushing = (request.Push ?? configuration.Push).Contains("securityhub", StringComparer.OrdinalIgnoreCase);
        OutputPaths.Check(PlannedOutputs(reporters, pushing ? request.PushRequest.DryRunPath : null), outputs);
        if (logging.Report(outputs.Sorted())) return ExitCodes.BadInput;
        var baseline = request.BaselinePath is null ? null : JsonReportReader.Read(request.BaselinePath);
        var attestationsPath = request.AttestationsPath ?? (configuration.AttestationsPath is { } configured ? configuration.Resolve(configured) : null);
        var attestations = attestationsPath is null ? null : AttestationFile.Load(attestationsPath, attestationsPath.Replace('\\', '/'));
        if (attestations is not null && logging.Report(attestations.Diagnostics)) return ExitCodes.BadInput;

        var facts = await loadFacts(configuration, cancellation);
        foreach (var preflight in reporters.Select(r => r.Reporter).OfType<IReportPreflight>())
            preflight.Preflight(facts.Accounts.Select(a => a.Id).ToList());
        if (attestations is not null)
        {
            logging.Report(attestations.CheckAgainst(facts, attestationsPath!));
            facts = attestations.ApplyTo(facts);
            _log.LogInformation("Read {AttestationCount} attestations from {Path}", attestations.Attestations.Count, attestationsPath);
        }
        started.Restart();
        var results = new Evaluator(new RuleSet(enabled, []), request.RuleTimeBudget).Evaluate(facts, request.Shard, cancellation);
        _log.LogInformation("Evaluated {RuleCount} rules over {AccountCount} accounts in {ElapsedMs} ms (shard {ShardIndex}/{ShardCount})",
            enabled.Count, facts.Accounts.Count, started.ElapsedMilliseconds, request.Shard.Index, request.Shard.Count);

        var severities = enabled.ToDictionary(r => r.Id, r => configuration.EffectiveSeverity(r.Descriptor)!.Value, StringComparer.Ordinal);
        results = results.Select(r => r with { Severity = severities[r.RuleId] }).ToList();

        var suppressed = Suppressions.Apply(results, configuration.Suppressions, DateOnly.FromDateTime(request.Now.UtcDateTime));
        logging.Report(suppressed.Diagnostics);
        results = suppressed.Results;
        if (baseline is not null)
            results = Baseline.Compare(results, baseline, enabled.Select(r => r.Id).ToHashSet(StringComparer.Ordinal));

        var report = new EvaluationReport
        {
            Rules = enabled.Select(r => r.Descriptor).ToList(),
            Results = results,
            EvaluatedAt = request.Now,
            SeverityOverrides = enabled.Where(r => severities[r.Id] != r.Descriptor.DefaultSeverity).ToDictionary(r => r.Id, r => severities[r.Id]),
        };
        var delivered = true;
        foreach (var (reporter, target) in reporters)
        {
            try
            {
                await reporter.WriteAsync(report, target, cancellation);
                if (target is FileTarget file) _log.LogInformation("Wrote the {Reporter} report to {Path}", reporter.Name, file.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ReporterException)
            {
                // Checked paths can still fail (permissions, a full disk): the other reports are still written, and the run says so (exit 3).
                _log.LogError("The {Reporter} report could not be written to {Target}: {Reason}", reporter.Name, target.ToString(), e.Message);
                delivered = false;
            }
        }
        if (pushing)
            delivered &= await SecurityHubPush.PublishAsync(report, request.PushRequest, configuration, _log, cancellation);
        var outcome = Outcome(results, facts.CollectionErrors, request, configuration);
        return delivered ? outcome : ExitCodes.Incomplete;
    }

    /// <summary>
    /// The reporters to write, with their targets. What the configuration names (assemblies, reporters, options)
    /// is reported at its line and column; a reporter named on the command line that cannot be made throws
    /// <see cref="ReporterException"/> (exit 2).
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

    private static IEnumerable<PlannedOutput> PlannedOutputs(IEnumerable<(IReporter Reporter, ReportTarget Target)> reporters, string? dryRunPath)
    {
        foreach (var (reporter, target) in reporters)
            if (target is FileTarget file) yield return new PlannedOutput($"the {reporter.Name} report", file.Path);
        if (dryRunPath is not null) yield return new PlannedOutput("the Security Hub dry run", dryRunPath);
    }

    /// <summary>Exit code precedence: incomplete data (3) is reported over failing results (1), since failures may be hidden behind it.</summary>
    private int Outcome(IReadOnlyList<RuleResult> results, IReadOnlyList<CollectionError> errors, EvaluationRequest request, PolicyConfiguration configuration)
    {
        var policy = new FailurePolicy(request.FailOn ?? configuration.FailOn ?? Severity.Info, request.FailOnNew || configuration.FailOnNew);
        var failing = policy.Failing(results);
        var unknown = results.Count(r => r.Status == ResultStatus.Unknown);
        _log.LogInformation("Results: {Fail} fail, {Pass} pass, {Unknown} unknown, {Suppressed} suppressed; {Failing} at or above {Threshold}{NewOnly}",
            results.Count(r => r.Status == ResultStatus.Fail), results.Count(r => r.Status == ResultStatus.Pass), unknown,
            results.Count(r => r.Status == ResultStatus.Suppressed), failing.Count, policy.Threshold.ToName(), policy.OnlyNew ? " (new only)" : "");
        if (errors.Any(e => !e.IsDeliberate))
        {
            foreach (var line in CollectionError.Summarize(errors))
                _log.LogWarning("Not collected: {Summary}", line);
            _log.LogWarning("Collection was incomplete: {ErrorCount} collection errors; {Unknown} results are unknown", errors.Count, unknown);
            return ExitCodes.Incomplete;
        }
        return failing.Count > 0 ? ExitCodes.Failures : ExitCodes.Success;
    }
}

/// <summary>Where the rules come from: --rules, then the configuration, then ./rules, then the rules shipped with the tool.</summary>
public static class RulesLocation
{
    public static string Resolve(string? fromCommandLine, PolicyConfiguration configuration)
    {
        if (fromCommandLine is not null) return fromCommandLine;
        if (configuration.RulesDirectory is { } configured) return configuration.Resolve(configured);
        if (Directory.Exists("rules")) return "rules";
        return Path.Combine(AppContext.BaseDirectory, "rules");
    }
}
