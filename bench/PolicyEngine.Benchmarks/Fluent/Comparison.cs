using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;
using PolicyEngine.Evaluation;
using PolicyEngine.Rules;

namespace PolicyEngine.Benchmarks.Fluent;

/// <summary>
/// The three ways to evaluate the hand-written subset on the same facts: the YAML rules through Evaluator, the
/// Fluent definitions through Evaluator, and the Fluent rules through a hand-written harness. Built once; checks
/// that all three give the same results.
/// </summary>
public sealed class Comparison
{
    public Evaluator Yaml { get; }
    public Evaluator FluentViaEvaluator { get; }
    public FluentHarness HandWritten { get; }

    /// <summary>The YAML rules through ProbeEvaluator with every prototype fix switched on.</summary>
    public ProbeEvaluator YamlWithFixes { get; }

    public static readonly ProbeEvaluator.Switches AllFixes = new() { LeanPartition = true, IndexedSynthesis = true, SkipUnreadFacts = true, ReferenceIdentity = true };
    public IReadOnlyList<string> RuleIds { get; }

    public Comparison(DateTimeOffset now, IReadOnlyList<HandWrittenRule>? rules = null)
    {
        rules ??= HandWrittenRules.All;
        RuleIds = rules.Select(r => r.Id).ToList();
        var directory = Path.Combine(Path.GetTempPath(), $"policyengine-bench-subset-{Environment.ProcessId}");
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
        foreach (var rule in rules)
        {
            var file = YamlRuleCompiler.FindRuleFiles(Repo.RulesDirectory).SingleOrDefault(f => Path.GetFileName(f).StartsWith(rule.Id + "-", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"No shipped rule file for {rule.Id} in {Repo.RulesDirectory}.");
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }
        var yaml = YamlRuleCompiler.CompileDirectory(directory, new CompileOptions { Now = now });
        Directory.Delete(directory, recursive: true);
        if (yaml.HasErrors) throw new InvalidOperationException(string.Join(Environment.NewLine, yaml.Diagnostics));
        Yaml = new Evaluator(yaml);
        YamlWithFixes = new ProbeEvaluator(yaml);
        FluentViaEvaluator = new Evaluator(FluentHarness.ReplaceDefinitions(yaml, rules));
        HandWritten = new FluentHarness(rules, yaml.Rules.ToDictionary(r => r.Id, r => (r.Descriptor.DefaultSeverity, r.Descriptor.Recommendation)));
    }

    /// <summary>Throws unless the three give the same results (key, status, message, evidence).</summary>
    public IReadOnlyList<RuleResult> Check(FactSet facts)
    {
        var yaml = Yaml.Evaluate(facts);
        var viaEvaluator = FluentViaEvaluator.Evaluate(facts);
        var handWritten = HandWritten.Evaluate(facts);
        if (!Breakdown.Same(yaml, YamlWithFixes.Evaluate(facts, AllFixes, new ProbeEvaluator.Timings())))
            throw new InvalidOperationException("The prototype fixes change the YAML rules' results.");
        if (!Breakdown.Same(yaml, viaEvaluator)) throw new InvalidOperationException("Fluent definitions through Evaluator differ from the YAML rules' results.");
        if (!Breakdown.Same(yaml, handWritten))
        {
            var diff = yaml.Zip(handWritten).FirstOrDefault(p => p.First.Key != p.Second.Key || p.First.Status != p.Second.Status || p.First.Message != p.Second.Message);
            throw new InvalidOperationException($"Hand-written Fluent results differ from the YAML rules' results ({yaml.Count} vs {handWritten.Count}): {diff.First} / {diff.Second}");
        }
        return yaml;
    }
}
