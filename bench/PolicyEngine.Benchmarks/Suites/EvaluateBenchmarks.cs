using BenchmarkDotNet.Attributes;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Results;
using PolicyEngine.Evaluation;
using PolicyEngine.Rules;

namespace PolicyEngine.Benchmarks.Suites;

/// <summary>Evaluator.Evaluate over a synthetic organization with the shipped rules; facts and rules are prepared in GlobalSetup.</summary>
[Config(typeof(BenchConfig))]
public class EvaluateBenchmarks
{
    private FactSet _facts = new();
    private Evaluator _evaluator = null!;
    private ProbeEvaluator _probe = null!;
    private static readonly ProbeEvaluator.Switches AllFixes = Fluent.Comparison.AllFixes;

    [Params(1_000, 10_000, 50_000)]
    public int Accounts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var snapshot = SyntheticOrganization.Generate(Accounts, seed: 1);
        _facts = snapshot.Facts;
        var rules = YamlRuleCompiler.CompileDirectory(Repo.RulesDirectory, new CompileOptions { Now = snapshot.CollectedAt });
        if (rules.HasErrors) throw new InvalidOperationException(string.Join(Environment.NewLine, rules.Diagnostics));
        _evaluator = new Evaluator(rules);
        _probe = new ProbeEvaluator(rules);
        var results = _evaluator.Evaluate(_facts);
        if (!Breakdown.Same(results, _probe.Evaluate(_facts, AllFixes, new ProbeEvaluator.Timings())))
            throw new InvalidOperationException("The prototype fixes change the results.");
        Console.WriteLine($"// {Accounts} accounts: {rules.Rules.Count} rules, {results.Count} results ({results.Count(r => r.Status == ResultStatus.Fail)} fail)");
    }

    [Benchmark(Baseline = true, Description = "Evaluator.Evaluate")]
    public IReadOnlyList<RuleResult> Evaluate() => _evaluator.Evaluate(_facts);

    /// <summary>The same evaluation with the four changes prototyped in ProbeEvaluator (see docs/benchmarks.md).</summary>
    [Benchmark(Description = "same + prototype fixes")]
    public IReadOnlyList<RuleResult> EvaluateWithFixes() => _probe.Evaluate(_facts, AllFixes, new ProbeEvaluator.Timings());
}
