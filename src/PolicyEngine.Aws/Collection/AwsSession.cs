using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using PolicyEngine.Aws.Http;

namespace PolicyEngine.Aws.Collection;

/// <summary>A failure that stops a run before any fact is collected (no credentials, an unknown profile, an unreachable STS).</summary>
public sealed class AwsCollectionException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Credentials and region, resolved by AWSSDK.Core: no credential chain of our own.</summary>
public static partial class AwsSession
{
    /// <param name="profilesLocation">A shared credentials file to read instead of the default (AWS_SHARED_CREDENTIALS_FILE, ~/.aws); the SDK reads that variable once per process.</param>
    public static AWSCredentials ResolveCredentials(string? profile, string? profilesLocation = null) =>
        TrackedCredentials.Track(ResolveUntracked(profile, profilesLocation));

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

    /// <summary>The region to use: the given one, else the profile's, else the SDK's fallback (AWS_REGION, AWS_DEFAULT_REGION), else us-east-1.</summary>
    /// <exception cref="AwsSettingException">The region is not a region name: endpoints built from it would not resolve.</exception>
    public static string ResolveRegion(string? region, string? profile, string? profilesLocation = null)
    {
        var resolved = Resolve(region, profile, profilesLocation).Trim();
        return RegionName().IsMatch(resolved)
            ? resolved
            : throw new AwsSettingException($"'{resolved}' is not an AWS region name (for example eu-west-1); check --region, aws.region in the configuration, AWS_REGION, AWS_DEFAULT_REGION and the profile's region.");
    }

    private static string Resolve(string? region, string? profile, string? profilesLocation)
    {
        if (!string.IsNullOrWhiteSpace(region)) return region;
        if (profile is not null && new CredentialProfileStoreChain(profilesLocation).TryGetProfile(profile, out var p) && p.Region is not null)
            return p.Region.SystemName;
        return FallbackRegionFactory.GetRegionEndpoint(includeInstanceMetadata: false)?.SystemName ?? RegionEndpoint.USEast1.SystemName;
    }

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionName();
}
