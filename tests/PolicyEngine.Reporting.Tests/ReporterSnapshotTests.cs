using Snapshooter;
using Snapshooter.Xunit;

namespace PolicyEngine.Reporting.Tests;

/// <summary>Every built-in format on the fixture run. The fixture fixes time and version, so the snapshots are exact.</summary>
public sealed class ReporterSnapshotTests
{
    [Theory]
    [InlineData("console")]
    [InlineData("json")]
    [InlineData("sarif")]
    [InlineData("asff")]
    [InlineData("markdown")]
    [InlineData("html")]
    [InlineData("junit")]
    public async Task Format_matches_snapshot(string name)
    {
        var options = name == "asff" ? Render.AsffOptions : null;
        var text = await Render.ToStringAsync(name, ReportFixture.Create(), options);
        text.MatchSnapshot(SnapshotNameExtension.Create(name));
    }

    [Theory]
    [InlineData("console")]
    [InlineData("markdown")]
    [InlineData("html")]
    public async Task With_a_baseline_the_report_leads_with_what_changed(string name)
    {
        var text = await Render.ToStringAsync(name, ReportFixture.WithBaseline());
        text.MatchSnapshot(SnapshotNameExtension.Create(name));
        var changes = text.IndexOf("Changes since the baseline: 2 new, 1 resolved", StringComparison.Ordinal);
        Assert.True(changes > 0, "the change summary is missing");
        Assert.True(changes < text.IndexOf("MA0101", StringComparison.Ordinal), "the changes must come before the results");
    }

    [Theory]
    [InlineData(false, null, true)]
    [InlineData(false, "", true)]
    [InlineData(false, "1", false)]
    [InlineData(true, null, false)]
    public void Colour_needs_a_terminal_and_no_NO_COLOR(bool redirected, string? noColor, bool allowed)
    {
        Assert.Equal(allowed, ReportTarget.ColorAllowed(redirected, noColor));
    }

    [Fact]
    public async Task Console_colours_only_a_terminal()
    {
        var reporter = new Reporters.ConsoleReporter();
        var plain = await Render.ToStringAsync(reporter, ReportFixture.Create(), color: false);
        var coloured = await Render.ToStringAsync(reporter, ReportFixture.Create(), color: true);
        Assert.DoesNotContain("\u001b[", plain);
        Assert.Contains("\u001b[1;91mCRITICAL", coloured);
        Assert.Equal(plain, System.Text.RegularExpressions.Regex.Replace(coloured, "\u001b\\[[0-9;]*m", ""));
        coloured.MatchSnapshot();
    }
}
