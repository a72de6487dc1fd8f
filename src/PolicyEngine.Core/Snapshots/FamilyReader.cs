using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PolicyEngine.Core.Facts;

namespace PolicyEngine.Core.Snapshots;

/// <summary>
/// Reads a well-formed snapshot family by family on every core: one pass finds where each family's list lies, then
/// the serializer reads the lists side by side with the same options, so each is held to the same rules. At 10,000
/// accounts the snapshot is 35 MB, the longest wait of a run, and one core reading it was the whole of that wait.
/// Anything unusual (an unknown or repeated name, a null item, deep nesting, a list the serializer refuses) is left
/// to the one-pass reader, which says what is wrong and where: this path only ever returns a snapshot that reader
/// would have returned.
/// </summary>
internal static class FamilyReader
{
    /// <summary>Deeper documents go to the one-pass reader, whose depth limit counts from the document's root.</summary>
    private const int MaxDepth = 16;

    public static Snapshot? TryRead(ReadOnlyMemory<byte> utf8, JsonSerializerOptions options, int schemaVersion)
    {
        // The fact set's contract names its members (each registered family, the collection errors), their types and
        // how each is set: the one-pass reader's own.
        var contract = options.GetTypeInfo(typeof(FactSet));
        var members = contract.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        if (Layout.Find(utf8.Span, members) is not { } layout) return null;
        try
        {
            var reads = layout.Members.OrderByDescending(f => f.Range.End.Value - f.Range.Start.Value).ToArray();
            var values = new object?[reads.Length];
            Parallel.For(0, reads.Length, i =>
                values[i] = JsonSerializer.Deserialize(utf8.Span[reads[i].Range], options.GetTypeInfo(members[reads[i].Name].PropertyType)));
            var facts = contract.CreateObject!();
            for (var i = 0; i < reads.Length; i++)
                members[reads[i].Name].Set!(facts, values[i] ?? throw new JsonException());
            var collectedAt = JsonSerializer.Deserialize<DateTimeOffset>(utf8.Span[layout.CollectedAt], options);
            var source = layout.Source is { } at ? JsonSerializer.Deserialize<SnapshotSource?>(utf8.Span[at], options) : null;
            return new Snapshot(schemaVersion, collectedAt, (FactSet)facts, source);
        }
        catch (Exception e) when (e is JsonException or AggregateException or InvalidCastException or NotSupportedException)
        {
            return null; // the one-pass reader reports it
        }
    }

    /// <summary>Where the top-level values and each family's list lie in the document.</summary>
    private sealed record Layout(Range CollectedAt, Range? Source, IReadOnlyList<(string Name, Range Range)> Members)
    {
        public static Layout? Find(ReadOnlySpan<byte> utf8, Dictionary<string, JsonPropertyInfo> members)
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 64 });
            var arrays = new Stack<bool>(); // per open container: whether it is an array
            var topLevel = new HashSet<string>(StringComparer.Ordinal);
            var found = new List<(string, Range)>();
            Range? collectedAt = null, source = null;
            string? top = null; // the top-level property whose value is being read
            JsonPropertyInfo? member = null; // inside facts: the member whose value is being read
            var valueStart = 0;
            try
            {
                while (reader.Read())
                {
                    var depth = reader.CurrentDepth;
                    var inFacts = top == "facts";
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.PropertyName when depth == 1:
                            if (reader.ValueIsEscaped) return null;
                            top = reader.GetString()!;
                            if (!topLevel.Add(top) || top is not ("schemaVersion" or "collectedAt" or "facts" or "source")) return null;
                            continue;
                        case JsonTokenType.PropertyName when depth == 2 && inFacts:
                            if (reader.ValueIsEscaped) return null;
                            if (!members.TryGetValue(reader.GetString()!, out member) || found.Exists(f => f.Item1 == member.Name)) return null;
                            continue;
                        case JsonTokenType.PropertyName:
                            continue;
                        case JsonTokenType.StartObject or JsonTokenType.StartArray:
                            if (depth >= MaxDepth) return null;
                            var isArray = reader.TokenType == JsonTokenType.StartArray;
                            if (depth == 1 && (top == "facts" ? isArray : top != "source")) return null;
                            // A member is a list, or an object for the one-of families (the organization).
                            if (depth == 2 && inFacts && isArray != typeof(System.Collections.IEnumerable).IsAssignableFrom(member!.PropertyType)) return null;
                            if (depth is 1 or 2) valueStart = (int)reader.TokenStartIndex;
                            arrays.Push(isArray);
                            continue;
                        case JsonTokenType.EndObject or JsonTokenType.EndArray:
                            arrays.Pop();
                            if (depth == 2 && inFacts) found.Add((member!.Name, valueStart..(int)reader.BytesConsumed));
                            else if (depth == 1 && top == "source") source = valueStart..(int)reader.BytesConsumed;
                            continue;
                        case JsonTokenType.Null when arrays.TryPeek(out var inArray) && inArray:
                            return null; // a null list item: the one-pass reader says where
                    }
                    // A value that is not a container: at the top only the version and the time may be one.
                    if (depth == 1 && top == "collectedAt") collectedAt = (int)reader.TokenStartIndex..(int)reader.BytesConsumed;
                    else if (depth == 1 && top != "schemaVersion" || depth == 2 && inFacts) return null;
                }
            }
            catch (JsonException)
            {
                return null;
            }
            return collectedAt is { } at && topLevel.Contains("facts") ? new Layout(at, source, found) : null;
        }
    }
}
