using System.Diagnostics;
using System.Globalization;
using PolicyEngine.Benchmarks.Fluent;

namespace PolicyEngine.Benchmarks;

/// <summary>Quick YAML-vs-Fluent timing outside BenchmarkDotNet (best of K runs each, interleaved).</summary>
internal static class Compare
{
    public static int Run(Options options)
    {
        var runs = options.Runs(5);
        var snapshot = options.Generate();
        var comparison = new Comparison(snapshot.CollectedAt);
        var results = comparison.Check(snapshot.Facts);
        Console.WriteLine($"{options.Accounts} accounts, rules {string.Join(", ", comparison.RuleIds)}: {results.Count} results, identical in all three");
        var variants = new (string Name, Action Run)[]
        {
            ("Fluent, hand-written harness", () => comparison.HandWritten.Evaluate(snapshot.Facts)),
            ("YAML-compiled, Evaluator", () => comparison.Yaml.Evaluate(snapshot.Facts)),
            ("Fluent definitions, Evaluator", () => comparison.FluentViaEvaluator.Evaluate(snapshot.Facts)),
            ("YAML-compiled, Evaluator + fixes", () => comparison.YamlWithFixes.Evaluate(snapshot.Facts, Comparison.AllFixes, new ProbeEvaluator.Timings())),
        };
        var best = variants.Select(_ => double.MaxValue).ToArray();
        var cpu = variants.Select(_ => double.MaxValue).ToArray();
        var allocated = new double[variants.Length];
        var gcs = new int[variants.Length];
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < runs; i++)
            for (var v = 0; v < variants.Length; v++)
            {
                GC.Collect();
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var alloc0 = GC.GetTotalAllocatedBytes(true);
                var gc0 = GC.CollectionCount(0);
                var sw = Stopwatch.StartNew();
                variants[v].Run();
                best[v] = Math.Min(best[v], sw.Elapsed.TotalMilliseconds);
                process.Refresh();
                cpu[v] = Math.Min(cpu[v], (process.TotalProcessorTime - cpu0).TotalMilliseconds);
                allocated[v] = (GC.GetTotalAllocatedBytes(true) - alloc0) / 1048576.0;
                gcs[v] = GC.CollectionCount(0) - gc0;
            }
        for (var v = 0; v < variants.Length; v++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{variants[v].Name,-32} best wall {best[v],7:F0} ms (ratio {best[v] / best[0]:F2}) | best CPU {cpu[v],7:F0} ms (ratio {cpu[v] / cpu[0]:F2}) | allocated {allocated[v],6:F0} MiB, {gcs[v]} gen0 GCs"));
        return 0;
    }
}
