using PolicyEngine.Rules;
using PolicyEngine.Diagnostics;

namespace PolicyEngine.Benchmarks;

/// <summary>Finds the checkout (the folder with PolicyEngine.sln) and the rules to measure.</summary>
public static class Repo
{
    private const string RulesVariable = "POLICYENGINE_BENCH_RULES";

    public static string Root { get; } = Find();

    /// <summary>
    /// The rules the benchmarks use: the folder named by POLICYENGINE_BENCH_RULES (set by <see cref="SnapshotShippedRules"/>
    /// for BenchmarkDotNet's child processes), else the checkout's rules/ folder.
    /// </summary>
    public static string RulesDirectory => Environment.GetEnvironmentVariable(RulesVariable) is { Length: > 0 } dir
        ? Path.GetFullPath(dir)
        : Path.Combine(Root, "rules");

    /// <summary>
    /// Copies the shipped rule files as they are right now into a temporary folder, leaving out any file that does not
    /// compile (the rule pack is being written while we measure), and points <see cref="RulesDirectory"/> at it, for
    /// this process and the child processes BenchmarkDotNet starts. Every benchmark then sees the same rules.
    /// </summary>
    public static string SnapshotShippedRules(string? source = null)
    {
        source ??= Path.Combine(Root, "rules");
        var target = Path.Combine(Path.GetTempPath(), $"policyengine-bench-shipped-{Environment.ProcessId}");
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        foreach (var file in YamlRuleCompiler.FindRuleFiles(source))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var compiled = YamlRuleCompiler.CompileDirectory(target, new CompileOptions { Now = SyntheticOrganization.CollectedAt });
            var broken = compiled.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => Path.GetFullPath(d.Location.Path)).Where(File.Exists).Distinct().ToList();
            if (broken.Count == 0)
            {
                Console.WriteLine($"// rules: {compiled.Rules.Count} shipped rules that compile, copied to {target}");
                break;
            }
            foreach (var file in broken)
            {
                Console.WriteLine($"// rules: left out {Path.GetRelativePath(target, file)} (does not compile right now)");
                File.Delete(file);
            }
        }
        Environment.SetEnvironmentVariable(RulesVariable, target);
        return target;
    }

    private static string Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "PolicyEngine.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find PolicyEngine.sln above the current or the application directory.");
    }
}
