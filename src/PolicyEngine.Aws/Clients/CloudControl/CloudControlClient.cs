using System.Text.Json.Nodes;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Protocols;

namespace PolicyEngine.Aws.Clients.CloudControl;

/// <summary>The resources of one type in one region, as Cloud Control lists them.</summary>
public interface ICloudControlClient
{
    Task<IReadOnlyList<CloudResource>> ListResourcesAsync(string typeName, string region, CancellationToken ct);
}

/// <summary>A resource's primary identifier and its model (a JSON document; list handlers often return only the identifier's properties).</summary>
public sealed record CloudResource(string Identifier, string? Properties);

/// <summary>
/// Cloud Control API over JSON 1.0 (CloudApiService). ListResources runs the type's list handler with the caller's
/// credentials, so the handler's own permissions (lambda:ListFunctions, ...) are needed besides cloudformation:ListResources.
/// </summary>
public sealed class CloudControlClient(AwsHttpClient http) : ICloudControlClient
{
    public static readonly AwsOperation ListResources = new(AwsServices.CloudControl, "ListResources");

    private readonly JsonRpcProtocol _rpc = new(http);

    /// <summary>MaxResults is "Reserved" in the model and not sent; pages follow NextToken.</summary>
    public Task<IReadOnlyList<CloudResource>> ListResourcesAsync(string typeName, string region, CancellationToken ct) =>
        Pagination.AllAsync(ListResources, async token =>
        {
            var input = new JsonObject { ["TypeName"] = typeName };
            if (token is not null) input["NextToken"] = token;
            var result = await _rpc.CallAsync(ListResources, input, ct, region).ConfigureAwait(false);
            return new Page<CloudResource>(result.Array("ResourceDescriptions")
                .Where(d => d.Str("Identifier") is { Length: > 0 })
                .Select(d => new CloudResource(d.Str("Identifier")!, d.Str("Properties"))).ToList(), result.Str("NextToken"));
        }, ct);
}
