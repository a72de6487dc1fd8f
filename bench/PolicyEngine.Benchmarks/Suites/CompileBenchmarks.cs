using BenchmarkDotNet.Attributes;
using PolicyEngine.Evaluation;
using PolicyEngine.Rules;

namespace PolicyEngine.Benchmarks.Suites;

/// <summary>Rule load + compile: YamlRuleCompiler over a folder (parse, validate, bind), then Evaluator construction (NRules session factories).</summary>
[Config(typeof(BenchConfig))]
public class CompileBenchmarks
{
    private string _directory = "";
    private readonly CompileOptions _options = new() { Now = SyntheticOrganization.CollectedAt };

    [Params("shipped", "generated-500")]
    public string Rules { get; set; } = "shipped";

    [GlobalSetup]
    public void Setup()
    {
        _directory = Rules == "shipped" ? Repo.RulesDirectory : RuleVariants.Write(Repo.RulesDirectory, 500);
        var check = YamlRuleCompiler.CompileDirectory(_directory, _options);
        if (check.HasErrors) throw new InvalidOperationException(string.Join(Environment.NewLine, check.Diagnostics));
        Console.WriteLine($"// {Rules}: {check.Rules.Count} rules in {_directory}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (Rules != "shipped" && Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "YamlRuleCompiler.CompileDirectory")]
    public RuleSet CompileYaml() => YamlRuleCompiler.CompileDirectory(_directory, _options);

    [Benchmark(Description = "CompileDirectory + new Evaluator")]
    public Evaluator CompileAndBuildFactories() => new(YamlRuleCompiler.CompileDirectory(_directory, _options));
}
