using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using PolicyEngine.Aws.Clients.Account;
using PolicyEngine.Aws.Clients.CloudTrail;
using PolicyEngine.Aws.Clients.CloudWatch;
using PolicyEngine.Aws.Clients.CloudWatchLogs;
using PolicyEngine.Aws.Clients.CloudControl;
using PolicyEngine.Aws.Clients.CostExplorer;
using PolicyEngine.Aws.Clients.EventBridge;
using PolicyEngine.Aws.Clients.Iam;
using PolicyEngine.Aws.Clients.IdentityCenter;
using PolicyEngine.Aws.Clients.Organizations;
using PolicyEngine.Aws.Clients.Sts;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Resilience;
using PolicyEngine.Aws.Sdk;

namespace PolicyEngine.Aws.Collection;

/// <summary>
/// The service clients one run uses, all sharing one <see cref="AwsCallPipeline"/> and one HTTP handler. Each is an interface, so an official SDK
/// client (AWSSDK.Organizations, …) can replace a hand-written one here without touching the collectors.
/// </summary>
public sealed class AwsClientSet : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public required IStsClient Sts { get; init; }
    public required IOrganizationsClient Organizations { get; init; }
    public required IIamClient Iam { get; init; }
    public required IAccountClient Account { get; init; }
    public required ICloudTrailClient CloudTrail { get; init; }
    public required IEventBridgeClient EventBridge { get; init; }
    public required ICloudWatchLogsClient CloudWatchLogs { get; init; }
    public required ICloudWatchClient CloudWatch { get; init; }
    public required ICloudControlClient CloudControl { get; init; }
    public required ICostExplorerClient CostExplorer { get; init; }
    public required IIdentityCenterClient IdentityCenter { get; init; }
    public required CallStatistics Statistics { get; init; }

    /// <param name="handler">The HTTP handler every client sends through, hand-written and SDK alike; null makes one for the run.</param>
    public static AwsClientSet Create(AwsClientOptions options, AWSCredentials credentials, HttpMessageHandler? handler = null, ILogger? logger = null)
    {
        credentials = TrackedCredentials.Track(credentials);
        var ownedHandler = handler is null ? AwsHttp.CreateHandler() : null;
        handler ??= ownedHandler!;
        var pipeline = new AwsCallPipeline(options, logger);
        var http = new AwsHttpClient(options, credentials, handler, pipeline, logger);
        var sts = new SdkStsClient(credentials, pipeline, handler);
        var set = new AwsClientSet
        {
            Sts = sts,
            Organizations = new OrganizationsClient(http),
            Iam = new IamClient(http),
            Account = new AccountClient(http),
            CloudTrail = new CloudTrailClient(http),
            EventBridge = new EventBridgeClient(http),
            CloudWatchLogs = new CloudWatchLogsClient(http),
            CloudWatch = new CloudWatchClient(http),
            CloudControl = new CloudControlClient(http),
            CostExplorer = new CostExplorerClient(http),
            IdentityCenter = new IdentityCenterClient(http),
            Statistics = pipeline.Statistics,
        };
        set._owned.AddRange([http, sts, pipeline]);
        if (ownedHandler is not null) set._owned.Add(ownedHandler);
        return set;
    }

    public void Dispose()
    {
        foreach (var owned in _owned) owned.Dispose();
    }
}
