using System.CommandLine;
using PolicyEngine.Pipeline.Configuration;
using PolicyEngine.Cli.Logging;
using PolicyEngine.Cli.AwsSteps;
using PolicyEngine.Pipeline;
using PolicyEngine.Reporting.Reporters;
using PolicyEngine.Diagnostics;

namespace PolicyEngine.Cli.Commands;

/// <summary>`policy-engine publish securityhub --results FILE`: send an earlier run's JSON report to Security Hub.</summary>
public static class PublishCommand
{
    public static Command Create(Option<string> logFormat)
    {
        var results = new Option<string>("--results") { Description = "A JSON report written by `evaluate --report json=FILE`.", Required = true };
        var dryRun = PushOptions.DryRun();
        var account = PushOptions.Account();
        var profile = AwsOptions.Profile();
        var region = AwsOptions.Region();
        var config = new Option<string?>("--config") { Description = "The configuration file (for the AWS profile and region)." };
        var securityHub = new Command("securityhub", $"Import the findings into AWS Security Hub, updating earlier ones and archiving resolved ones.\n{ExitCodes.HelpText}")
        {
            results, dryRun, account, profile, region, config,
        };
        securityHub.SetAction(async (parse, cancellation) =>
        {
            using var logging = CliLogging.Create(parse.GetValue(logFormat)!);
            var diagnostics = new DiagnosticBag();
            var configuration = ConfigurationReader.Read(parse.GetValue(config), diagnostics);
            if (parse.GetValue(dryRun) is { } dryRunPath) OutputPaths.Check([new PlannedOutput("the Security Hub dry run", dryRunPath)], diagnostics);
            if (logging.Report(diagnostics.Sorted())) return ExitCodes.BadInput;
            var report = JsonReportReader.ReadReport(parse.GetValue(results)!);
            var request = new PushRequest(parse.GetValue(profile), parse.GetValue(region), parse.GetValue(dryRun), parse.GetValue(account));
            return await SecurityHubPush.PublishAsync(report, request, configuration, logging.Logger, cancellation) ? ExitCodes.Success : ExitCodes.Incomplete;
        });
        return new Command("publish", "Send results to a destination.") { securityHub };
    }
}

public static class PushOptions
{
    public static Option<string?> DryRun() => new("--dry-run") { Description = "Write the Security Hub requests to this file instead of sending them." };

    public static Option<string?> Account() => new("--account") { Description = "The account that imports the findings (default: the caller's, from STS)." };
}
