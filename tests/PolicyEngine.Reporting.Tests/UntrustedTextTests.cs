using System.Text.Json;
using System.Xml.Linq;
using PolicyEngine.Core.Text;

namespace PolicyEngine.Reporting.Tests;

/// <summary>Values from a snapshot or a rule file cannot drive the terminal or forge lines in any text output; JSON outputs stay valid and exact.</summary>
public sealed class UntrustedTextTests
{
    private const string Hostile = "evil\u001b[2J\rPASS  forged\u0007\u202e\0\u0085\ud800end\nFAIL next";

    private static EvaluationReport HostileReport()
    {
        var report = ReportFixture.Create();
        var first = report.Results[0] with
        {
            Message = Hostile, Resource = "arn:" + Hostile, Evidence = [Hostile],
            Suppression = null, Status = ResultStatus.Fail,
        };
        var unknown = report.Results[1] with { Status = ResultStatus.Unknown, UnknownReason = Hostile, Suppression = null };
        var suppressed = report.Results[2] with { Status = ResultStatus.Suppressed, Suppression = new Suppression(Hostile, Hostile, null) };
        return report with
        {
            Results = [first, unknown, suppressed, .. report.Results.Skip(3)],
            Rules = [report.Rules[0] with { Title = Hostile }, .. report.Rules.Skip(1)],
        };
    }

    [Theory]
    [InlineData("console")]
    [InlineData("markdown")]
    [InlineData("html")]
    [InlineData("junit")]
    public async Task Text_formats_show_control_characters_escaped_and_act_on_none(string format)
    {
        var text = await Render.ToStringAsync(format, HostileReport());
        var unsafeChars = text.Where(c => c != '\n' && c != '\t' && (char.IsControl(c) || c is '\u202e' or '\u0085' || char.IsSurrogate(c))).ToList();
        Assert.Empty(unsafeChars);
        Assert.Contains(@"evil\e[2J\rPASS  forged\x07\u202E\0\x85\uD800end\nFAIL next", format == "html" ? System.Net.WebUtility.HtmlDecode(text) : text);
        if (format == "junit") XDocument.Parse(text);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("sarif")]
    [InlineData("asff")]
    public async Task Json_formats_stay_valid_json_and_keep_the_value_exactly(string format)
    {
        // A lone surrogate cannot be encoded as UTF-8 at all; the rest must come back exactly.
        var hostile = Hostile.Replace("\ud800", "");
        var report = ReportFixture.Create();
        report = report with { Results = [report.Results[0] with { Message = hostile }, .. report.Results.Skip(1)] };
        var text = await Render.ToStringAsync(format, report, format == "asff" ? Render.AsffOptions : null);
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\0', text);
        using var parsed = JsonDocument.Parse(text);
        Assert.Contains(hostile, AllStrings(parsed.RootElement));
    }

    private static IEnumerable<string> AllStrings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => AllStrings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(AllStrings),
        _ => [],
    };

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("a\tb", "a\tb")]
    [InlineData("\u001b[31mred", @"\e[31mred")]
    [InlineData("line\r\nnext", @"line\r\nnext")]
    [InlineData("bell\u0007del\u007f", @"bell\x07del\x7F")]
    [InlineData("\u202eabc\u2066", @"\u202Eabc\u2066")]
    [InlineData("emoji 😀 kept", "emoji 😀 kept")]
    public void Escape_makes_every_unsafe_character_visible(string input, string expected) =>
        Assert.Equal(expected, UntrustedText.Escape(input));

    [Fact]
    public void An_excerpt_is_short_and_escaped()
    {
        Assert.Equal(@"root:x:0:0:root:/root:/b…", UntrustedText.Excerpt("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1"));
        Assert.Equal(@"a\eb", UntrustedText.Excerpt("a\u001bb"));
    }
}
