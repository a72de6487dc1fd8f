using System.Buffers;
using System.Collections;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace PolicyEngine.Reporting.Reporters;

/// <summary>
/// Writes what <see cref="JsonSerializer.Serialize{TValue}(Stream, TValue, JsonSerializerOptions?)"/> writes, byte for
/// byte, but serializes the items of the value's long lists (a report's results, a findings file) on every core: at
/// 10,000 accounts the results are 48 MB of JSON, a third of a second on one core. Items are serialized a batch at a
/// time and written in order, so memory holds one batch, not the report.
/// </summary>
internal static class ParallelJson
{
    /// <summary>Shorter lists are written as the serializer writes them: splitting them costs more than it saves.</summary>
    internal const int MinParallelItems = 256;

    /// <summary>Items serialized before they are written out.</summary>
    private const int BatchItems = 1024;

    private const int FlushBytes = 1 << 16;

    public static void Serialize<T>(Stream stream, T value, JsonSerializerOptions options)
    {
        // Every contract comes from the encoder-less twin (only the fallback below writes through the options themselves).
        var info = ItemOptions(options).GetTypeInfo(typeof(T));
        if (value is null || !IsPlain(info, options) || (info.Kind == JsonTypeInfoKind.Enumerable && value is not IList))
        {
            // The Stream overload flushes as its buffer fills; a Utf8JsonWriter over the stream would hold the whole text until disposed.
            JsonSerializer.Serialize(stream, value, options);
            return;
        }
        using var writer = new Utf8JsonWriter(stream, WriterOptions(options));
        if (info.Kind == JsonTypeInfoKind.Enumerable) WriteList(writer, stream, (IList)value, info.ElementType!, options);
        else WriteObject(writer, stream, value, info, options);
        writer.Flush();
    }

    /// <summary>
    /// A list the serializer writes itself, or an object of plain properties (no converter, no ignore rule of its own,
    /// no extension data): what this class writes as the serializer would. Anything else goes to the serializer whole.
    /// </summary>
    private static bool IsPlain(JsonTypeInfo info, JsonSerializerOptions options) => info.Kind switch
    {
        JsonTypeInfoKind.Enumerable => info.Converter.GetType().Assembly == typeof(JsonSerializer).Assembly,
        JsonTypeInfoKind.Object => info.PolymorphismOptions is null && options.ReferenceHandler is null
            && options.DefaultIgnoreCondition is JsonIgnoreCondition.Never or JsonIgnoreCondition.WhenWritingNull
            && info.Properties.All(p => p.Get is not null && p.CustomConverter is null && !p.IsExtensionData && p.ShouldSerialize is null
                && p.AttributeProvider?.IsDefined(typeof(JsonIgnoreAttribute), inherit: true) != true),
        _ => false,
    };

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> WithoutEncoder = [];

    /// <summary>
    /// The options items are serialized with: the same, but with the encoder left to the writer, which escapes every
    /// value with it as before (property names are plain ASCII either way). A contract generated at build time writes
    /// its types with code of its own, without the serializer's per-property bookkeeping, only for options with no
    /// encoder of their own.
    /// </summary>
    private static JsonSerializerOptions ItemOptions(JsonSerializerOptions options) =>
        options.Encoder is null ? options : WithoutEncoder.GetValue(options, static o =>
        {
            var copy = new JsonSerializerOptions(o) { Encoder = null };
            copy.MakeReadOnly(populateMissingResolver: true);
            return copy;
        });

    private static JsonWriterOptions WriterOptions(JsonSerializerOptions options) => new()
    {
        Encoder = options.Encoder,
        Indented = options.WriteIndented,
        IndentCharacter = options.IndentCharacter,
        IndentSize = options.IndentSize,
        NewLine = options.NewLine,
        MaxDepth = options.MaxDepth,
        SkipValidation = true, // each item is written by a writer of its own, at depth 0
    };

    private static void WriteObject(Utf8JsonWriter writer, Stream stream, object value, JsonTypeInfo info, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var property in info.Properties)
        {
            var member = property.Get!(value);
            if (member is null && options.DefaultIgnoreCondition == JsonIgnoreCondition.WhenWritingNull) continue;
            writer.WritePropertyName(property.Name);
            var memberInfo = ItemOptions(options).GetTypeInfo(property.PropertyType);
            if (member is IList { Count: >= MinParallelItems } list && memberInfo.Kind == JsonTypeInfoKind.Enumerable && IsPlain(memberInfo, options))
                WriteList(writer, stream, list, memberInfo.ElementType!, options);
            else
                JsonSerializer.Serialize(writer, member, memberInfo);
            if (writer.BytesPending >= FlushBytes) writer.Flush();
        }
        writer.WriteEndObject();
    }

    /// <summary>
    /// The list's items go straight to the stream between the writer's '[' and ']': the writer cannot indent text it did
    /// not write, so the separators, line breaks and indentation are written here as it would write them.
    /// </summary>
    private static void WriteList(Utf8JsonWriter writer, Stream stream, IList list, Type elementType, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.Flush();
        var layout = new Layout(options, writer.CurrentDepth);
        var elementInfo = ItemOptions(options).GetTypeInfo(elementType);
        var writerOptions = WriterOptions(options);
        var slices = Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount)).Select(_ => new Slice(elementInfo, writerOptions, layout)).ToArray();
        try
        {
            for (var start = 0; start < list.Count; start += BatchItems)
            {
                var count = Math.Min(BatchItems, list.Count - start);
                var batchStart = start;
                Parallel.For(0, slices.Length, s =>
                    slices[s].Encode(list, batchStart + count * s / slices.Length, batchStart + count * (s + 1) / slices.Length));
                foreach (var slice in slices) stream.Write(slice.Output.WrittenSpan);
            }
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // The serializer's own exception, as a single-threaded write would have thrown it.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        finally
        {
            foreach (var slice in slices) slice.Dispose();
        }
        // An empty list is "[]" to the writer; one with items closes on a line of its own, at the list's own indentation.
        if (list.Count > 0) stream.Write(layout.Closing);
        writer.WriteEndArray();
    }

    /// <summary>One core's share of a batch, with buffers kept from batch to batch.</summary>
    private sealed class Slice(JsonTypeInfo elementInfo, JsonWriterOptions writerOptions, Layout layout) : IDisposable
    {
        private readonly ArrayBufferWriter<byte> _item = new(1 << 12);
        private readonly Utf8JsonWriter _writer = new(Stream.Null, writerOptions);

        public ArrayBufferWriter<byte> Output { get; } = new(1 << 20);

        /// <summary>Items [from, to) as they appear in the document: each after its separator, every line at the list's depth.</summary>
        public void Encode(IList list, int from, int to)
        {
            Output.ResetWrittenCount();
            for (var i = from; i < to; i++)
            {
                _item.ResetWrittenCount();
                _writer.Reset(_item);
                JsonSerializer.Serialize(_writer, list[i], elementInfo);
                _writer.Flush();
                Output.Write(i == 0 ? layout.First : layout.Next);
                layout.Indent(_item.WrittenSpan, Output);
            }
        }

        public void Dispose() => _writer.Dispose();
    }

    /// <summary>The separators and indentation of a list's items at a given depth, as the writer would produce them.</summary>
    private sealed class Layout
    {
        private readonly byte[] _indent;

        public Layout(JsonSerializerOptions options, int depth)
        {
            var indented = options.WriteIndented;
            var newLine = indented ? options.NewLine : "";
            var indent = indented ? new string(options.IndentCharacter, options.IndentSize * depth) : "";
            var outer = indented ? new string(options.IndentCharacter, options.IndentSize * (depth - 1)) : "";
            _indent = Encoding.UTF8.GetBytes(indent);
            First = Encoding.UTF8.GetBytes(newLine + indent);
            Next = Encoding.UTF8.GetBytes("," + newLine + indent);
            Closing = Encoding.UTF8.GetBytes(newLine + outer);
        }

        public byte[] First { get; }
        public byte[] Next { get; }
        public byte[] Closing { get; }

        /// <summary>Copies an item written at depth 0, indenting each line after its first. JSON text breaks lines only between tokens (strings escape theirs).</summary>
        public void Indent(ReadOnlySpan<byte> json, ArrayBufferWriter<byte> output)
        {
            while (true)
            {
                var newline = json.IndexOf((byte)'\n');
                if (newline < 0 || _indent.Length == 0)
                {
                    output.Write(json);
                    return;
                }
                output.Write(json[..(newline + 1)]);
                output.Write(_indent);
                json = json[(newline + 1)..];
            }
        }
    }
}
