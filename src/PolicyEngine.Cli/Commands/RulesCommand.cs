using System.CommandLine;
using System.Text.Json;
using PolicyEngine.Core.Text;
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
        var command = new Command("test", "Run the test cases written beside each rule (*.tests.yaml). Exit 1 when a case fails, 2 on invalid rules or tests.") { dir, only };
        command.SetAction(parse =>
        {
            var run = RuleTestRunner.RunDirectory(Locate(parse.GetValue(dir)), parse.GetValue(only));
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
            return invalid ? ExitCodes.BadInput : run.Failed > 0 ? ExitCodes.Failures : ExitCodes.Success;
        });
        return command;
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
