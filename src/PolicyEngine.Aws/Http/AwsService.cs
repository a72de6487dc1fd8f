namespace PolicyEngine.Aws.Http;

/// <summary>The wire protocol a service speaks; it decides request framing and how errors are read.</summary>
public enum AwsProtocol
{
    Json,
    RestJson,
    Query,
    Sdk,
}

/// <summary>
/// What the client needs to know to reach and sign for one AWS service: the SDK's service identifier (the suffix of
/// AWS_ENDPOINT_URL_&lt;ID&gt;), the SigV4 signing name, the IAM action prefix and the default host in the aws partition.
/// </summary>
/// <param name="GlobalHost">Set for global services (one endpoint, signed for us-east-1); null for regional ones.</param>
/// <param name="TargetPrefix">The X-Amz-Target prefix for JSON-RPC services.</param>
/// <param name="ApiVersion">The Version parameter of query services.</param>
public sealed record AwsService(
    string Id,
    string SigningName,
    string EndpointPrefix,
    string IamPrefix,
    AwsProtocol Protocol,
    string? GlobalHost = null,
    string? TargetPrefix = null,
    string? ApiVersion = null,
    string JsonVersion = "1.1")
{
    public const string GlobalSigningRegion = "us-east-1";

    public bool IsGlobal => GlobalHost is not null;

    public string DefaultHost(string region) => GlobalHost ?? $"{EndpointPrefix}.{region}.{DnsSuffix(region)}";

    public string SigningRegion(string region) => IsGlobal ? GlobalSigningRegion : region;

    private static string DnsSuffix(string region) => region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";

    public override string ToString() => Id;
}

/// <summary>The services the collectors and the Security Hub publisher call (facts from botocore's service models).</summary>
public static class AwsServices
{
    public static readonly AwsService Organizations = new("ORGANIZATIONS", "organizations", "organizations", "organizations",
        AwsProtocol.Json, GlobalHost: "organizations.us-east-1.amazonaws.com", TargetPrefix: "AWSOrganizationsV20161128");

    public static readonly AwsService Account = new("ACCOUNT", "account", "account", "account",
        AwsProtocol.RestJson, GlobalHost: "account.us-east-1.amazonaws.com");

    public static readonly AwsService Iam = new("IAM", "iam", "iam", "iam",
        AwsProtocol.Query, GlobalHost: "iam.amazonaws.com", ApiVersion: "2010-05-08");

    public static readonly AwsService CloudTrail = new("CLOUDTRAIL", "cloudtrail", "cloudtrail", "cloudtrail",
        AwsProtocol.Json, TargetPrefix: "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101");

    public static readonly AwsService EventBridge = new("EVENTBRIDGE", "events", "events", "events",
        AwsProtocol.Json, TargetPrefix: "AWSEvents");

    public static readonly AwsService CloudWatchLogs = new("CLOUDWATCH_LOGS", "logs", "logs", "logs",
        AwsProtocol.Json, TargetPrefix: "Logs_20140328");

    public static readonly AwsService CloudWatch = new("CLOUDWATCH", "monitoring", "monitoring", "cloudwatch",
        AwsProtocol.Query, ApiVersion: "2010-08-01");

    public static readonly AwsService SecurityHub = new("SECURITYHUB", "securityhub", "securityhub", "securityhub", AwsProtocol.RestJson);

    /// <summary>Cloud Control API: JSON 1.0; its actions are authorized under the cloudformation IAM prefix.</summary>
    public static readonly AwsService CloudControl = new("CLOUDCONTROL", "cloudcontrolapi", "cloudcontrolapi", "cloudformation",
        AwsProtocol.Json, TargetPrefix: "CloudApiService", JsonVersion: "1.0");

    /// <summary>Cost Explorer: one endpoint in the aws partition, signed for us-east-1.</summary>
    public static readonly AwsService CostExplorer = new("COST_EXPLORER", "ce", "ce", "ce",
        AwsProtocol.Json, GlobalHost: "ce.us-east-1.amazonaws.com", TargetPrefix: "AWSInsightsIndexService");

    /// <summary>IAM Identity Center administration: regional (the instance's home region), signed as "sso", actions under "sso".</summary>
    public static readonly AwsService SsoAdmin = new("SSO_ADMIN", "sso", "sso", "sso",
        AwsProtocol.Json, TargetPrefix: "SWBExternalService");

    /// <summary>The Identity Center identity store (users, groups, memberships), in the instance's region.</summary>
    public static readonly AwsService IdentityStore = new("IDENTITYSTORE", "identitystore", "identitystore", "identitystore",
        AwsProtocol.Json, TargetPrefix: "AWSIdentityStore");

    public static readonly AwsService Sts = new("STS", "sts", "sts", "sts", AwsProtocol.Sdk);

    public static readonly IReadOnlyList<AwsService> All =
        [Organizations, Account, Iam, CloudTrail, EventBridge, CloudWatchLogs, CloudWatch, SecurityHub, CloudControl, CostExplorer, SsoAdmin, IdentityStore, Sts];
}
