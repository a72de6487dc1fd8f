using System.Diagnostics;
using System.Globalization;
using PolicyEngine.Core.Results;
using PolicyEngine.Evaluation;
using PolicyEngine.Rules;

namespace PolicyEngine.Benchmarks;

/// <summary>
/// Where one evaluation spends its time: the probe (Evaluator's pipeline taken apart) with a Stopwatch per phase,
/// then the same with each prototype switch, checking that every variant gives exactly Evaluator's results.
/// </summary>
internal static class Breakdown
{
    public static int Run(Options options)
    {
        var runs = options.Runs(3);
        var snapshot = options.Generate();
        var ruleSet = YamlRuleCompiler.CompileDirectory(options.Text("rules") ?? Repo.RulesDirectory, new CompileOptions { Now = snapshot.CollectedAt });
        if (ruleSet.HasErrors) throw new InvalidOperationException(string.Join(Environment.NewLine, ruleSet.Diagnostics));
        var evaluator = new Evaluator(ruleSet);
        var probe = new ProbeEvaluator(ruleSet);
        var expected = evaluator.Evaluate(snapshot.Facts);
        Console.WriteLine($"{options.Accounts} accounts, {ruleSet.Rules.Count} rules, {expected.Count} results");

        // Partitioning alone, single-threaded, best of K.
        foreach (var (name, split) in new (string, Func<int>)[]
        {
            ("Partition.Split (src)", () => Partition.Split(snapshot.Facts).Count),
            ("LeanSplit (prototype)", () => ProbeEvaluator.LeanSplit(snapshot.Facts).Count),
        })
        {
            var bestSplit = double.MaxValue;
            for (var i = 0; i < runs; i++)
            {
                var sw = Stopwatch.StartNew();
                split();
                bestSplit = Math.Min(bestSplit, sw.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-34} wall min {bestSplit,6:F0} ms"));
        }

        var variants = new (string Name, ProbeEvaluator.Switches Switches)[]
        {
            ("probe, as src, sequential", new() { Sequential = true }),
            ("probe, as src", new()),
            ("probe + lean partition", new() { LeanPartition = true }),
            ("probe + indexed synthesis", new() { IndexedSynthesis = true }),
            ("probe + both", new() { LeanPartition = true, IndexedSynthesis = true }),
            ("probe + skip unread facts", new() { SkipUnreadFacts = true }),
            ("probe + reference identity", new() { ReferenceIdentity = true }),
            ("probe + all four", Fluent.Comparison.AllFixes),
        };
        // Warm up every variant (and check it gives Evaluator's results), then interleave rounds so that load from other
        // processes on this shared machine hits every variant alike; report each variant's best round.
        foreach (var (name, switches) in variants)
            if (!Same(expected, probe.Evaluate(snapshot.Facts, switches, new ProbeEvaluator.Timings())))
                throw new InvalidOperationException($"{name}: results differ from Evaluator's");
        var best = variants.Select(_ => (Ms: double.MaxValue, Timings: (ProbeEvaluator.Timings?)null)).ToArray();
        var evaluatorBest = double.MaxValue;
        for (var round = 0; round < runs; round++)
        {
            var sw = Stopwatch.StartNew();
            evaluator.Evaluate(snapshot.Facts);
            evaluatorBest = Math.Min(evaluatorBest, sw.Elapsed.TotalMilliseconds);
            for (var v = 0; v < variants.Length; v++)
            {
                var timings = new ProbeEvaluator.Timings();
                sw.Restart();
                probe.Evaluate(snapshot.Facts, variants[v].Switches, timings);
                var ms = sw.Elapsed.TotalMilliseconds;
                if (ms < best[v].Ms) best[v] = (ms, timings);
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"Evaluator (src)",-34} wall min {evaluatorBest,6:F0} ms"));
        for (var v = 0; v < variants.Length; v++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{variants[v].Name,-34} wall min {best[v].Ms,6:F0} ms | {best[v].Timings}"));
        return 0;
    }

    public static bool Same(IReadOnlyList<RuleResult> a, IReadOnlyList<RuleResult> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Key == p.Second.Key && p.First.Status == p.Second.Status
            && p.First.Message == p.Second.Message && p.First.Evidence.SequenceEqual(p.Second.Evidence));
}
