using PolicyEngine.Evaluation.Tracing;

namespace PolicyEngine.Evaluation.Tests;

/// <summary>Values from untrusted snapshots as traces and evidence show them: typed, cut when long, lists by their first items.</summary>
public class TraceValuesTests
{
    [Fact]
    public void A_long_value_is_cut_and_says_how_long_it_was()
    {
        var text = TraceValues.Format(new string('a', 1000));
        Assert.Equal(TraceValues.MaxLength + "… (1002 characters)".Length, text.Length);
        Assert.EndsWith("… (1002 characters)", text);
        Assert.StartsWith("\"aaa", text);
    }

    [Fact]
    public void A_surrogate_pair_is_never_split_by_the_cut()
    {
        var text = TraceValues.Truncate(new string('a', 9) + "😀" + "tail", 10);
        Assert.Equal(new string('a', 9) + "… (15 characters)", text);
    }

    [Fact]
    public void Values_keep_their_kind()
    {
        Assert.Equal("null", TraceValues.Format(null));
        Assert.Equal("false", TraceValues.Format(false));
        Assert.Equal("\"x\"", TraceValues.Format("x"));
        Assert.Equal("2026-01-02T03:04:05.0000000+00:00", TraceValues.Format(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));
        Assert.Equal("[\"a\", \"b\", \"c\", \"d\", \"e\", … (7 items)]", TraceValues.Format(new[] { "a", "b", "c", "d", "e", "f", "g" }));
    }
}
