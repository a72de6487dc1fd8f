using System.Text.RegularExpressions;

namespace PolicyEngine.Reporting.Asff;

/// <summary>
/// Where findings go: the account that calls BatchImportFindings and its region. Findings use this account's
/// custom-integration product ARN and carry it as AwsAccountId, because Security Hub only accepts findings for
/// the calling account under the default product ARN; the account a result is about is named in Resources.
/// </summary>
public sealed partial record SecurityHubTarget
{
    public SecurityHubTarget(string accountId, string region)
    {
        if (!AccountPattern().IsMatch(accountId))
            throw new ArgumentException($"'{accountId}' is not a 12-digit AWS account ID.", nameof(accountId));
        if (!RegionPattern().IsMatch(region))
            throw new ArgumentException($"'{region}' is not an AWS region name.", nameof(region));
        AccountId = accountId;
        Region = region;
    }

    public string AccountId { get; }

    public string Region { get; }

    public string Partition => PartitionOf(Region);

    public string ProductArn => $"arn:{Partition}:securityhub:{Region}:{AccountId}:product/{AccountId}/default";

    public static string PartitionOf(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn"
        : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov"
        : "aws";

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountPattern();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionPattern();
}
