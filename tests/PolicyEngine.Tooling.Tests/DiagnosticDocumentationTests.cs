using PolicyEngine.Diagnostics;
using PolicyEngine.Tooling.Documentation;

namespace PolicyEngine.Tooling.Tests;

public class DiagnosticDocumentationTests
{
    private const string Regenerate = "UPDATE_DIAGNOSTIC_DOCS=1 dotnet test tests/PolicyEngine.Tooling.Tests --filter DiagnosticDocumentationTests";

    [Fact]
    public void The_committed_diagnostic_docs_are_current()
    {
        var committed = Repo.Path("docs/diagnostics");
        if (Environment.GetEnvironmentVariable("UPDATE_DIAGNOSTIC_DOCS") == "1") DiagnosticDocumentation.Write(committed);
        var pages = DiagnosticDocumentation.Render();
        var actual = Directory.Exists(committed)
            ? Directory.EnumerateFiles(committed, "*.md").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()
            : [];
        Assert.True(pages.Keys.SequenceEqual(actual), $"docs/diagnostics has other pages than the diagnostics; regenerate with {Regenerate}");
        foreach (var (name, text) in pages)
            Assert.True(text == File.ReadAllText(Path.Combine(committed, name)), $"docs/diagnostics/{name} is stale; regenerate with {Regenerate}");
    }

    [Fact]
    public void Every_descriptor_has_a_category_in_range_a_description_and_a_help_page()
    {
        Assert.NotEmpty(DiagnosticDescriptors.All);
        Assert.Equal(DiagnosticDescriptors.All.Count, DiagnosticDescriptors.All.Select(d => d.Id).Distinct().Count());
        var pages = DiagnosticDocumentation.Render();
        foreach (var d in DiagnosticDescriptors.All)
        {
            var range = DiagnosticCategory.Ranges.SingleOrDefault(r => r.Category == d.Category);
            Assert.True(range.Category is not null, $"{d.Id}: category '{d.Category}' has no ID range");
            var number = int.Parse(d.Id[2..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(number >= range.First && number <= range.Last, $"{d.Id} is outside the range of {d.Category} (PE{range.First}-PE{range.Last})");
            Assert.False(string.IsNullOrWhiteSpace(d.Title), d.Id);
            Assert.True(d.Description.Length >= 40, $"{d.Id}: the description should say what causes it and how to fix it");
            Assert.EndsWith($"/docs/diagnostics/{d.Id}.md", d.HelpLink);
            Assert.Contains(d.Description, pages[d.Id + ".md"]);
        }
    }

    [Fact]
    public void The_README_lists_every_diagnostic()
    {
        var readme = File.ReadAllText(Repo.Path("README.md"));
        var listed = System.Text.RegularExpressions.Regex.Matches(readme, "PE[0-9]{4}(?:[–-]PE[0-9]{4})?").Select(m => m.Value).ToList();
        bool Listed(string id) => listed.Any(entry => entry == id
            || entry.Length > 6 && string.CompareOrdinal(entry[..6], id) <= 0 && string.CompareOrdinal(entry[^6..], id) >= 0);
        var unlisted = DiagnosticDescriptors.All.Select(d => d.Id).Where(id => !Listed(id)).ToList();
        Assert.True(unlisted.Count == 0, $"README.md's diagnostics table does not list {string.Join(", ", unlisted)}");
    }
}
