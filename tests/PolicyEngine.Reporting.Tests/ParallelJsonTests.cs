using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using PolicyEngine.Reporting.Reporters;

namespace PolicyEngine.Reporting.Tests;

/// <summary>
/// Reports serialize their long lists on every core; what reaches the file must be exactly what the serializer writes
/// on one, whatever the list's depth, length, indentation or contents.
/// </summary>
public class ParallelJsonTests
{
    public sealed record Item(string Name, int Count, IReadOnlyList<string> Tags, IReadOnlyDictionary<string, string>? Values,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note = null);

    public sealed record Document(int Version, string Title, IReadOnlyList<Item> Items, IReadOnlyList<Item> Few, IReadOnlyList<Item> None, string? Missing = null);

    private static Item MakeItem(int i) => new(
        $"item {i} \"quoted\" line\\nbreak é \u2028 <b>",
        i,
        i % 3 == 0 ? [] : [.. Enumerable.Range(0, i % 5).Select(t => $"t{t}")],
        i % 4 == 0 ? null : new Dictionary<string, string> { ["a"] = "x\ny", ["b.c"] = $"{i}" },
        i % 7 == 0 ? "a\r\nnote" : null);

    public static TheoryData<int, bool, JsonIgnoreCondition> Shapes() => new()
    {
        { 0, true, JsonIgnoreCondition.Never },
        { 1, true, JsonIgnoreCondition.Never },
        { ParallelJson.MinParallelItems - 1, true, JsonIgnoreCondition.WhenWritingNull },
        { ParallelJson.MinParallelItems, true, JsonIgnoreCondition.Never },
        { 3_001, true, JsonIgnoreCondition.WhenWritingNull },
        { 3_001, false, JsonIgnoreCondition.Never },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void An_object_with_long_lists_is_written_byte_for_byte_as_the_serializer_writes_it(int count, bool indented, JsonIgnoreCondition ignore)
    {
        var options = Options(indented, ignore);
        var document = new Document(1, "t", [.. Enumerable.Range(0, count).Select(MakeItem)], [MakeItem(1), MakeItem(2)], []);
        Assert.Equal(Expected(document, options), Written(document, options));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_long_list_at_the_top_is_written_byte_for_byte_as_the_serializer_writes_it(int count, bool indented, JsonIgnoreCondition ignore)
    {
        var options = Options(indented, ignore);
        IReadOnlyList<Item> items = [.. Enumerable.Range(0, count).Select(MakeItem)];
        Assert.Equal(Expected(items, options), Written(items, options));
    }

    [Fact]
    public void The_report_options_write_the_same_bytes_for_a_report_sized_list()
    {
        // The options the JSON, SARIF and ASFF reports use: relaxed escaping, two-space indentation.
        foreach (var options in new[] { ReportJson.CamelCase, ReportJson.CamelCaseOmitNull, ReportJson.AsIs })
        {
            var document = new Document(2, "r", [.. Enumerable.Range(0, 2_500).Select(MakeItem)], [], []);
            Assert.Equal(Expected(document, options), Written(document, options));
        }
    }

    [Fact]
    public void A_report_of_generated_contracts_keeps_the_relaxed_escaping_when_its_items_are_written_by_the_generated_code()
    {
        // The items of a report-sized list are written by the code generated for their types, under options without
        // an encoder; the writer must still escape as the report options do ('+', '<', accents and U+2028 differ).
        var report = ReportFixture.Create();
        var many = Enumerable.Range(0, ParallelJson.MinParallelItems * 2).Select(i => report.Results[i % report.Results.Count] with
        {
            Message = $"{i}: aws+root@acme.example <b>é</b> \u2028 \"quoted\"",
            Facts = [new EvidenceFact { Type = "Account", AccountId = "1", ResourceId = "a+b", Where = "when", Matched = i % 2 == 0, Values = new Dictionary<string, string> { ["account.Email"] = "\"x+y@z.example\"" } }],
        }).ToList();
        var document = JsonReporter.ToDocument(report with { Results = many });
        var written = Written(document, ReportJson.CamelCase);
        Assert.Equal(Expected(document, ReportJson.CamelCase), written);
        Assert.Contains("aws+root@acme.example <b>é</b>", written);
    }

    public sealed class Nested(Nested? inner)
    {
        public Nested? Inner => inner;
    }

    [Fact]
    public void An_item_the_serializer_refuses_fails_with_the_serializers_own_exception()
    {
        // Each item nests deeper than the options allow: one core or many, the caller sees a JsonException.
        var tooDeep = Enumerable.Range(0, 8).Aggregate(new Nested(null), (inner, _) => new Nested(inner));
        var options = new JsonSerializerOptions { MaxDepth = 4 };
        options.MakeReadOnly(populateMissingResolver: true);
        IReadOnlyList<Nested> items = [.. Enumerable.Repeat(tooDeep, ParallelJson.MinParallelItems)];
        Assert.Throws<JsonException>(() => Expected(items, options));
        Assert.Throws<JsonException>(() => Written(items, options));
    }

    private static JsonSerializerOptions Options(bool indented, JsonIgnoreCondition ignore)
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = ignore,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static string Expected<T>(T value, JsonSerializerOptions options)
    {
        using var stream = new MemoryStream();
        JsonSerializer.Serialize(stream, value, options);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Written<T>(T value, JsonSerializerOptions options)
    {
        using var stream = new MemoryStream();
        ParallelJson.Serialize(stream, value, options);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
