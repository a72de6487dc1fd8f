using Amazon.Runtime;
using PolicyEngine.Core.Security;

namespace PolicyEngine.Aws.Http;

/// <summary>
/// Credentials whose every resolved value (access key ID, secret key, session token; refreshed ones too) is registered
/// with <see cref="SecretRedactor"/> before anything is signed with it, so no copy of them can leave the process.
/// Every client of this project, hand-written or SDK, is given credentials through <see cref="Track"/>.
/// </summary>
public sealed class TrackedCredentials : AWSCredentials
{
    private readonly AWSCredentials _inner;

    private TrackedCredentials(AWSCredentials inner) => _inner = inner;

    public static AWSCredentials Track(AWSCredentials credentials) =>
        credentials as TrackedCredentials ?? new TrackedCredentials(credentials);

    public override ImmutableCredentials GetCredentials() => Register(_inner.GetCredentials());

    public override async Task<ImmutableCredentials> GetCredentialsAsync() => Register(await _inner.GetCredentialsAsync().ConfigureAwait(false));

    private static ImmutableCredentials Register(ImmutableCredentials credentials)
    {
        SecretRedactor.Register(credentials.AccessKey, credentials.SecretKey, credentials.Token);
        return credentials;
    }
}
