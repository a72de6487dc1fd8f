using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PolicyEngine.Aws.Tests.Support;

/// <summary>
/// What moto 5.2.1 lacks for the inventory: Account ListRegions, Cloud Control ListResources and Cost Explorer
/// GetCostAndUsage, answered in the shapes of botocore's models (account 2021-02-01, cloudcontrol 2021-09-30,
/// ce 2017-10-25), with pagination, throttling, types a region does not offer and opt-in regions not enabled.
/// </summary>
public sealed class InventoryStub
{
    public const string CloudControlNamespace = "com.amazon.cloudapiservice";

    /// <summary>Every region ListRegions knows, with its opt status; only the enabled ones should be listed.</summary>
    public List<(string Name, string Status)> Regions { get; } =
    [
        ("eu-west-1", "ENABLED_BY_DEFAULT"), ("us-east-1", "ENABLED_BY_DEFAULT"), ("ap-southeast-5", "ENABLED"),
        ("me-central-1", "DISABLED"), ("af-south-1", "DISABLING"),
    ];

    /// <summary>Resources by (type, region): the primary identifier and the model the list handler returns.</summary>
    public ConcurrentDictionary<(string Type, string Region), List<(string Identifier, string Properties)>> Resources { get; } = new();

    /// <summary>Types a region does not offer: Cloud Control answers TypeNotFoundException there.</summary>
    public HashSet<(string Type, string Region)> Unsupported { get; } = [];

    /// <summary>Types whose listing is denied in a region (the handler's own permission is missing).</summary>
    public HashSet<(string Type, string Region)> Denied { get; } = [];

    /// <summary>The first this many ListResources requests are throttled, as Cloud Control throttles a busy account.</summary>
    public int ThrottleFirst { get; set; }

    public int PageSize { get; set; } = 2;

    /// <summary>Cost by service per monthly period: each inner list is one ResultsByTime entry.</summary>
    public List<List<(string Service, string Amount)>> CostPeriods { get; } = [];

    public ConcurrentQueue<JsonNode> CostRequests { get; } = new();
    public ConcurrentQueue<(string Type, string Region, string? Token)> ListResourcesCalls { get; } = new();

    private int _throttled;

    public void Add(string type, string region, string identifier, string? properties = null) =>
        Resources.GetOrAdd((type, region), _ => []).Add((identifier, properties ?? $$"""{"Id":"{{identifier}}"}"""));

    /// <summary>Answers the three actions on the proxy; anything else goes on to moto.</summary>
    public AwsStubProxy Install(AwsStubProxy proxy) => proxy
        .Answer("account:ListRegions", ListRegions)
        .Answer("cloudcontrolapi:ListResources", ListResources)
        .Answer("ce:GetCostAndUsage", GetCostAndUsage);

    private ProxyResponse ListRegions(ProxyRequest request)
    {
        var input = JsonNode.Parse(request.BodyText)!;
        var wanted = input["RegionOptStatusContains"]?.AsArray().Select(s => s!.GetValue<string>()).ToHashSet();
        var all = Regions.Where(r => wanted is null || wanted.Contains(r.Status)).ToList();
        var (page, next) = Page(all, input["NextToken"]?.GetValue<string>(), Math.Min(PageSize, input["MaxResults"]?.GetValue<int>() ?? 50));
        var body = new JsonObject { ["Regions"] = new JsonArray([.. page.Select(r => (JsonNode)new JsonObject { ["RegionName"] = r.Name, ["RegionOptStatus"] = r.Status })]) };
        if (next is not null) body["NextToken"] = next;
        return ProxyResponse.Text(200, "application/json", body.ToJsonString());
    }

    private ProxyResponse ListResources(ProxyRequest request)
    {
        var input = JsonNode.Parse(request.BodyText)!;
        var type = input["TypeName"]!.GetValue<string>();
        var region = request.Region ?? "";
        var token = input["NextToken"]?.GetValue<string>();
        ListResourcesCalls.Enqueue((type, region, token));
        if (Interlocked.Increment(ref _throttled) <= ThrottleFirst)
            return Error("ThrottlingException", "Rate exceeded");
        if (Unsupported.Contains((type, region)))
            return Error("TypeNotFoundException", $"The type '{type}' cannot be found.");
        if (Denied.Contains((type, region)))
            return Error("AccessDeniedException", $"User is not authorized to perform the list handler's actions for {type}");
        var (page, next) = Page(Resources.GetValueOrDefault((type, region)) ?? [], token, PageSize);
        var body = new JsonObject
        {
            ["TypeName"] = type,
            ["ResourceDescriptions"] = new JsonArray([.. page.Select(r => (JsonNode)new JsonObject { ["Identifier"] = r.Identifier, ["Properties"] = r.Properties })]),
        };
        if (next is not null) body["NextToken"] = next;
        return ProxyResponse.Text(200, "application/x-amz-json-1.0", body.ToJsonString());
    }

    /// <summary>One ResultsByTime entry per page: Cost Explorer pages over time periods and groups.</summary>
    private ProxyResponse GetCostAndUsage(ProxyRequest request)
    {
        var input = JsonNode.Parse(request.BodyText)!;
        CostRequests.Enqueue(input);
        var index = input["NextPageToken"] is { } t ? int.Parse(t.GetValue<string>()[5..], System.Globalization.CultureInfo.InvariantCulture) : 0;
        var period = index < CostPeriods.Count ? CostPeriods[index] : [];
        var body = new JsonObject
        {
            ["GroupDefinitions"] = new JsonArray(new JsonObject { ["Type"] = "DIMENSION", ["Key"] = "SERVICE" }),
            ["ResultsByTime"] = new JsonArray(new JsonObject
            {
                ["TimePeriod"] = new JsonObject { ["Start"] = input["TimePeriod"]!["Start"]!.GetValue<string>(), ["End"] = input["TimePeriod"]!["End"]!.GetValue<string>() },
                ["Total"] = new JsonObject(),
                ["Groups"] = new JsonArray([.. period.Select(g => (JsonNode)new JsonObject
                {
                    ["Keys"] = new JsonArray(g.Service),
                    ["Metrics"] = new JsonObject { ["UnblendedCost"] = new JsonObject { ["Amount"] = g.Amount, ["Unit"] = "USD" } },
                })]),
                ["Estimated"] = true,
            }),
            ["DimensionValueAttributes"] = new JsonArray(),
        };
        if (index + 1 < CostPeriods.Count) body["NextPageToken"] = $"page-{index + 1}";
        return ProxyResponse.Text(200, "application/x-amz-json-1.1", body.ToJsonString());
    }

    private static ProxyResponse Error(string code, string message) =>
        ProxyResponse.Text(400, "application/x-amz-json-1.0", JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["__type"] = $"{CloudControlNamespace}#{code}",
            ["Message"] = message,
        }));

    /// <summary>Opaque tokens, as AWS gives them: the offset, base64-encoded.</summary>
    private static (List<T> Page, string? Next) Page<T>(List<T> all, string? token, int size)
    {
        var offset = token is null ? 0 : int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)), System.Globalization.CultureInfo.InvariantCulture);
        var page = all.Skip(offset).Take(size).ToList();
        var next = offset + size < all.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + size).ToString(System.Globalization.CultureInfo.InvariantCulture))) : null;
        return (page, next);
    }
}
