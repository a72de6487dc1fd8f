using System.CommandLine;
using PolicyEngine.Cli.Commands;

namespace PolicyEngine.Cli;

/// <summary>The command tree of `policy-engine`, built in one place so tests can parse command lines against it.</summary>
public static class CliApp
{
    public static RootCommand CreateRootCommand()
    {
        var logFormat = new Option<string>("--log-format")
        {
            Description = "Log format on stderr: text (default) or json (one JSON object per line, for machines).",
            DefaultValueFactory = _ => "text",
            Recursive = true,
        };
        logFormat.AcceptOnlyFromAmong("text", "json");

        return new RootCommand($"PolicyEngine: audits an AWS Organization's management account against AWS's best practices.\n{ExitCodes.HelpText}")
        {
            logFormat,
            EvaluateCommand.Create(logFormat),
            CollectCommand.Create(logFormat),
            PublishCommand.Create(logFormat),
            RulesCommand.Create(),
        };
    }
}
