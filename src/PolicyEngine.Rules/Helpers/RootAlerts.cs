using PolicyEngine.Core.Facts;

namespace PolicyEngine.Rules.Helpers;

/// <summary>
/// The alert paths on the root user's activity and what each can see, for the monitor-access rules' conditions and
/// messages. Two paths exist: an EventBridge rule (only a rule in us-east-1 receives root's console sign-ins and its
/// calls to IAM, STS and other global services; a rule elsewhere sees root's calls in its own region only), and a
/// CloudWatch Logs metric filter with an alarm, on a log group fed by a trail that is logging, multi-region and records
/// management events (it then sees every region's events, sign-ins included).
/// </summary>
public static class RootAlerts
{
    /// <summary>The region where EventBridge receives sign-in events and global services' API calls.</summary>
    public const string GlobalEventsRegion = "us-east-1";

    /// <summary>The two kinds of root activity the recommendation asks alerts for.</summary>
    public const string SignIns = "sign-ins";
    public const string ApiCalls = "calls";

    /// <summary>True when the trail feeds its log group with every region's management events, now.</summary>
    public static bool FeedsAlerts(CloudTrailTrail trail) =>
        trail.IsLogging && trail.IsMultiRegion && trail.IncludesManagementEvents && trail.CloudWatchLogsLogGroupArn is not null;

    /// <summary>True when the rule lives where EventBridge receives root's sign-ins and global services' calls.</summary>
    public static bool InGlobalEventsRegion(EventBridgeRule rule) => rule.Region == GlobalEventsRegion;

    /// <summary><see cref="WhyNot"/> for root's console sign-ins.</summary>
    public static string WhyNoSignInAlert(IEnumerable<EventBridgeRule> rules, IEnumerable<CloudTrailTrail> trails,
        IEnumerable<MetricFilter> filters, IEnumerable<MetricAlarm> alarms) => WhyNot(SignIns, rules, trails, filters, alarms);

    /// <summary><see cref="WhyNot"/> for root's API calls.</summary>
    public static string WhyNoApiCallAlert(IEnumerable<EventBridgeRule> rules, IEnumerable<CloudTrailTrail> trails,
        IEnumerable<MetricFilter> filters, IEnumerable<MetricAlarm> alarms) => WhyNot(ApiCalls, rules, trails, filters, alarms);

    /// <summary>True when the filter sits on the trail's log group (same account, region and name).</summary>
    public static bool OnLogGroupOf(MetricFilter filter, CloudTrailTrail trail) =>
        trail.CloudWatchLogsLogGroupArn is { } arn && LogGroup(arn) == (filter.AccountId, filter.Region, filter.LogGroupName);

    /// <summary>True when the alarm watches the filter's metric, in its account and region, and has an enabled action.</summary>
    public static bool Raises(MetricAlarm alarm, MetricFilter filter) =>
        alarm.AccountId == filter.AccountId && alarm.Region == filter.Region && alarm.MetricName == filter.MetricName
        && alarm.Namespace == filter.MetricNamespace && alarm.HasActions;

    /// <summary>True when a trail of the account is logging and records management events in us-east-1, so EventBridge there receives root's API calls.</summary>
    public static bool DeliversApiCallsToEventBridge(CloudTrailTrail trail) =>
        trail.IsLogging && trail.IncludesManagementEvents && (trail.IsMultiRegion || trail.HomeRegion == GlobalEventsRegion);

    /// <summary>
    /// Why no path alerts on root's <paramref name="kind"/> (<see cref="SignIns"/> or <see cref="ApiCalls"/>): what each
    /// near miss sees and cannot see, or that there is no candidate at all.
    /// </summary>
    public static string WhyNot(string kind, IEnumerable<EventBridgeRule> rules, IEnumerable<CloudTrailTrail> trails,
        IEnumerable<MetricFilter> filters, IEnumerable<MetricAlarm> alarms)
    {
        var trailList = trails.ToList();
        var alarmList = alarms.ToList();
        var filterList = filters.ToList();
        var reasons = new List<string>();
        foreach (var rule in rules.Where(r => EventPatterns.MatchesRootActivity(r.EventPattern)).OrderBy(r => r.Arn, StringComparer.Ordinal))
            reasons.Add($"EventBridge rule {rule.Name} in {rule.Region} {RuleShortfall(kind, rule, trailList)}");
        foreach (var filter in filterList.Where(f => Sees(kind, f)).OrderBy(f => f.ResourceId, StringComparer.Ordinal))
            reasons.Add($"metric filter {filter.FilterName} on log group {filter.LogGroupName} in account {filter.AccountId} ({filter.Region}) {FilterShortfall(filter, trailList, alarmList)}");
        foreach (var trail in trailList.Where(t => FeedsAlerts(t) && !filterList.Any(f => OnLogGroupOf(f, t) && Sees(kind, f))))
            reasons.Add($"trail {trail.Name} delivers to log group {trail.CloudWatchLogsLogGroupArn}, which has no metric filter selecting root's {Describe(kind)} among the filters collected");
        return reasons.Count == 0
            ? $"no EventBridge rule or CloudWatch Logs metric filter selects root's {Describe(kind)}"
            : string.Join("; ", reasons.Distinct());
    }

    /// <summary>What an EventBridge rule that matches root activity sees, and what it cannot: for the evidence of a result.</summary>
    public static string Sees(EventBridgeRule rule)
    {
        var signIns = EventPatterns.SeesRootSignIns(rule.EventPattern);
        var calls = EventPatterns.SeesRootApiCalls(rule.EventPattern);
        var state = !rule.IsEnabled ? " (disabled)" : rule.TargetCount == 0 ? " (no target)" : "";
        if (rule.Region != GlobalEventsRegion)
            return $"EventBridge rule {rule.Arn}{state} sees root's calls to regional services in {rule.Region} only{(calls ? "" : " (its pattern does not match API calls)")}; "
                + $"root console sign-ins and calls to IAM, STS and other global services reach EventBridge in {GlobalEventsRegion} only";
        var sees = (signIns, calls) switch
        {
            (true, true) => $"root console sign-ins, and root's calls to IAM, STS and other global services and to regional services in {GlobalEventsRegion}",
            (true, false) => "root console sign-ins, not root's API calls",
            (false, true) => $"root's calls to IAM, STS and other global services and to regional services in {GlobalEventsRegion}, not console sign-ins",
            _ => "none of root's sign-ins or calls",
        };
        return $"EventBridge rule {rule.Arn}{state} sees {sees}"
            + (calls ? $"; root's calls in other regions reach EventBridge only there, and read-only calls only with the state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" : "");
    }

    private static string RuleShortfall(string kind, EventBridgeRule rule, List<CloudTrailTrail> trails)
    {
        if (!rule.IsEnabled) return "matches root activity but is disabled";
        if (rule.TargetCount == 0) return "matches root activity but has no target";
        if (rule.Region != GlobalEventsRegion)
            return $"sees root's calls in {rule.Region} only: root console sign-ins and calls to IAM, STS and other global services reach EventBridge in {GlobalEventsRegion} only";
        if (kind == SignIns && !EventPatterns.SeesRootSignIns(rule.EventPattern)) return "matches root's API calls but not its console sign-ins";
        if (kind == ApiCalls && !EventPatterns.SeesRootApiCalls(rule.EventPattern)) return "matches root's console sign-ins but not its API calls";
        if (kind == ApiCalls && !trails.Any(DeliversApiCallsToEventBridge))
            return $"would see root's API calls, but EventBridge receives API calls only from a logging trail that records management events in {GlobalEventsRegion}, and this account has none";
        return "alerts";
    }

    private static string FilterShortfall(MetricFilter filter, List<CloudTrailTrail> trails, List<MetricAlarm> alarms)
    {
        var problems = new List<string>();
        var feeding = trails.Where(t => OnLogGroupOf(filter, t)).ToList();
        if (feeding.Count == 0) problems.Add("receives no trail of the management account");
        else if (!feeding.Any(FeedsAlerts))
            problems.Add("is fed by trail " + string.Join(", ", feeding.Select(t => $"{t.Name} ({TrailShortfall(t)})")));
        if (!alarms.Any(a => Raises(a, filter))) problems.Add($"has no alarm with an enabled action on metric {filter.MetricNamespace}/{filter.MetricName}");
        return problems.Count == 0 ? "alerts" : string.Join(" and ", problems);
    }

    private static string TrailShortfall(CloudTrailTrail trail) => string.Join(", ", new[]
    {
        trail.IsLogging ? null : "not logging",
        trail.IsMultiRegion ? null : "single-region",
        trail.IncludesManagementEvents ? null : "no management events",
    }.OfType<string>());

    private static bool Sees(string kind, MetricFilter filter) =>
        kind == SignIns ? LogFilters.SeesRootSignIns(filter.FilterPattern) : LogFilters.SeesRootApiCalls(filter.FilterPattern);

    private static string Describe(string kind) => kind == SignIns ? "console sign-ins" : "API calls";

    private static (string Account, string Region, string Name) LogGroup(string arn)
    {
        // arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]; log group names cannot contain ':'.
        var parts = arn.Split(':');
        return parts.Length > 6 ? (parts[4], parts[3], parts[6]) : ("", "", "");
    }
}
