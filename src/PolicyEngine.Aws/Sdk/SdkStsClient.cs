using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using PolicyEngine.Aws.Clients.Sts;
using PolicyEngine.Aws.Http;

namespace PolicyEngine.Aws.Sdk;

/// <summary>STS through AWSSDK.SecurityToken.</summary>
public sealed class SdkStsClient : IStsClient, IDisposable
{
    public static readonly AwsOperation GetCallerIdentity = new(AwsServices.Sts, "GetCallerIdentity");

    private readonly AmazonSecurityTokenServiceClient _client;
    private readonly CallGate _gate;
    private readonly string _region;

    public SdkStsClient(AWSCredentials credentials, AwsClientOptions options, CallGate gate)
    {
        _region = options.Region;
        _gate = gate;
        _client = new AmazonSecurityTokenServiceClient(credentials,
            SdkCall.Configure(new AmazonSecurityTokenServiceConfig(), options, AwsServices.Sts, options.Region));
    }

    public async Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken ct)
    {
        var response = await SdkCall.RunAsync(_gate, GetCallerIdentity, _region,
            token => _client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), token), ct).ConfigureAwait(false);
        return new CallerIdentity(response.Account, response.Arn, response.UserId);
    }

    public void Dispose() => _client.Dispose();
}
