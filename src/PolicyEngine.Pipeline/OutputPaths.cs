using PolicyEngine.Core.Files;
using PolicyEngine.Diagnostics;

namespace PolicyEngine.Pipeline;

/// <summary>One file or folder a command will write, named for messages ("the json report").</summary>
public sealed record PlannedOutput(string What, string Path, bool IsFolder = false);

/// <summary>
/// Every command checks all the paths it will write before it reads facts, evaluates or writes anything, so a
/// typo in the last --report cannot leave the first ones written and the run half done (exit 2, nothing written).
/// </summary>
public static class OutputPaths
{
    public static void Check(IEnumerable<PlannedOutput> outputs, DiagnosticBag diagnostics)
    {
        var seen = new Dictionary<string, PlannedOutput>(OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        foreach (var output in outputs)
        {
            var problem = output.IsFolder ? OutputFile.FolderProblem(output.Path) : OutputFile.Problem(output.Path);
            if (problem is null && seen.TryGetValue(Full(output.Path), out var first))
                problem = $"{output.What} and {first.What} would both be written to '{output.Path}'; give each its own file.";
            if (problem is not null)
                diagnostics.Add(DiagnosticDescriptors.OutputPathUnusable.Create(SourceLocation.FileOnly(output.Path), $"Cannot write {output.What}: {problem}"));
            else
                seen[Full(output.Path)] = output;
        }
    }

    private static string Full(string path) => System.IO.Path.GetFullPath(path);
}
