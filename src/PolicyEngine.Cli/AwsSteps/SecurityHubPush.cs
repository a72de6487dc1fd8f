using Microsoft.Extensions.Logging;
using PolicyEngine.Aws.Collection;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Resilience;
using PolicyEngine.Aws.Sdk;
using PolicyEngine.Pipeline.Configuration;
using PolicyEngine.Core.Results;
using PolicyEngine.Pipeline;
using PolicyEngine.Reporting.Asff;
using PolicyEngine.SecurityHub;

namespace PolicyEngine.Cli.AwsSteps;

/// <summary>What a push was asked to do: the AWS identity to use, and whether to send or only write the requests.</summary>
public sealed record PushRequest(string? Profile, string? Region, string? DryRunPath, string? AccountId = null);

/// <summary>`evaluate --push securityhub`: the run's report goes to Security Hub after the reports are written.</summary>
public sealed class SecurityHubPublisherStep(PushRequest request, ILogger logger) : IResultPublisher
{
    public IEnumerable<PlannedOutput> PlannedOutputs =>
        request.DryRunPath is null ? [] : [new PlannedOutput("the Security Hub dry run", request.DryRunPath)];

    public Task<bool> PublishAsync(EvaluationReport report, PolicyConfiguration configuration, CancellationToken cancellation) =>
        SecurityHubPush.PublishAsync(report, request, configuration, logger, cancellation);
}

/// <summary>
/// Sends a run's results to Security Hub through the same signed client as the collectors. The findings are
/// imported into the calling account (from STS), under its default product. Returns false when any finding
/// could not be delivered; each such finding is named in the log.
/// </summary>
public static class SecurityHubPush
{
    public static async Task<bool> PublishAsync(EvaluationReport report, PushRequest request, PolicyConfiguration configuration, ILogger logger, CancellationToken cancellation)
    {
        var profile = request.Profile ?? configuration.Aws.Profile;
        var region = AwsSession.ResolveRegion(request.Region ?? configuration.Aws.Region, profile);
        var publisherOptions = new SecurityHubPublisherOptions { DryRunPath = request.DryRunPath };
        PublishResult result;
        if (request.DryRunPath is not null && request.AccountId is not null)
        {
            // A dry run with a given account needs no credentials at all: nothing is read from or sent to AWS.
            result = await new SecurityHubPublisher(null, new SecurityHubTarget(request.AccountId, region), publisherOptions).PublishAsync(report, cancellation);
        }
        else
        {
            var credentials = AwsSession.ResolveCredentials(profile);
            var options = new AwsClientOptions { Region = region, Endpoints = AwsEndpoints.FromEnvironment() };
            // As many calls in flight as the publisher keeps going: Security Hub's per-operation buckets set the pace.
            options = options with { MaxAttempts = AwsClientOptions.MaxAttemptsFromEnvironment() ?? options.MaxAttempts, MaxConcurrency = publisherOptions.MaxRequestsInFlight };
            // Security Hub and STS (for the importing account) share one pipeline and handler; the collectors' clients are not needed here.
            using var handler = AwsHttp.CreateHandler();
            using var pipeline = new AwsCallPipeline(options, logger);
            using var http = new AwsHttpClient(options, credentials, handler, pipeline, logger);
            var account = request.AccountId ?? await CallerAccountAsync(credentials, pipeline, handler, cancellation);
            result = await new SecurityHubPublisher(new AwsSecurityHubApi(http, region), new SecurityHubTarget(account, region), publisherOptions)
                .PublishAsync(report, cancellation);
        }

        if (result.DryRunPath is not null)
            logger.LogInformation("Dry run: wrote the Security Hub requests to {Path} ({Requests} requests); nothing was sent", result.DryRunPath, result.Requests);
        else
            logger.LogInformation("Security Hub: {Delivered} findings delivered, {Archived} archived, {Failed} failed, {Requests} requests",
                result.Delivered.Count, result.Archived.Count, result.Failed.Count, result.Requests);
        foreach (var failed in result.Failed)
            logger.LogError("Not delivered to Security Hub: {Finding}", failed.ToString());
        return result.Succeeded;
    }

    private static async Task<string> CallerAccountAsync(Amazon.Runtime.AWSCredentials credentials, AwsCallPipeline pipeline, HttpMessageHandler handler, CancellationToken cancellation)
    {
        using var sts = new SdkStsClient(credentials, pipeline, handler);
        return (await sts.GetCallerIdentityAsync(cancellation)).AccountId;
    }
}
