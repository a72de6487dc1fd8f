namespace PolicyEngine.Aws.Http;

/// <summary>
/// One API operation and the IAM action that authorizes it. Every client declares its operations as static fields of
/// this type, so docs/iam-policy.json can be checked against exactly what the code calls.
/// </summary>
public sealed record AwsOperation(AwsService Service, string Name, string? IamActionOverride = null)
{
    /// <summary>The IAM action, e.g. <c>organizations:ListAccounts</c>; S3 ListBuckets is <c>s3:ListAllMyBuckets</c>.</summary>
    public string IamAction => IamActionOverride ?? $"{Service.IamPrefix}:{Name}";

    public override string ToString() => IamAction;
}
