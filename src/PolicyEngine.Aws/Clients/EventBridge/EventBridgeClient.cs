using System.Text.Json.Nodes;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Protocols;

namespace PolicyEngine.Aws.Clients.EventBridge;

/// <summary>EventBridge over JSON 1.1 (AWSEvents); replaceable by AWSSDK.EventBridge behind <see cref="IEventBridgeClient"/>.</summary>
public sealed class EventBridgeClient(AwsHttpClient http) : IEventBridgeClient
{
    public static readonly AwsOperation ListRules = new(AwsServices.EventBridge, "ListRules");
    public static readonly AwsOperation ListTargetsByRule = new(AwsServices.EventBridge, "ListTargetsByRule");

    private readonly JsonRpcProtocol _rpc = new(http);

    public Task<IReadOnlyList<EventRuleInfo>> ListRulesAsync(string region, CancellationToken ct) =>
        Pagination.AllAsync(ListRules, async token =>
        {
            var result = await _rpc.CallAsync(ListRules, PageInput(new JsonObject(), token), ct, region).ConfigureAwait(false);
            return new Page<EventRuleInfo>(result.Array("Rules").Select(r => new EventRuleInfo(
                r.Str("Name") ?? "", r.Str("Arn") ?? "", r.Str("State") ?? "", r.Str("EventPattern"))).ToList(), result.Str("NextToken"));
        }, ct);

    public Task<IReadOnlyList<RuleTargetInfo>> ListTargetsByRuleAsync(string ruleName, string region, CancellationToken ct) =>
        Pagination.AllAsync(ListTargetsByRule, async token =>
        {
            var result = await _rpc.CallAsync(ListTargetsByRule, PageInput(new JsonObject { ["Rule"] = ruleName }, token), ct, region).ConfigureAwait(false);
            return new Page<RuleTargetInfo>(result.Array("Targets").Select(t => new RuleTargetInfo(
                t.Str("Id") ?? "", t.Str("Arn") ?? "")).ToList(), result.Str("NextToken"));
        }, ct);

    private static JsonObject PageInput(JsonObject input, string? token)
    {
        input["Limit"] = 100;
        if (token is not null) input["NextToken"] = token;
        return input;
    }
}
