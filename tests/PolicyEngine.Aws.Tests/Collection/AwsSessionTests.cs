using PolicyEngine.Aws.Collection;

namespace PolicyEngine.Aws.Tests.Collection;

/// <summary>Profiles are read by AWSSDK.Core from a shared credentials file; these tests hand it a file of their own.</summary>
public sealed class AwsSessionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("aws-session-").FullName;
    private string Credentials => Path.Combine(_directory, "credentials");

    public AwsSessionTests() =>
        File.WriteAllText(Credentials, "[audit]\naws_access_key_id = AKIDPROFILEAUDIT\naws_secret_access_key = profile-secret\nregion = ap-southeast-2\n");

    [Fact]
    public async Task NamedProfile_GivesItsCredentialsAndRegion()
    {
        var credentials = await AwsSession.ResolveCredentials("audit", Credentials).GetCredentialsAsync();

        Assert.Equal("AKIDPROFILEAUDIT", credentials.AccessKey);
        Assert.Equal("ap-southeast-2", AwsSession.ResolveRegion(null, "audit", Credentials));
        Assert.Equal("eu-central-1", AwsSession.ResolveRegion("eu-central-1", "audit", Credentials));
    }

    [Fact]
    public void UnknownProfile_IsAClearError()
    {
        var e = Assert.Throws<AwsCollectionException>(() => AwsSession.ResolveCredentials("no-such-profile", Credentials));

        Assert.Contains("no-such-profile", e.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
