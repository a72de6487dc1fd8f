namespace PolicyEngine.Aws.Clients.Sts;

/// <summary>Who the credentials belong to.</summary>
public interface IStsClient
{
    Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken ct);
}

public sealed record CallerIdentity(string AccountId, string Arn, string UserId);
