namespace PolicyEngine.Aws.Clients.EventBridge;

/// <summary>EventBridge reads on the default event bus of one region.</summary>
public interface IEventBridgeClient
{
    Task<IReadOnlyList<EventRuleInfo>> ListRulesAsync(string region, CancellationToken ct);
    Task<IReadOnlyList<RuleTargetInfo>> ListTargetsByRuleAsync(string ruleName, string region, CancellationToken ct);
}

public sealed record EventRuleInfo(string Name, string Arn, string State, string? EventPattern);

public sealed record RuleTargetInfo(string Id, string Arn);
