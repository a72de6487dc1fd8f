using System.CommandLine;
using PolicyEngine.Cli;
using PolicyEngine.Cli.Commands;

var logFormat = new Option<string>("--log-format")
{
    Description = "Log format on stderr: text (default) or json (one JSON object per line, for machines).",
    DefaultValueFactory = _ => "text",
    Recursive = true,
};
logFormat.AcceptOnlyFromAmong("text", "json");

var root = new RootCommand($"PolicyEngine: audits an AWS Organization's management account against AWS's best practices.\n{ExitCodes.HelpText}")
{
    logFormat,
    EvaluateCommand.Create(logFormat),
    CollectCommand.Create(logFormat),
    PublishCommand.Create(logFormat),
    RulesCommand.Create(),
};
return await CommandLineHost.RunAsync(root, args);
