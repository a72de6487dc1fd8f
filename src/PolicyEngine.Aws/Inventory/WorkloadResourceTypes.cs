using System.Text.Json;
using System.Text.Json.Serialization;

namespace PolicyEngine.Aws.Inventory;

/// <summary>
/// One resource type the inventory lists: the permissions its Cloud Control list handler needs and how its ARN is
/// built from the primary identifier. A type named in the configuration but absent from the catalog is listed too,
/// with its identifier standing in for the ARN.
/// </summary>
public sealed record WorkloadResourceType(
    string Type,
    string Category,
    IReadOnlyList<string> Permissions,
    string? Arn = null,
    bool Global = false)
{
    /// <summary>Global types (CloudFront) are served from us-east-1 only and listed there once.</summary>
    public const string GlobalRegion = "us-east-1";

    public string ArnOf(string identifier, string region, string accountId)
    {
        if (identifier.StartsWith("arn:", StringComparison.Ordinal) || Arn is null) return identifier;
        return Arn.Replace("{partition}", Partition(region), StringComparison.Ordinal)
            .Replace("{region}", region, StringComparison.Ordinal)
            .Replace("{account}", accountId, StringComparison.Ordinal)
            .Replace("{id}", identifier, StringComparison.Ordinal)
            .Replace("{name}", NameOf(identifier), StringComparison.Ordinal);
    }

    /// <summary>The readable name: the last part of a composite identifier, an ARN or a URL (SQS identifies queues by URL).</summary>
    public static string NameOf(string identifier)
    {
        var last = identifier.Split('|')[^1].TrimEnd('/');
        var cut = last.StartsWith("arn:", StringComparison.Ordinal) || last.Contains("://", StringComparison.Ordinal)
            ? Math.Max(last.LastIndexOf('/'), last.StartsWith("arn:", StringComparison.Ordinal) ? last.LastIndexOf(':') : -1)
            : -1;
        return cut >= 0 && cut < last.Length - 1 ? last[(cut + 1)..] : last;
    }

    private static string Partition(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn" : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov" : "aws";
}

/// <summary>The default list of workload resource types (workload-resource-types.json, embedded), and lookups by name.</summary>
public static class WorkloadResourceTypes
{
    private static readonly Lazy<IReadOnlyList<WorkloadResourceType>> Catalog = new(Load);

    public static IReadOnlyList<WorkloadResourceType> Default => Catalog.Value;

    /// <summary>The types to list: the configured names (catalog entries where known), or the default list.</summary>
    public static IReadOnlyList<WorkloadResourceType> Resolve(IReadOnlyList<string>? configured)
    {
        if (configured is null) return Default;
        var known = Default.ToDictionary(t => t.Type, StringComparer.Ordinal);
        return [.. configured.Distinct(StringComparer.Ordinal).Select(name => known.GetValueOrDefault(name) ?? new WorkloadResourceType(name, "configured", []))];
    }

    private static IReadOnlyList<WorkloadResourceType> Load()
    {
        using var stream = typeof(WorkloadResourceTypes).Assembly.GetManifestResourceStream("PolicyEngine.Aws.Inventory.workload-resource-types.json")
            ?? throw new InvalidOperationException("workload-resource-types.json is not embedded in PolicyEngine.Aws");
        var file = JsonSerializer.Deserialize<CatalogFile>(stream, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        return file.Types;
    }

    private sealed record CatalogFile([property: JsonPropertyName("types")] IReadOnlyList<WorkloadResourceType> Types);
}
