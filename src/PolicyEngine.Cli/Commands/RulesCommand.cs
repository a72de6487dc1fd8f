using System.CommandLine;
using System.Text.Json;
using PolicyEngine.Core;
using PolicyEngine.Core.Text;
using PolicyEngine.Evaluation.Tracing;
using PolicyEngine.Tooling.Coverage;
using PolicyEngine.Tooling.Documentation;
using PolicyEngine.Tooling.Testing;
using PolicyEngine.Pipeline.Configuration;
using PolicyEngine.Cli.AwsSteps;
using PolicyEngine.Pipeline;
using PolicyEngine.Reporting;
using PolicyEngine.Rules;

namespace PolicyEngine.Cli.Commands;

/// <summary>`policy-engine rules lint|test|list|docs`: the rule author's tools.</summary>
public static class RulesCommand
{
    public static Command Create()
    {
        var command = new Command("rules", "Lint, test, list and document rule files.");
        command.Subcommands.Add(Lint());
        command.Subcommands.Add(Test());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Docs());
        return command;
    }

    private static Argument<string?> DirectoryArgument() => new("dir")
    {
        Description = "The rules folder (default: ./rules, else the rules shipped with the tool).",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static string Locate(string? directory) => RulesLocation.Resolve(directory, PolicyConfiguration.Empty);

    private static Command Lint()
    {
        var dir = DirectoryArgument();
        var command = new Command("lint", "Compile every rule and report all problems, as a compiler does. Exit 2 on any error.") { dir };
        command.SetAction(parse =>
        {
            var rules = YamlRuleCompiler.CompileDirectory(Locate(parse.GetValue(dir)));
            var failed = DiagnosticPrinter.Print(rules.Diagnostics);
            if (!failed) Console.WriteLine($"{rules.Rules.Count} rules, no errors.");
            return failed ? ExitCodes.BadInput : ExitCodes.Success;
        });
        return command;
    }

    private static Command Test()
    {
        var dir = DirectoryArgument();
        var only = new Option<string?>("--rule") { Description = "Run only the tests of this rule ID." };
        var coverage = new Option<bool>("--coverage")
        {
            Description = "Report, per rule, each condition, pattern and not/exists/any group with the number of cases in which it was true and false, those never exercised both ways, and a percentage.",
        };
        var threshold = new Option<string?>("--coverage-threshold")
        {
            Description = $"Exit {ExitCodes.CoverageBelowThreshold} when the coverage percentage is below N (0-100); implies --coverage.",
        };
        var coverageJson = new Option<string?>("--coverage-json") { Description = "Write the coverage as JSON to FILE; implies --coverage." };
        var cobertura = new Option<string?>("--coverage-cobertura") { Description = "Write the coverage as Cobertura XML to FILE (for CI and editors); implies --coverage." };
        var explain = new Option<string?>("--explain")
        {
            Description = "RULE[:CASE]: print the trace of a rule's test cases (or of one, by name or number from 1): each pattern and condition with its file(line,col), the facts matched and the values compared.",
        };
        var command = new Command("test",
            $"Run the test cases written beside each rule (*.tests.yaml). Exit 1 when a case fails, 2 on invalid rules or tests, {ExitCodes.CoverageBelowThreshold} when coverage is below --coverage-threshold.")
        {
            dir, only, coverage, threshold, coverageJson, cobertura, explain,
        };
        command.SetAction(parse =>
        {
            var directory = Locate(parse.GetValue(dir));
            if (parse.GetValue(explain) is { } target) return ExplainCases(directory, target);
            var minimum = ParseThreshold(parse.GetValue(threshold));
            var outputs = new Diagnostics.DiagnosticBag();
            OutputPaths.Check([
                .. parse.GetValue(coverageJson) is { } j ? [new PlannedOutput("--coverage-json", j)] : Array.Empty<PlannedOutput>(),
                .. parse.GetValue(cobertura) is { } c ? [new PlannedOutput("--coverage-cobertura", c)] : Array.Empty<PlannedOutput>(),
            ], outputs);
            if (DiagnosticPrinter.Print(outputs.Items)) return ExitCodes.BadInput;
            var measure = parse.GetValue(coverage) || minimum is not null || parse.GetValue(coverageJson) is not null || parse.GetValue(cobertura) is not null;
            var run = RuleTestRunner.RunDirectory(directory, parse.GetValue(only), measure);
            var invalid = DiagnosticPrinter.Print(run.Diagnostics);
            foreach (var group in run.Outcomes.GroupBy(o => o.RuleId))
            {
                var failed = group.Where(o => !o.Passed).ToList();
                Console.WriteLine(UntrustedText.Escape($"{(failed.Count == 0 ? "PASS" : "FAIL")} {group.Key}: {group.Count() - failed.Count}/{group.Count()} cases"));
                foreach (var outcome in failed)
                    foreach (var problem in outcome.Problems)
                        Console.WriteLine("  " + UntrustedText.Escape($"{outcome.Location}: '{outcome.CaseName}': {problem}"));
            }
            Console.WriteLine($"rule tests: {run.Passed} passed, {run.Failed} failed");
            if (invalid) return ExitCodes.BadInput;
            if (run.Coverage is { } report)
            {
                CoverageText.Write(report, Console.Out);
                if (parse.GetValue(coverageJson) is { } jsonPath) AtomicFile.WriteAllText(jsonPath, CoverageWriters.Json(report));
                if (parse.GetValue(cobertura) is { } xmlPath) AtomicFile.WriteAllText(xmlPath, CoverageWriters.Cobertura(report, DateTimeOffset.UtcNow));
            }
            if (run.Failed > 0) return ExitCodes.Failures;
            if (minimum is { } n && run.Coverage!.Percent < n)
            {
                Console.Error.WriteLine(FormattableString.Invariant($"error: coverage {run.Coverage.Percent:0.0}% is below --coverage-threshold {n:0.##}%."));
                return ExitCodes.CoverageBelowThreshold;
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static double? ParseThreshold(string? text)
    {
        if (text is null) return null;
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 100
            ? value
            : throw new UsageException($"--coverage-threshold '{text}' must be a percentage from 0 to 100, for example 90.");
    }

    /// <summary>`rules test --explain RULE[:CASE]`: each case's results and the trace of every subject.</summary>
    private static int ExplainCases(string directory, string target)
    {
        if (!ExplainTarget.TryParse(target, out var ruleId, out var caseSelector))
            throw new UsageException($"--explain '{target}' must be RULE or RULE:CASE (a case's name or number), for example MA0401:1.");
        var runs = RuleTestRunner.Explain(directory, ruleId, caseSelector, out var diagnostics, out var problem);
        if (DiagnosticPrinter.Print(diagnostics)) return ExitCodes.BadInput;
        if (runs is null) throw new UsageException($"--explain {target}: {problem}");
        var failed = false;
        foreach (var (testCase, run) in runs)
        {
            var outcome = RuleTestRunner.Outcome(ruleId, testCase, run);
            failed |= !outcome.Passed;
            Console.WriteLine(UntrustedText.Escape($"{testCase.Location}: case '{testCase.Name}': {(outcome.Passed ? "PASS" : "FAIL")}"));
            foreach (var line in outcome.Problems) Console.WriteLine(UntrustedText.Escape("  " + line));
            if (run.Traces.Count == 0) Console.WriteLine("  (the rule judged no subject in this case)");
            foreach (var trace in run.Traces)
                TraceText.Write(trace, ExplainTarget.ResultFor(run.Results, trace), Console.Out);
            Console.WriteLine();
        }
        return failed ? ExitCodes.Failures : ExitCodes.Success;
    }

    private static Command List()
    {
        var dir = new Option<string?>("--rules") { Description = "The rules folder (default: ./rules, else the rules shipped with the tool)." };
        var format = new Option<string>("--format") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var framework = new Option<string?>("--framework")
        {
            Description = "Show a framework's coverage instead: each requirement with the rules that check it, and those no rule checks (ID or ID@VERSION).",
        };
        var command = new Command("list", "List the rules: ID, severity, recommendation and title; or, with --framework, a framework's coverage.") { dir, format, framework };
        command.SetAction(parse =>
        {
            var rules = YamlRuleCompiler.CompileDirectory(Locate(parse.GetValue(dir)));
            if (DiagnosticPrinter.Print(rules.Diagnostics)) return ExitCodes.BadInput;
            var descriptors = rules.Rules.Select(r => r.Descriptor).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
            if (parse.GetValue(framework) is { } reference)
            {
                var chosen = rules.Frameworks.Resolve(reference, out var problem) ?? throw new UsageException($"--framework: {problem}");
                Coverage(ComplianceView.Of(chosen, descriptors, []), parse.GetValue(format) == "json");
                return ExitCodes.Success;
            }
            if (parse.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(descriptors.Select(d => new
                {
                    id = d.Id, title = d.Title, severity = d.DefaultSeverity.ToString().ToLowerInvariant(), category = d.Category,
                    recommendation = d.Recommendation, mappings = d.Mappings.Select(m => new { framework = m.Framework, version = m.Version, requirement = m.RequirementId }),
                    subject = d.SubjectType, factTypes = d.FactTypes, parameters = d.Parameters,
                    source = d.SourcePath, helpUri = d.HelpUri,
                }), new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                foreach (var d in descriptors)
                    Console.WriteLine(UntrustedText.Escape($"{d.Id,-8} {d.DefaultSeverity.ToString().ToLowerInvariant(),-9} {d.Recommendation,-44} {d.Title}"));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Which requirements of a framework have rules and which have none, as text or JSON.</summary>
    private static void Coverage(ComplianceView coverage, bool json)
    {
        var framework = coverage.Framework;
        var covered = coverage.Requirements.Count(r => r.RuleIds.Count > 0);
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                framework = framework.Id, version = framework.Version, name = framework.Name, url = framework.Url, scope = framework.Scope,
                covered, total = coverage.Requirements.Count,
                requirements = coverage.Requirements.Select(r => new { id = r.Requirement.Id, title = r.Requirement.Title, url = r.Requirement.Url, rules = r.RuleIds }),
            }, new JsonSerializerOptions { WriteIndented = true }));
            return;
        }
        Console.WriteLine(UntrustedText.Escape($"{framework.Key}: {framework.Name}"));
        if (framework.Scope is not null) Console.WriteLine(UntrustedText.Escape($"Scope: {framework.Scope}"));
        var width = Math.Min(32, coverage.Requirements.Select(r => r.Requirement.Id.Length).DefaultIfEmpty(0).Max());
        foreach (var r in coverage.Requirements)
            Console.WriteLine(UntrustedText.Escape(
                $"{r.Requirement.Id.PadRight(width)}  {(r.RuleIds.Count == 0 ? "(no rule)" : string.Join(", ", r.RuleIds)),-30}  {r.Requirement.Title}"));
        var uncovered = coverage.Requirements.Where(r => r.RuleIds.Count == 0).Select(r => r.Requirement.Id).ToList();
        Console.WriteLine(UntrustedText.Escape($"{covered} of {coverage.Requirements.Count} requirements have rules"
            + (uncovered.Count == 0 ? "." : $"; not covered: {string.Join(", ", uncovered)}.")));
    }

    private static Command Docs()
    {
        var dir = new Option<string?>("--rules") { Description = "The rules folder (default: ./rules, else the rules shipped with the tool)." };
        var output = new Option<string>("--out") { Description = "Where to write the pages.", DefaultValueFactory = _ => "docs/rules" };
        var command = new Command("docs", "Write a page per rule (what it checks, why, how to fix, references, parameters, examples) and a README mapping each recommendation to its rules.")
        {
            dir, output,
        };
        command.SetAction(parse =>
        {
            var directory = Locate(parse.GetValue(dir));
            var outputs = new Diagnostics.DiagnosticBag();
            OutputPaths.Check([new PlannedOutput("the rule pages", parse.GetValue(output)!, IsFolder: true)], outputs);
            if (DiagnosticPrinter.Print(outputs.Items)) return ExitCodes.BadInput;
            var rules = YamlRuleCompiler.CompileDirectory(directory);
            if (DiagnosticPrinter.Print(rules.Diagnostics)) return ExitCodes.BadInput;
            var pages = RuleDocumentation.Write(rules, directory, parse.GetValue(output)!);
            Console.WriteLine($"Wrote {pages} pages to {parse.GetValue(output)}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
