namespace PolicyEngine.Core.Facts;

/// <summary>A workload resource found in an account (EC2 instance, S3 bucket, DynamoDB table, SQS queue, ...).</summary>
public sealed record WorkloadResource(
    string AccountId,
    string Region,
    string ResourceType,
    string Arn,
    string Name) : IFact
{
    public string ResourceId => Arn;
}
