using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PolicyEngine.Core.Snapshots;

/// <summary>
/// Reads a snapshot's short strings through a small cache on each thread, so that the values an organization repeats
/// in every account (regions, resource types, statuses, the organization's contacts) become one string each instead
/// of one per fact: at 10,000 accounts, 530,000 short values hold 88,000 distinct ones, and the 21 MB of duplicates
/// would otherwise be copied by every collection that promotes the facts while they are read. A slot holds the last
/// value that hashed to it; a value that is escaped, long or not plain ASCII is read as the serializer reads it.
/// </summary>
internal sealed class SharedStrings : JsonConverter<string>
{
    private const int MaxLength = 48;
    private const int Slots = 1 << 13;

    [ThreadStatic] private static string?[]? t_slots;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // Anything but a short, unescaped string token takes the serializer's own path (and its errors).
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxLength)
            return reader.GetString();
        var utf8 = reader.ValueSpan;
        var hash = new HashCode();
        hash.AddBytes(utf8);
        ref var slot = ref (t_slots ??= new string?[Slots])[hash.ToHashCode() & (Slots - 1)];
        if (slot is { } cached && Ascii.Equals(utf8, cached)) return cached;
        return slot = reader.GetString()!;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
