using System.CommandLine;
using System.Globalization;
using PolicyEngine.Core.Results;
using PolicyEngine.Core.Snapshots;
using PolicyEngine.Evaluation;
using PolicyEngine.Reporting;
using PolicyEngine.Rules;

namespace PolicyEngine.Cli.Commands;

/// <summary>`policy-engine evaluate`: compile the rules, read the facts, evaluate, report, and exit with what happened.</summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var facts = new Option<string?>("--facts") { Description = "The facts snapshot (JSON) to evaluate." };
        var rulesDir = new Option<string>("--rules") { Description = "The rules folder.", DefaultValueFactory = _ => RulesCommand.DefaultRulesDirectory };
        var reports = new Option<string[]>("--report")
        {
            Description = "A reporter and optionally its output file: NAME[=PATH]. Repeatable. Without it, a console report is printed.",
            AllowMultipleArgumentsPerToken = false,
        };
        var now = new Option<string?>("--now") { Description = "The evaluation date (ISO 8601), for reproducible results. Defaults to now." };

        var command = new Command("evaluate", $"Evaluate the rules against a facts snapshot.\n{ExitCodes.HelpText}") { facts, rulesDir, reports, now };
        command.SetAction(async (parse, cancellation) =>
        {
            var factsPath = parse.GetValue(facts) ?? throw new UsageException("--facts FILE is required (or --aws to collect live facts).");
            var evaluatedAt = ParseNow(parse.GetValue(now));
            var specs = (parse.GetValue(reports) ?? []).Select(ReportSpec.Parse).ToList();

            var rules = YamlRuleCompiler.CompileDirectory(parse.GetValue(rulesDir)!, new CompileOptions { Now = evaluatedAt });
            if (DiagnosticPrinter.Print(rules.Diagnostics)) return ExitCodes.BadInput;
            var snapshot = SnapshotSerializer.Read(factsPath);

            var results = new Evaluator(rules).Evaluate(snapshot.Facts, cancellation: cancellation);
            var report = new EvaluationReport
            {
                Rules = rules.Rules.Select(r => r.Descriptor).ToList(),
                Results = results,
                EvaluatedAt = evaluatedAt,
            };
            await ReportWriter.WriteAsync(report, specs, cancellation);
            return results.Any(r => r.Status == ResultStatus.Fail) ? ExitCodes.Failures : ExitCodes.Success;
        });
        return command;
    }

    private static DateTimeOffset ParseNow(string? text)
    {
        if (text is null) return DateTimeOffset.UtcNow;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new UsageException($"--now '{text}' is not a date; use ISO 8601, for example 2026-11-25 or 2026-11-25T08:00:00Z.");
    }
}

/// <summary>Sends a report to every requested reporter; the console reporter when none is requested.</summary>
public static class ReportWriter
{
    public static async Task WriteAsync(EvaluationReport report, IReadOnlyList<ReportSpec> specs, CancellationToken cancellation)
    {
        if (specs.Count == 0) specs = [new ReportSpec("console", null)];
        foreach (var spec in specs)
        {
            var reporter = Resolve(spec.Name);
            var target = spec.Path is null ? ReportTarget.StandardOutput() : ReportTarget.File(spec.Path);
            await reporter.WriteAsync(report, target, cancellation);
        }
    }

    private static IReporter Resolve(string name) => name switch
    {
        "console" => new PolicyEngine.Reporting.Reporters.ConsoleReporter(),
        "json" => new PolicyEngine.Reporting.Reporters.JsonReporter(),
        _ => throw new UsageException($"Unknown reporter '{name}'."),
    };
}
