using System.CommandLine;
using Microsoft.Extensions.Logging;
using PolicyEngine.Pipeline.Configuration;
using PolicyEngine.Cli.Logging;
using PolicyEngine.Cli.AwsSteps;
using PolicyEngine.Pipeline;
using PolicyEngine.Core.Snapshots;
using PolicyEngine.Diagnostics;

namespace PolicyEngine.Cli.Commands;

/// <summary>`policy-engine collect --out FILE`: gather the facts from AWS, read-only, and write a snapshot atomically.</summary>
public static class CollectCommand
{
    public static Command Create(Option<string> logFormat)
    {
        var output = new Option<string>("--out") { Description = "Where to write the snapshot (written atomically).", Required = true };
        var profile = AwsOptions.Profile();
        var region = AwsOptions.Region();
        var config = new Option<string?>("--config") { Description = "The configuration file (for the AWS profile, region and account selection)." };
        var command = new Command("collect", $"Collect facts from the AWS organization the credentials reach and write a snapshot.\n{ExitCodes.HelpText}")
        {
            output, profile, region, config,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var logging = CliLogging.Create(parse.GetValue(logFormat)!);
            var diagnostics = new DiagnosticBag();
            var configuration = ConfigurationReader.Read(parse.GetValue(config), diagnostics);
            var path = parse.GetValue(output)!;
            OutputPaths.Check([new PlannedOutput("the snapshot", path)], diagnostics);
            if (logging.Report(diagnostics.Sorted())) return ExitCodes.BadInput;
            var snapshot = await LiveCollection.CollectAsync(parse.GetValue(profile), parse.GetValue(region), configuration, logging.Logger, cancellation);
            SnapshotSerializer.Write(snapshot, path);
            logging.Logger.LogInformation("Wrote {AccountCount} accounts' facts to {Path} ({ErrorCount} collection errors)",
                snapshot.Facts.Accounts.Count, path, snapshot.Facts.CollectionErrors.Count);
            return snapshot.Facts.CollectionErrors.Any(e => !e.IsDeliberate) ? ExitCodes.Incomplete : ExitCodes.Success;
        });
        return command;
    }
}

/// <summary>The AWS options shared by the commands that call AWS.</summary>
public static class AwsOptions
{
    public static Option<string?> Profile() => new("--profile") { Description = "The AWS profile (default: AWS_PROFILE, then the default chain)." };

    public static Option<string?> Region() => new("--region") { Description = "The home region (default: AWS_REGION, then the profile's)." };
}
