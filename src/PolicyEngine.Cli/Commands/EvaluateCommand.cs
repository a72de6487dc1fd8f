using System.CommandLine;
using System.Globalization;
using PolicyEngine.Cli.Logging;
using PolicyEngine.Cli.AwsSteps;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Rules;
using PolicyEngine.Core.Snapshots;
using PolicyEngine.Evaluation;
using PolicyEngine.Pipeline;
using PolicyEngine.Reporting;

namespace PolicyEngine.Cli.Commands;

/// <summary>`policy-engine evaluate`: compile the rules, read the facts, evaluate, report, and exit with what happened.</summary>
public static class EvaluateCommand
{
    public static Command Create(Option<string> logFormat)
    {
        var facts = new Option<string?>("--facts") { Description = "The facts snapshot (JSON) to evaluate." };
        var aws = new Option<bool>("--aws") { Description = "Collect the facts from AWS (read-only) and evaluate them, instead of --facts." };
        var profile = AwsOptions.Profile();
        var region = AwsOptions.Region();
        var rulesDir = new Option<string?>("--rules") { Description = "The rules folder (default: configuration, ./rules, or the rules shipped with the tool)." };
        var attestations = new Option<string?>("--attestations") { Description = "The attestations file (dated evidence for the procedural recommendations); default: the configuration's." };
        var config = new Option<string?>("--config") { Description = $"The configuration file (default: ./{PolicyEngine.Pipeline.Configuration.ConfigurationReader.DefaultFileName} when present)." };
        var reports = new Option<string[]>("--report")
        {
            Description = "A reporter and optionally its output file: NAME[=PATH] (console, json, sarif, asff, markdown, html, junit, or a plugin). Repeatable. Default: console.",
        };
        var now = new Option<string?>("--now") { Description = "The evaluation date (ISO 8601), for reproducible results. Defaults to now." };
        var baseline = new Option<string?>("--baseline") { Description = "A previous JSON report: each failing result is marked new, unchanged or resolved." };
        var failOn = new Option<string?>("--fail-on") { Description = "The lowest severity of a failing result that makes the run exit 1 (default: info, any failure)." };
        failOn.AcceptOnlyFromAmong([.. SeverityNames.All]);
        var failOnNew = new Option<bool>("--fail-on-new") { Description = "Exit 1 only for failing results that are new against --baseline." };
        var push = new Option<string[]>("--push") { Description = "Send the findings to a destination after evaluating: securityhub." };
        push.AcceptOnlyFromAmong("securityhub");
        var dryRun = PushOptions.DryRun();
        var pushAccount = PushOptions.Account();
        var ruleTimeBudget = new Option<string?>("--rule-time-budget")
        {
            Description = $"Seconds each rule may spend evaluating over the whole run (default {Rules.Runtime.EvaluationBudget.DefaultPerRule.TotalSeconds:0}); a rule that uses them up gives unknown results.",
        };
        var framework = new Option<string?>("--framework")
        {
            Description = "Group every report by a framework's requirements (pass, fail, unknown or not covered each, with the results under it): ID or ID@VERSION, such as aws-mgmt-account@v2 or cis-aws-foundations@3.0.0 (see 'rules list --framework').",
        };
        var timings = new Option<bool>("--timings")
        {
            Description = "Log each phase's wall time, CPU time, JIT time and memory (start-up, configuration, compile, facts, evaluate, reports) at debug level.",
        };
        var explain = new Option<string?>("--explain")
        {
            Description = "RULE[:SUBJECT]: before the reports, print for each subject of the rule (or the one whose account ID or resource ID is SUBJECT) the verdict and its trace over the rule's YAML.",
        };
        var shard = new Option<string?>("--shard") { Description = "K/N: evaluate shard K of N (0-based). Member accounts are split by a hash of their ID; organization and management-account rules run in shard 0." };

        var command = new Command("evaluate", $"Evaluate the rules against a facts snapshot.\n{ExitCodes.HelpText}")
        {
            facts, aws, profile, region, rulesDir, config, attestations, reports, framework, now, baseline, failOn, failOnNew, shard, ruleTimeBudget, timings, explain, push, dryRun, pushAccount,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var factsPath = parse.GetValue(facts);
            var live = parse.GetValue(aws);
            if (factsPath is null == !live) throw new UsageException("Give either --facts FILE or --aws (collect live facts), not both.");
            var pushTargets = parse.GetValue(push) is { Length: > 0 } targets ? targets : null;
            var pushRequest = new PushRequest(parse.GetValue(profile), parse.GetValue(region), parse.GetValue(dryRun), parse.GetValue(pushAccount));
            // AWS settings are checked before anything is evaluated or written: a bad one is exit 2, not a failure after the reports.
            if (live || pushTargets is not null) _ = PolicyEngine.Aws.Http.AwsEndpoints.FromEnvironment();
            // The snapshot is the longest thing the run waits for and needs nothing but its path: its read starts before
            // logging and configuration are set up, and runs beside rule compilation.
            var snapshot = factsPath is null ? null : Task.Run(() => SnapshotSerializer.Read(factsPath).Facts, cancellation);
            using var logging = CliLogging.Create(parse.GetValue(logFormat)!, parse.GetValue(timings) ? Microsoft.Extensions.Logging.LogLevel.Debug : Microsoft.Extensions.Logging.LogLevel.Information);
            var request = new EvaluationRequest
            {
                ConfigPath = parse.GetValue(config),
                AttestationsPath = parse.GetValue(attestations),
                RulesDirectory = parse.GetValue(rulesDir),
                Now = ParseNow(parse.GetValue(now)),
                Reports = (parse.GetValue(reports) ?? []).Select(ReportRequest.Parse).ToList(),
                Framework = parse.GetValue(framework),
                BaselinePath = parse.GetValue(baseline),
                FailOn = parse.GetValue(failOn) is { } level && SeverityNames.TryParse(level, out var severity) ? severity : null,
                FailOnNew = parse.GetValue(failOnNew),
                Shard = ParseShard(parse.GetValue(shard)),
                RuleTimeBudget = ParseRuleTimeBudget(parse.GetValue(ruleTimeBudget)),
                Explain = ParseExplain(parse.GetValue(explain)),
                // --push replaces the configuration's push targets.
                Publishers = configuration => (pushTargets ?? configuration.Push).Contains("securityhub", StringComparer.OrdinalIgnoreCase)
                    ? [new SecurityHubPublisherStep(pushRequest, logging.Logger)]
                    : [],
            };
            var policyRun = new PolicyRun(logging.Logger, diagnostics => logging.Report(diagnostics));
            var run = snapshot is not null
                ? await policyRun.RunAsync(request, snapshot, cancellation)
                : await policyRun.RunAsync(request, async (configuration, ct) =>
                    (await LiveCollection.CollectAsync(parse.GetValue(profile), parse.GetValue(region), configuration, logging.Logger, ct)).Facts, cancellation);
            return ExitCodes.Of(run.Outcome);
        });
        return command;
    }

    public static DateTimeOffset ParseNow(string? text)
    {
        if (text is null) return DateTimeOffset.UtcNow;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new UsageException($"--now '{text}' is not a date; use ISO 8601, for example 2026-11-25 or 2026-11-25T08:00:00Z.");
    }

    public static ExplainRequest? ParseExplain(string? text)
    {
        if (text is null) return null;
        return Evaluation.Tracing.ExplainTarget.TryParse(text, out var ruleId, out var subject)
            ? new ExplainRequest(ruleId, subject, Console.Out)
            : throw new UsageException($"--explain '{text}' must be RULE or RULE:SUBJECT (an account ID or resource ID), for example MA0401:111111111111.");
    }

    public static TimeSpan? ParseRuleTimeBudget(string? text)
    {
        if (text is null) return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 86_400
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"--rule-time-budget '{text}' must be a number of seconds between 0 and 86400, for example 30.");
    }

    public static Shard ParseShard(string? text)
    {
        if (text is null) return Shard.Whole;
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var index) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var count)
            && count >= 1 && index >= 0 && index < count)
            return new Shard(index, count);
        throw new UsageException($"--shard '{text}' must be K/N with 0 <= K < N, for example 0/4.");
    }
}
