using System.Text;
using System.Text.RegularExpressions;
using PolicyEngine.Diagnostics;

namespace PolicyEngine.Tooling.Documentation;

/// <summary>
/// Writes the diagnostic reference from the one table (<see cref="DiagnosticDescriptors"/>): docs/diagnostics/&lt;ID&gt;.md
/// per diagnostic, the page each descriptor's help link names, and docs/diagnostics/README.md listing them by category.
/// Like the rule reference, the output depends only on the table: stable order, '\n' line endings.
/// </summary>
public static partial class DiagnosticDocumentation
{
    public const string IndexFileName = "README.md";

    public static int Write(string outputDirectory) =>
        GeneratedPages.Write(Render(), outputDirectory, name => PageName().IsMatch(name));

    /// <summary>The pages by file name, without writing them (for checks that the committed docs are current).</summary>
    public static IReadOnlyDictionary<string, string> Render()
    {
        var pages = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var descriptor in DiagnosticDescriptors.All)
            pages[descriptor.Id + ".md"] = Page(descriptor);
        pages[IndexFileName] = Index();
        return pages;
    }

    private static string Index()
    {
        var text = new StringBuilder();
        text.Append("# Diagnostic reference\n\n");
        text.Append("Generated from `DiagnosticDescriptors` (src/PolicyEngine.Syntax/Diagnostics) by the `DiagnosticDocumentationTests`; do not edit by hand.\n");
        text.Append("Every diagnostic prints as `file(line,column): severity ID: message`; its help link is its page here.\n");
        foreach (var (category, first, last, covers) in DiagnosticCategory.Ranges)
        {
            text.Append("\n## ").Append(category).Append(" (PE").Append(first).Append("–PE").Append(last).Append(")\n\n");
            text.Append(char.ToUpperInvariant(covers[0])).Append(covers[1..]).Append(".\n\n");
            text.Append("| ID | Severity | Title |\n|---|---|---|\n");
            foreach (var d in DiagnosticDescriptors.All.Where(d => d.Category == category))
                text.Append("| [").Append(d.Id).Append("](").Append(d.Id).Append(".md) | ").Append(SeverityName(d.Severity))
                    .Append(" | ").Append(GeneratedPages.Cell(d.Title)).Append(" |\n");
        }
        return text.ToString();
    }

    private static string Page(DiagnosticDescriptor d)
    {
        var text = new StringBuilder();
        text.Append("# ").Append(d.Id).Append(": ").Append(d.Title).Append("\n\n");
        text.Append("<!-- Generated from DiagnosticDescriptors; do not edit by hand. -->\n\n");
        text.Append("| | |\n|---|---|\n");
        text.Append("| Severity | ").Append(SeverityName(d.Severity)).Append(" |\n");
        text.Append("| Category | [").Append(d.Category).Append("](").Append(IndexFileName).Append('#').Append(d.Category.ToLowerInvariant())
            .Append('-').Append(Anchor(d.Category)).Append(") |\n");
        text.Append("| Message | `").Append(GeneratedPages.Cell(d.MessageFormat).Replace("`", "'")).Append("` |\n\n");
        text.Append(d.Description).Append('\n');
        return text.ToString();
    }

    /// <summary>The rest of a category heading's GitHub anchor ("structure-pe1001pe1099").</summary>
    private static string Anchor(string category)
    {
        var range = DiagnosticCategory.Ranges.First(r => r.Category == category);
        return $"pe{range.First}pe{range.Last}";
    }

    private static string SeverityName(DiagnosticSeverity severity) => severity.ToString().ToLowerInvariant();

    [GeneratedRegex("^PE[0-9]{4}\\.md$")]
    private static partial Regex PageName();
}
