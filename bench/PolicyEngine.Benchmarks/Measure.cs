using System.Diagnostics;
using System.Globalization;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Results;
using PolicyEngine.Core.Snapshots;
using PolicyEngine.Evaluation;
using PolicyEngine.Rules;

namespace PolicyEngine.Benchmarks;

/// <summary>
/// Times compile and Evaluate inside one process (no process start in the figures) and reports the process's peak
/// working set and GC figures, which BenchmarkDotNet's MemoryDiagnoser does not give.
/// </summary>
internal static class Measure
{
    public static int Run(Options options)
    {
        var runs = options.Runs(3);
        var rulesDir = options.Text("rules") ?? Repo.RulesDirectory;
        var factsFile = options.Text("facts");
        var total = Stopwatch.StartNew();

        var sw = Stopwatch.StartNew();
        Snapshot snapshot = factsFile is null ? options.Generate() : SnapshotSerializer.Read(factsFile);
        var loadMs = sw.Elapsed.TotalMilliseconds;
        var facts = snapshot.Facts;

        sw.Restart();
        var ruleSet = YamlRuleCompiler.CompileDirectory(rulesDir, new CompileOptions { Now = snapshot.CollectedAt });
        var compileMs = sw.Elapsed.TotalMilliseconds;
        if (ruleSet.HasErrors)
        {
            foreach (var d in ruleSet.Diagnostics) Console.Error.WriteLine(d);
            return 2;
        }
        sw.Restart();
        // --fixes: evaluate with ProbeEvaluator and every prototype fix (docs/benchmarks.md) instead of Evaluator.
        var fixes = options.Flag("fixes");
        Func<FactSet, IReadOnlyList<RuleResult>> evaluate;
        if (fixes)
        {
            var probe = new ProbeEvaluator(ruleSet);
            evaluate = f => probe.Evaluate(f, Fluent.Comparison.AllFixes, new ProbeEvaluator.Timings());
        }
        else
        {
            var evaluator = new Evaluator(ruleSet);
            evaluate = f => evaluator.Evaluate(f);
        }
        var factoryMs = sw.Elapsed.TotalMilliseconds;

        var summary = SyntheticOrganization.Summarize(facts);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"facts: {summary.Accounts} accounts, {summary.Facts} facts ({summary.OrganizationFacts} organization-wide), {(factsFile is null ? $"generated in {loadMs:F0} ms (seed {options.Seed})" : $"read from {factsFile} in {loadMs:F0} ms")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rules: {ruleSet.Rules.Count} from {rulesDir}; YamlRuleCompiler {compileMs:F0} ms, {(fixes ? "ProbeEvaluator with prototype fixes" : "Evaluator")} (NRules factories) {factoryMs:F0} ms"));

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(false);
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var pauseBefore = GC.GetTotalPauseDuration();

        var times = new List<double>();
        IReadOnlyList<RuleResult> results = [];
        for (var i = 0; i < runs; i++)
        {
            sw.Restart();
            results = evaluate(facts);
            times.Add(sw.Elapsed.TotalMilliseconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"evaluate #{i + 1}: {times[^1]:F0} ms, {results.Count} results"));
        }
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        using var process = Process.GetCurrentProcess();
        process.Refresh();

        var byStatus = results.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key.ToString().ToLowerInvariant()} {g.Count()}");
        Console.WriteLine($"results: {string.Join(", ", byStatus)}");
        var sorted = times.Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"evaluate: min {sorted[0]:F0} ms, median {sorted[sorted.Count / 2]:F0} ms, max {sorted[^1]:F0} ms over {runs} run(s) ({Environment.ProcessorCount} cores, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory: peak working set {process.PeakWorkingSet64 / 1048576.0:F0} MiB, working set now {process.WorkingSet64 / 1048576.0:F0} MiB, managed heap before evaluate {heapBefore / 1048576.0:F0} MiB, heap after last GC {info.HeapSizeBytes / 1048576.0:F0} MiB, committed {info.TotalCommittedBytes / 1048576.0:F0} MiB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gc during evaluate: allocated {allocated / 1048576.0 / runs:F0} MiB per evaluation, collections gen0 {GC.CollectionCount(0) - gen0} gen1 {GC.CollectionCount(1) - gen1} gen2 {GC.CollectionCount(2) - gen2}, pause {(GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds:F0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"process total (after start-up): {total.Elapsed.TotalMilliseconds:F0} ms"));
        return 0;
    }
}
