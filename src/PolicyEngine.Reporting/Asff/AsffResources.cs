namespace PolicyEngine.Reporting.Asff;

/// <summary>Maps a result's subject (an ARN where AWS has one) to an ASFF resource with a type Security Hub knows.</summary>
internal static class AsffResources
{
    public static AsffResource Subject(string resource, SecurityHubTarget target)
    {
        var arn = resource.Split(':', 6);
        if (arn.Length < 6 || arn[0] != "arn")
            return resource.Length == 12 && resource.All(char.IsAsciiDigit)
                ? Account(resource, target)
                : new AsffResource("Other", resource, target.Partition, target.Region);
        var partition = arn[1] is "aws" or "aws-cn" or "aws-us-gov" ? arn[1] : target.Partition;
        var region = arn[3].Length is > 0 and <= 16 ? arn[3] : target.Region;
        return new AsffResource(TypeOf(arn[2], arn[5]), resource, partition, region);
    }

    /// <summary>An account as AWS's own control findings name it.</summary>
    public static AsffResource Account(string accountId, SecurityHubTarget target) =>
        new("AwsAccount", $"AWS::::Account:{accountId}", target.Partition, target.Region);

    public static bool IsAccount(string resource, string accountId) =>
        resource == accountId || resource.EndsWith($"::{accountId}:root", StringComparison.Ordinal);

    private static string TypeOf(string service, string path) => (service, path) switch
    {
        ("iam", "root") => "AwsAccount",
        ("iam", _) when path.StartsWith("user/", StringComparison.Ordinal) => "AwsIamUser",
        ("iam", _) when path.StartsWith("role/", StringComparison.Ordinal) => "AwsIamRole",
        ("iam", _) when path.StartsWith("policy/", StringComparison.Ordinal) => "AwsIamPolicy",
        ("iam", _) when path.StartsWith("group/", StringComparison.Ordinal) => "AwsIamGroup",
        ("cloudtrail", _) => "AwsCloudTrailTrail",
        ("sns", _) => "AwsSnsTopic",
        ("s3", _) => "AwsS3Bucket",
        ("kms", _) => "AwsKmsKey",
        _ => "Other",
    };
}
