using System.Globalization;
using System.Text.Json.Nodes;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Protocols;

namespace PolicyEngine.Aws.Clients.CostExplorer;

/// <summary>What each service cost one linked account over a period.</summary>
public interface ICostExplorerClient
{
    /// <param name="start">First day, inclusive.</param>
    /// <param name="end">Last day, exclusive (Cost Explorer's convention).</param>
    Task<IReadOnlyList<ServiceCost>> GetCostByServiceAsync(string linkedAccountId, DateOnly start, DateOnly end, CancellationToken ct);
}

/// <summary>One service's cost, summed over every time period of the answer.</summary>
public sealed record ServiceCost(string Service, decimal Amount, string Unit);

/// <summary>
/// Cost Explorer over JSON 1.1 (AWSInsightsIndexService). Every request, each page included, is billed by AWS
/// (USD 0.01 at the time of writing), so the collector asks once per run with monthly granularity.
/// </summary>
public sealed class CostExplorerClient(AwsHttpClient http) : ICostExplorerClient
{
    public static readonly AwsOperation GetCostAndUsage = new(AwsServices.CostExplorer, "GetCostAndUsage");
    private const string Metric = "UnblendedCost";

    private readonly JsonRpcProtocol _rpc = new(http);

    public async Task<IReadOnlyList<ServiceCost>> GetCostByServiceAsync(string linkedAccountId, DateOnly start, DateOnly end, CancellationToken ct)
    {
        var groups = await Pagination.AllAsync(GetCostAndUsage, async token =>
        {
            var input = new JsonObject
            {
                ["TimePeriod"] = new JsonObject { ["Start"] = Day(start), ["End"] = Day(end) },
                ["Granularity"] = "MONTHLY",
                ["Metrics"] = new JsonArray(Metric),
                ["GroupBy"] = new JsonArray(new JsonObject { ["Type"] = "DIMENSION", ["Key"] = "SERVICE" }),
                ["Filter"] = new JsonObject
                {
                    ["Dimensions"] = new JsonObject { ["Key"] = "LINKED_ACCOUNT", ["Values"] = new JsonArray(linkedAccountId) },
                },
            };
            if (token is not null) input["NextPageToken"] = token;
            var result = await _rpc.CallAsync(GetCostAndUsage, input, ct).ConfigureAwait(false);
            var page = result.Array("ResultsByTime").SelectMany(period => period.Array("Groups")).Select(group =>
            {
                var metric = group.Obj("Metrics").Obj(Metric);
                return new ServiceCost(group.Strings("Keys").FirstOrDefault() ?? "", Amount(metric.Str("Amount")), metric.Str("Unit") ?? "USD");
            }).ToList();
            return new Page<ServiceCost>(page, result.Str("NextPageToken"));
        }, ct).ConfigureAwait(false);
        return groups.Where(g => g.Service.Length > 0)
            .GroupBy(g => (g.Service, g.Unit))
            .Select(g => new ServiceCost(g.Key.Service, g.Sum(c => c.Amount), g.Key.Unit))
            .OrderBy(c => c.Service, StringComparer.Ordinal)
            .ToList();
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Amounts are decimal strings ("12.3456789", sometimes "-0.0000001" after credits).</summary>
    private static decimal Amount(string? text) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) ? amount : 0m;
}
