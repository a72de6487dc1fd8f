using System.Text;

namespace PolicyEngine.Tooling.Documentation;

/// <summary>Writes a folder of generated pages: the rule reference and the diagnostic reference both go through here.</summary>
public static class GeneratedPages
{
    /// <summary>
    /// Writes <paramref name="pages"/> into <paramref name="outputDirectory"/> (created if needed) and deletes the
    /// generated pages (<paramref name="isGeneratedPage"/>) that are no longer in the set; hand-written files stay.
    /// Unchanged files are left alone so that their timestamps (and build caches) stay put.
    /// </summary>
    public static int Write(IReadOnlyDictionary<string, string> pages, string outputDirectory, Func<string, bool> isGeneratedPage)
    {
        Directory.CreateDirectory(outputDirectory);
        foreach (var stale in Directory.EnumerateFiles(outputDirectory, "*.md"))
        {
            var name = Path.GetFileName(stale);
            if (!pages.ContainsKey(name) && isGeneratedPage(name)) File.Delete(stale);
        }
        foreach (var (name, text) in pages)
        {
            var path = Path.Combine(outputDirectory, name);
            if (!File.Exists(path) || File.ReadAllText(path) != text) File.WriteAllText(path, text, new UTF8Encoding(false));
        }
        return pages.Count;
    }

    /// <summary>Text safe inside a Markdown table cell: one line, pipes escaped.</summary>
    public static string Cell(string text) =>
        text.Replace("\r", "").Replace("\n", " ").Replace("|", "\\|").Trim();
}
