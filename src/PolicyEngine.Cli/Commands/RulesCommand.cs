using System.CommandLine;
using System.Text.Json;
using PolicyEngine.Core.Text;
using PolicyEngine.Tooling.Documentation;
using PolicyEngine.Tooling.Testing;
using PolicyEngine.Pipeline.Configuration;
using PolicyEngine.Cli.AwsSteps;
using PolicyEngine.Pipeline;
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
        var command = new Command("list", "List the rules: ID, severity, recommendation and title.") { dir, format };
        command.SetAction(parse =>
        {
            var rules = YamlRuleCompiler.CompileDirectory(Locate(parse.GetValue(dir)));
            if (DiagnosticPrinter.Print(rules.Diagnostics)) return ExitCodes.BadInput;
            var descriptors = rules.Rules.Select(r => r.Descriptor).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
            if (parse.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(descriptors.Select(d => new
                {
                    id = d.Id, title = d.Title, severity = d.DefaultSeverity.ToString().ToLowerInvariant(), category = d.Category,
                    recommendation = d.Recommendation, subject = d.SubjectType, factTypes = d.FactTypes, parameters = d.Parameters,
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
