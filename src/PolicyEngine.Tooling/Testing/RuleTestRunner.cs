using PolicyEngine.Core.Results;
using PolicyEngine.Evaluation;
using PolicyEngine.Rules;
using PolicyEngine.Diagnostics;
using PolicyEngine.Syntax;

namespace PolicyEngine.Tooling.Testing;

public sealed record RuleTestOutcome(string RuleId, string CaseName, SourceLocation Location, bool Passed, IReadOnlyList<string> Problems);

/// <summary>What one test case produced: the results of the rule under test, or why the case could not be run.</summary>
public sealed record RuleTestCaseRun(IReadOnlyList<RuleResult> Results, IReadOnlyList<string> Problems);

public sealed record RuleTestRun(IReadOnlyList<RuleTestOutcome> Outcomes, IReadOnlyList<Diagnostic> Diagnostics)
{
    public int Passed => Outcomes.Count(o => o.Passed);
    public int Failed => Outcomes.Count(o => !o.Passed);
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>Runs every rule's sibling test file (&lt;rule&gt;.tests.yaml): compiles the rule as the case configures it, evaluates the case's facts and compares.</summary>
public static class RuleTestRunner
{
    public static RuleTestRun RunDirectory(string directory, string? onlyRuleId = null)
    {
        var baseline = YamlRuleCompiler.CompileDirectory(directory);
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(baseline.Diagnostics);
        if (baseline.HasErrors) return new RuleTestRun([], diagnostics.Sorted());

        var suites = new List<RuleTestSuite>();
        foreach (var file in Core.Files.InputFile.FindFiles(directory, "*" + YamlRuleCompiler.TestFileSuffix))
        {
            var display = Path.GetRelativePath(Directory.GetCurrentDirectory(), file).Replace('\\', '/');
            if (YamlSource.Load(file, display, diagnostics, linkRoot: directory) is { } document && RuleTestReader.Read(document, diagnostics) is { } suite)
                suites.Add(suite);
        }
        var outcomes = new List<RuleTestOutcome>();
        foreach (var suite in suites.Where(s => onlyRuleId is null || s.RuleId == onlyRuleId))
        {
            if (baseline.Find(suite.RuleId) is null)
            {
                diagnostics.Add(DiagnosticDescriptors.TestForUnknownRule.Create(SourceLocation.FileOnly(suite.Path), suite.RuleId));
                continue;
            }
            var source = Path.Combine(directory, baseline.Find(suite.RuleId)!.Descriptor.SourcePath!);
            var text = Core.Files.InputFile.ReadText(source, YamlSource.MaxFileBytes, directory);
            outcomes.AddRange(suite.Cases.Select(testCase => Run(source, text, suite.RuleId, testCase)));
        }
        foreach (var rule in baseline.Rules.Where(r => onlyRuleId is null || r.Id == onlyRuleId))
        {
            var cases = suites.Where(s => s.RuleId == rule.Id).SelectMany(s => s.Cases).ToList();
            // A rule that can say 'not applicable' shows in a case when it does.
            foreach (var status in rule.NotApplicable is null ? [ResultStatus.Fail, ResultStatus.Pass] : new[] { ResultStatus.Fail, ResultStatus.Pass, ResultStatus.NotApplicable })
                if (!cases.Any(c => c.Expected.Any(e => e.Status == status)))
                    diagnostics.Add(DiagnosticDescriptors.MissingTestCases.Create(SourceLocation.FileOnly(rule.Descriptor.SourcePath ?? rule.Id), rule.Id, status.ToName()));
        }
        return new RuleTestRun(outcomes, diagnostics.Sorted());
    }

    /// <summary>Runs one case and compares what the rule produced with what the case expects.</summary>
    public static RuleTestOutcome Run(string rulePath, string ruleText, string ruleId, RuleTestCase testCase)
    {
        var run = Execute(rulePath, ruleText, ruleId, testCase);
        var problems = run.Problems.Count > 0 ? run.Problems : Compare(testCase.Expected, run.Results);
        return new RuleTestOutcome(ruleId, testCase.Name, testCase.Location, problems.Count == 0, problems);
    }

    /// <summary>
    /// Compiles just the rule under test, as the case configures it (date, parameters), and evaluates the case's facts:
    /// the one way a case is run, by <c>rules test</c> and by the documentation's examples alike.
    /// </summary>
    public static RuleTestCaseRun Execute(string rulePath, string ruleText, string ruleId, RuleTestCase testCase)
    {
        var options = new CompileOptions
        {
            Now = testCase.Now ?? DefaultNow,
            ParameterOverrides = new Dictionary<string, IReadOnlyDictionary<string, object>> { [ruleId] = testCase.Parameters },
        };
        var rules = YamlRuleCompiler.CompileSources(new Dictionary<string, string> { [rulePath] = ruleText }, options);
        if (rules.HasErrors) return new RuleTestCaseRun([], rules.Diagnostics.Select(d => d.ToString()).ToList());
        var defaults = rules.Find(ruleId)?.Descriptor.Parameters ?? new Dictionary<string, object?>();
        var mistyped = testCase.Parameters
            .Where(p => defaults.TryGetValue(p.Key, out var d) && !ParameterKinds.Fits(d, p.Value))
            .Select(p => $"parameter '{p.Key}' must be {ParameterKinds.KindName(defaults[p.Key]!)}, like its default")
            .ToList();
        if (mistyped.Count > 0) return new RuleTestCaseRun([], mistyped);
        return new RuleTestCaseRun(new Evaluator(rules).Evaluate(testCase.Facts).Where(r => r.RuleId == ruleId).ToList(), []);
    }

    /// <summary>The evaluation date of a case that names none: fixed, so that a case gives the same result every day.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static List<string> Compare(IReadOnlyList<ExpectedResult> expected, IReadOnlyList<RuleResult> actual)
    {
        var problems = new List<string>();
        var unmatched = new List<RuleResult>(actual);
        foreach (var expectation in expected)
        {
            var hit = unmatched.FirstOrDefault(expectation.Matches);
            if (hit is null) problems.Add($"expected {expectation}, not found");
            else unmatched.Remove(hit);
        }
        problems.AddRange(unmatched.Select(r => $"unexpected {r.Status.ToName()} for {r.AccountId} {r.Resource}: {r.Message}"));
        return problems;
    }
}
