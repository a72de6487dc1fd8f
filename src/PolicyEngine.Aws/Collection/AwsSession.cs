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
    /// <param name="profilesLocation">A shared credentials file to read instead of the default (AWS_SHARED_CREDENTIALS_FILE, ~/.aws); the SDK reads that variable once per process.</param>
    public static AWSCredentials ResolveCredentials(string? profile, string? profilesLocation = null) =>
        PolicyEngine.Aws.Http.TrackedCredentials.Track(ResolveUntracked(profile, profilesLocation));

    private static AWSCredentials ResolveUntracked(string? profile, string? profilesLocation)
    {
        if (profile is not null)
            return new CredentialProfileStoreChain(profilesLocation).TryGetAWSCredentials(profile, out var fromProfile)
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

    public static string ResolveRegion(string? region, string? profile, string? profilesLocation = null)
    {
        if (!string.IsNullOrWhiteSpace(region)) return region;
        if (profile is not null && new CredentialProfileStoreChain(profilesLocation).TryGetProfile(profile, out var p) && p.Region is not null)
            return p.Region.SystemName;
        return FallbackRegionFactory.GetRegionEndpoint(includeInstanceMetadata: false)?.SystemName ?? RegionEndpoint.USEast1.SystemName;
    }
}
