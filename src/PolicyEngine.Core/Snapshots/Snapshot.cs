using PolicyEngine.Core.Facts;

namespace PolicyEngine.Core.Snapshots;

/// <summary>A versioned, self-describing document of the facts collected from one organization.</summary>
public sealed record Snapshot(int SchemaVersion, DateTimeOffset CollectedAt, FactSet Facts, SnapshotSource? Source = null)
{
    public const int CurrentSchemaVersion = 1;
}

/// <summary>Where and how a snapshot was made; informational only.</summary>
public sealed record SnapshotSource(string Tool, string? ToolVersion = null, string? CallerArn = null, string? Region = null, string? Description = null);
