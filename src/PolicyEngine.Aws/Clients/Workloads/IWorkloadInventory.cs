namespace PolicyEngine.Aws.Clients.Workloads;

/// <summary>The workload resources of the caller's account, read with the official SDK clients.</summary>
public interface IWorkloadInventory
{
    /// <summary>The regions enabled for the account (opted-in ones included, disabled ones not).</summary>
    Task<IReadOnlyList<string>> ListEnabledRegionsAsync(CancellationToken ct);
    Task<IReadOnlyList<WorkloadItem>> ListInstancesAsync(string accountId, string region, CancellationToken ct);
    Task<IReadOnlyList<WorkloadItem>> ListTablesAsync(string accountId, string region, CancellationToken ct);
    Task<IReadOnlyList<WorkloadItem>> ListQueuesAsync(string accountId, string region, CancellationToken ct);

    /// <summary>S3 buckets are listed once for the account; each carries its own region where S3 reports it.</summary>
    Task<IReadOnlyList<WorkloadItem>> ListBucketsAsync(CancellationToken ct);
}

public sealed record WorkloadItem(string ResourceType, string Arn, string Name, string Region);
