using System.CommandLine;
using PolicyEngine.Cli;
using PolicyEngine.Cli.Commands;

var root = new RootCommand($"PolicyEngine: audits an AWS Organization's management account against AWS's best practices.\n{ExitCodes.HelpText}")
{
    EvaluateCommand.Create(),
    RulesCommand.Create(),
};
return await CommandLineHost.RunAsync(root, args);
