using PolicyEngine.Core.Text;
using PolicyEngine.Diagnostics;

namespace PolicyEngine.Cli;

public static class DiagnosticPrinter
{
    /// <summary>Prints diagnostics as compilers do, one per line on stderr, then a count. Returns true when any is an error.</summary>
    public static bool Print(IReadOnlyList<Diagnostic> diagnostics, TextWriter? writer = null)
    {
        writer ??= Console.Error;
        foreach (var diagnostic in diagnostics)
            writer.WriteLine(UntrustedText.Escape(diagnostic.ToString()));
        var errors = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        var warnings = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
        if (errors > 0 || warnings > 0)
            writer.WriteLine($"{errors} error(s), {warnings} warning(s)");
        return errors > 0;
    }
}
