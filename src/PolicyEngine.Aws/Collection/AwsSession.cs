using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace PolicyEngine.Aws.Collection;

/// <summary>A failure that stops a run before any fact is collected (no credentials, an unknown profile, an unreachable STS).</summary>
public sealed class AwsCollectionException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Credentials and region, resolved by AWSSDK.Core: no credential chain of our own.</summary>
public static class AwsSession
{
    public static AWSCredentials ResolveCredentials(string? profile)
    {
        if (profile is not null)
            return new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out var fromProfile)
                ? fromProfile
                : throw new AwsCollectionException($"AWS profile '{profile}' was not found in the shared config or credentials files.");
        try
        {
            // environment, web identity, shared files (AWS_PROFILE or default; SSO and assume-role included), container, instance metadata
            return DefaultAWSCredentialsIdentityResolver.GetCredentials(null);
        }
        catch (AmazonClientException e)
        {
            throw new AwsCollectionException($"No AWS credentials were found: {e.Message}", e);
        }
    }

    public static string ResolveRegion(string? region, string? profile)
    {
        if (!string.IsNullOrWhiteSpace(region)) return region;
        if (profile is not null && new CredentialProfileStoreChain().TryGetProfile(profile, out var p) && p.Region is not null)
            return p.Region.SystemName;
        return FallbackRegionFactory.GetRegionEndpoint(includeInstanceMetadata: false)?.SystemName ?? RegionEndpoint.USEast1.SystemName;
    }
}
