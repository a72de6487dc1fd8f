namespace PolicyEngine.Core.Facts;

/// <summary>
/// A resource found in an account by the workload inventory (Cloud Control ListResources): a Lambda function, an RDS
/// instance, a bucket, ... <see cref="Arn"/> is the resource's ARN where it is known, else Cloud Control's primary identifier.
/// </summary>
public sealed record WorkloadResource(
    string AccountId,
    string Region,
    string ResourceType,
    string Arn,
    string Name) : IFact
{
    public string ResourceId => Arn;
}

/// <summary>
/// A resource type the inventory could not list in a region because the region does not offer it (Cloud Control
/// answers TypeNotFoundException or UnsupportedActionException there), or a whole region that was asked for but is
/// not enabled for the account (<see cref="ResourceType"/> null). A gap is an answer, not a failure to collect: the
/// rule reports it without becoming unknown.
/// </summary>
public sealed record InventoryGap(
    string AccountId,
    string Region,
    string? ResourceType,
    string Reason) : IFact
{
    public string ResourceId => ResourceType is null ? $"region/{Region}" : $"{ResourceType}/{Region}";
}

/// <summary>
/// What one AWS service cost an account over a period, as Cost Explorer reports it (GetCostAndUsage grouped by
/// SERVICE, UnblendedCost, summed over the period). <see cref="Service"/> is Cost Explorer's service name
/// ("AWS Lambda", "Amazon Relational Database Service").
/// </summary>
public sealed record ServiceSpend(
    string AccountId,
    string Service,
    double Amount,
    string Unit,
    DateOnly PeriodStart,
    DateOnly PeriodEnd) : IFact
{
    public string ResourceId => $"cost-explorer/{AccountId}/{Service}";
}
