using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using PolicyEngine.Aws.Clients.Sts;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Resilience;

namespace PolicyEngine.Aws.Sdk;

/// <summary>STS through AWSSDK.SecurityToken.</summary>
public sealed class SdkStsClient : IStsClient, IDisposable
{
    public static readonly AwsOperation GetCallerIdentity = new(AwsServices.Sts, "GetCallerIdentity");

    private readonly AmazonSecurityTokenServiceClient _client;
    private readonly AwsCallPipeline _pipeline;
    private readonly string _region;

    public SdkStsClient(AWSCredentials credentials, AwsCallPipeline pipeline, HttpMessageHandler handler)
    {
        _region = pipeline.Options.Region;
        _pipeline = pipeline;
        _client = new AmazonSecurityTokenServiceClient(TrackedCredentials.Track(credentials),
            SdkCall.Configure(new AmazonSecurityTokenServiceConfig(), pipeline.Options, AwsServices.Sts, _region, handler));
    }

    public async Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken ct)
    {
        var response = await SdkCall.RunAsync(_pipeline, GetCallerIdentity, _region,
            token => _client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), token), ct).ConfigureAwait(false);
        return new CallerIdentity(response.Account, response.Arn, response.UserId);
    }

    public void Dispose() => _client.Dispose();
}
