using BenchmarkDotNet.Attributes;
using PolicyEngine.Benchmarks.Fluent;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Results;

namespace PolicyEngine.Benchmarks.Suites;

/// <summary>
/// The YAML compiler's overhead: the same rule subset (Fluent/Rules.cs, written by hand after the shipped YAML) on the
/// same facts, one session per account in parallel. Baseline: the hand-written Fluent rules in a hand-written harness.
/// </summary>
[Config(typeof(BenchConfig))]
public class YamlVsFluentBenchmarks
{
    private FactSet _facts = new();
    private Comparison _comparison = null!;

    [Params(1_000, 10_000)]
    public int Accounts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var snapshot = SyntheticOrganization.Generate(Accounts, seed: 1);
        _facts = snapshot.Facts;
        _comparison = new Comparison(snapshot.CollectedAt);
        var results = _comparison.Check(_facts);
        Console.WriteLine($"// rules {string.Join(", ", _comparison.RuleIds)}: {results.Count} results, identical in all three");
    }

    [Benchmark(Baseline = true, Description = "Fluent, hand-written harness")]
    public IReadOnlyList<RuleResult> HandWritten() => _comparison.HandWritten.Evaluate(_facts);

    [Benchmark(Description = "YAML-compiled, Evaluator")]
    public IReadOnlyList<RuleResult> Yaml() => _comparison.Yaml.Evaluate(_facts);

    [Benchmark(Description = "YAML-compiled, Evaluator + prototype fixes")]
    public IReadOnlyList<RuleResult> YamlWithFixes() => _comparison.YamlWithFixes.Evaluate(_facts, Comparison.AllFixes, new ProbeEvaluator.Timings());

    [Benchmark(Description = "Fluent definitions, Evaluator")]
    public IReadOnlyList<RuleResult> FluentViaEvaluator() => _comparison.FluentViaEvaluator.Evaluate(_facts);
}
