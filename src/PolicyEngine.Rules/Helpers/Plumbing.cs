using System.Text.Json;
using PolicyEngine.Core.Facts;

namespace PolicyEngine.Rules.Helpers;

/// <summary>
/// Tells the resources that run the organization (its trail and what the trail writes to, its alerting, its security
/// services) from workloads, for the "no workloads in the management account" check. Recognition works from the
/// collected facts first; the patterns and types a rule passes in cover what the facts cannot show (AWS Control Tower,
/// StackSets, recorders). Every answer is a reason a reviewer can read, or null for a workload.
/// </summary>
public static class Plumbing
{
    /// <summary>EventBridge sources whose rules alert on the organization's security, not on a workload's events.</summary>
    private static readonly HashSet<string> AlertSources = new(StringComparer.Ordinal)
    {
        "aws.signin", "aws.cloudtrail", "aws.guardduty", "aws.securityhub", "aws.config", "aws.access-analyzer",
        "aws.health", "aws.organizations", "aws.iam", "aws.sts", "aws.controltower", "aws.inspector2", "aws.macie",
    };

    /// <summary>
    /// Why <paramref name="resource"/> runs the organization rather than a workload ("it is the S3 bucket receiving its
    /// logs of trail …"), or null for a workload. Trails are recognised by <see cref="CloudTrailTrail.LogResourceKind"/>.
    /// </summary>
    public static string? Role(WorkloadResource resource, IEnumerable<CloudTrailTrail>? trails, IEnumerable<MetricAlarm>? alarms,
        IEnumerable<EventBridgeRule>? alertRules, IEnumerable<string>? loggingPatterns, IEnumerable<string>? plumbingPatterns, IEnumerable<string>? types)
    {
        foreach (var trail in trails ?? [])
            if (trail.AccountId == resource.AccountId && trail.OwnerAccountId == resource.AccountId && trail.LogResourceKind(resource.Arn) is { } kind)
                return $"it is the {kind} of trail {trail.Arn}";
        return AlertingOrConfiguredRole(resource, alarms, alertRules, loggingPatterns, plumbingPatterns, types);
    }

    /// <summary>True when the resource is alerting plumbing or configured as plumbing (trails are judged apart, by MA0101's 'not' on them).</summary>
    public static bool IsAlertingOrConfigured(WorkloadResource resource, IEnumerable<MetricAlarm>? alarms, IEnumerable<EventBridgeRule>? alertRules,
        IEnumerable<string>? loggingPatterns, IEnumerable<string>? plumbingPatterns, IEnumerable<string>? types) =>
        AlertingOrConfiguredRole(resource, alarms, alertRules, loggingPatterns, plumbingPatterns, types) is not null;

    private static string? AlertingOrConfiguredRole(WorkloadResource resource, IEnumerable<MetricAlarm>? alarms, IEnumerable<EventBridgeRule>? alertRules,
        IEnumerable<string>? loggingPatterns, IEnumerable<string>? plumbingPatterns, IEnumerable<string>? types)
    {
        if (Lists.Contains(types, resource.ResourceType)) return $"its type {resource.ResourceType} belongs to a security or logging service (plumbingTypes)";
        foreach (var alarm in alarms ?? [])
            if (alarm.AccountId == resource.AccountId && AlertRole(resource, alarm.Arn, alarm.AlarmActions) is { } role)
                return $"it is the {role} CloudWatch alarm {alarm.Arn}";
        foreach (var rule in alertRules ?? [])
            if (rule.AccountId == resource.AccountId && rule.IsEnabled && IsAlerting(rule) && AlertRole(resource, rule.Arn, rule.TargetArns ?? []) is { } role)
                return $"it is the {role} EventBridge rule {rule.Arn}, which alerts on sign-in, root or security events";
        if ((loggingPatterns ?? []).Concat(plumbingPatterns ?? []).FirstOrDefault(p => Text.Like(resource.Arn, p)) is { } pattern)
            return $"it matches the configured pattern {pattern}";
        return null;
    }

    /// <summary>"AWS::Lambda::Function (2): orders-api (eu-west-1, arn:…), …; AWS::RDS::DBInstance (1): …", grouped by type.</summary>
    public static string Describe(IEnumerable<WorkloadResource>? resources) =>
        string.Join("; ", (resources ?? []).GroupBy(r => r.ResourceType).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            $"{g.Key} ({g.Count()}): " + string.Join(", ", g.OrderBy(r => r.Region, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)
                .Select(r => $"{r.Name} ({r.Region}, {r.Arn})"))));

    /// <summary>The types and regions the inventory could not list, grouped by reason: "AWS::X::Y in ap-east-1 (TypeNotFoundException)".</summary>
    public static string DescribeGaps(IEnumerable<InventoryGap>? gaps)
    {
        var list = (gaps ?? []).ToList();
        if (list.Count == 0) return "";
        var parts = list.GroupBy(g => (g.ResourceType, g.Reason)).OrderBy(g => g.Key.ResourceType ?? "", StringComparer.Ordinal).Select(g =>
        {
            var regions = string.Join(", ", g.Select(x => x.Region).Distinct().Order(StringComparer.Ordinal));
            return g.Key.ResourceType is null ? $"regions {regions} ({g.Key.Reason})" : $"{g.Key.ResourceType} in {regions} ({g.Key.Reason})";
        });
        return " Not listed: " + string.Join("; ", parts) + ".";
    }

    private static string? AlertRole(WorkloadResource resource, string alertArn, IReadOnlyList<string> targets) => resource.ResourceType switch
    {
        "AWS::CloudWatch::Alarm" or "AWS::Events::Rule" when resource.Arn == alertArn || alertArn.EndsWith("/" + resource.Name, StringComparison.Ordinal)
            || alertArn.EndsWith(":" + resource.Name, StringComparison.Ordinal) => "resource itself of",
        "AWS::SNS::Topic" when targets.Contains(resource.Arn, StringComparer.Ordinal) => "SNS topic notified by",
        _ => null,
    };

    /// <summary>A rule alerts on the organization when it selects root activity or a security or sign-in source.</summary>
    private static bool IsAlerting(EventBridgeRule rule)
    {
        if (EventPatterns.MatchesRootActivity(rule.EventPattern)) return true;
        if (string.IsNullOrWhiteSpace(rule.EventPattern)) return false;
        try
        {
            using var pattern = JsonDocument.Parse(rule.EventPattern);
            if (pattern.RootElement.ValueKind != JsonValueKind.Object || !pattern.RootElement.TryGetProperty("source", out var source)) return false;
            var sources = source.ValueKind == JsonValueKind.Array ? source.EnumerateArray() : default;
            return source.ValueKind == JsonValueKind.Array
                && sources.All(s => s.ValueKind == JsonValueKind.String && AlertSources.Contains(s.GetString()!));
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
