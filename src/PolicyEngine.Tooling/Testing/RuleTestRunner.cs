using PolicyEngine.Core.Results;
using PolicyEngine.Evaluation;
using PolicyEngine.Evaluation.Tracing;
using PolicyEngine.Rules;
using PolicyEngine.Diagnostics;
using PolicyEngine.Syntax;
using PolicyEngine.Tooling.Coverage;

namespace PolicyEngine.Tooling.Testing;

public sealed record RuleTestOutcome(string RuleId, string CaseName, SourceLocation Location, bool Passed, IReadOnlyList<string> Problems);

/// <summary>
/// What one test case produced: the results of the rule under test, or why the case could not be run; when traced,
/// the rule as the case compiled it, a trace per subject and how often each probe went each way.
/// </summary>
public sealed record RuleTestCaseRun(IReadOnlyList<RuleResult> Results, IReadOnlyList<string> Problems)
{
    public CompiledRule? Rule { get; init; }
    public IReadOnlyList<SubjectTrace> Traces { get; init; } = [];
    public ProbeCounts? Counts { get; init; }
}

public sealed record RuleTestRun(IReadOnlyList<RuleTestOutcome> Outcomes, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>How the cases exercised each rule's conditions, when coverage was asked for.</summary>
    public CoverageReport? Coverage { get; init; }

    public int Passed => Outcomes.Count(o => o.Passed);
    public int Failed => Outcomes.Count(o => !o.Passed);
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>Runs every rule's sibling test file (&lt;rule&gt;.tests.yaml): compiles the rule as the case configures it, evaluates the case's facts and compares.</summary>
public static class RuleTestRunner
{
    public static RuleTestRun RunDirectory(string directory, string? onlyRuleId = null, bool coverage = false)
    {
        var baseline = YamlRuleCompiler.CompileDirectory(directory);
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(baseline.Diagnostics);
        if (baseline.HasErrors) return new RuleTestRun([], diagnostics.Sorted());

        var suites = ReadSuites(directory, diagnostics);
        var outcomes = new List<RuleTestOutcome>();
        var collectors = coverage
            ? baseline.Rules.Where(r => onlyRuleId is null || r.Id == onlyRuleId).ToDictionary(r => r.Id, r => new CoverageCollector(r), StringComparer.Ordinal)
            : null;
        foreach (var suite in suites.Where(s => onlyRuleId is null || s.RuleId == onlyRuleId))
        {
            if (baseline.Find(suite.RuleId) is null)
            {
                diagnostics.Add(DiagnosticDescriptors.TestForUnknownRule.Create(SourceLocation.FileOnly(suite.Path), suite.RuleId));
                continue;
            }
            var (source, text) = RuleSource(directory, baseline, suite.RuleId);
            foreach (var testCase in suite.Cases)
            {
                var run = Execute(source, text, suite.RuleId, testCase, trace: collectors is not null);
                outcomes.Add(Outcome(suite.RuleId, testCase, run));
                if (run is { Rule: { } compiled, Counts: { } counts } && collectors?.GetValueOrDefault(suite.RuleId) is { } collector)
                    collector.AddCase(compiled.Plan, counts);
            }
        }
        foreach (var rule in baseline.Rules.Where(r => onlyRuleId is null || r.Id == onlyRuleId))
        {
            var cases = suites.Where(s => s.RuleId == rule.Id).SelectMany(s => s.Cases).ToList();
            // A rule that can say 'not applicable' shows in a case when it does.
            foreach (var status in rule.NotApplicable is null ? [ResultStatus.Fail, ResultStatus.Pass] : new[] { ResultStatus.Fail, ResultStatus.Pass, ResultStatus.NotApplicable })
                if (!cases.Any(c => c.Expected.Any(e => e.Status == status)))
                    diagnostics.Add(DiagnosticDescriptors.MissingTestCases.Create(SourceLocation.FileOnly(rule.Descriptor.SourcePath ?? rule.Id), rule.Id, status.ToName()));
        }
        var report = collectors is null
            ? null
            : new CoverageReport(directory, collectors.Values.Select(c => c.Result()).OrderBy(r => r.RuleId, StringComparer.Ordinal).ToList());
        return new RuleTestRun(outcomes, diagnostics.Sorted()) { Coverage = report };
    }

    /// <summary>Every test file of the folder, read (problems go to <paramref name="diagnostics"/>).</summary>
    private static List<RuleTestSuite> ReadSuites(string directory, DiagnosticBag diagnostics)
    {
        var suites = new List<RuleTestSuite>();
        foreach (var file in Core.Files.InputFile.FindFiles(directory, "*" + YamlRuleCompiler.TestFileSuffix))
        {
            var display = Path.GetRelativePath(Directory.GetCurrentDirectory(), file).Replace('\\', '/');
            if (YamlSource.Load(file, display, diagnostics, linkRoot: directory) is { } document && RuleTestReader.Read(document, diagnostics) is { } suite)
                suites.Add(suite);
        }
        return suites;
    }

    /// <summary>The rule file's path (as cases compile it) and text.</summary>
    private static (string Path, string Text) RuleSource(string directory, RuleSet rules, string ruleId)
    {
        var source = Path.Combine(directory, rules.Find(ruleId)!.Descriptor.SourcePath!);
        return (source, Core.Files.InputFile.ReadText(source, YamlSource.MaxFileBytes, directory));
    }

    /// <summary>Runs one case and compares what the rule produced with what the case expects.</summary>
    public static RuleTestOutcome Run(string rulePath, string ruleText, string ruleId, RuleTestCase testCase) =>
        Outcome(ruleId, testCase, Execute(rulePath, ruleText, ruleId, testCase));

    public static RuleTestOutcome Outcome(string ruleId, RuleTestCase testCase, RuleTestCaseRun run)
    {
        var problems = run.Problems.Count > 0 ? run.Problems : Compare(testCase.Expected, run.Results);
        return new RuleTestOutcome(ruleId, testCase.Name, testCase.Location, problems.Count == 0, problems);
    }

    /// <summary>
    /// Compiles just the rule under test, as the case configures it (date, parameters), and evaluates the case's facts:
    /// the one way a case is run, by <c>rules test</c> and by the documentation's examples alike.
    /// </summary>
    public static RuleTestCaseRun Execute(string rulePath, string ruleText, string ruleId, RuleTestCase testCase, bool trace = false)
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
        var results = new Evaluator(rules).Evaluate(testCase.Facts).Where(r => r.RuleId == ruleId).ToList();
        if (!trace || rules.Find(ruleId) is not { } rule) return new RuleTestCaseRun(results, []);
        var counts = new ProbeCounts();
        var traces = RuleTracer.Trace(rule, WholeCase(testCase.Facts, rule), counts);
        return new RuleTestCaseRun(results, Disagreements(results, traces)) { Rule = rule, Traces = traces, Counts = counts };
    }

    /// <summary>
    /// A case's facts as one working memory: the rule as written, over everything the case gives, so that a condition
    /// tying a fact to the subject's account is exercised both ways (the evaluator's partitions by account hold one
    /// account's facts, which makes such a condition true by construction). For a rule that joins on account, the
    /// verdicts are the same; <see cref="Disagreements"/> says when they are not.
    /// </summary>
    private static Partition WholeCase(Core.Facts.FactSet facts, CompiledRule rule) =>
        new(facts.ManagementAccountId ?? "", rule.IsOrganizationRule, facts.All().Distinct().ToList(), facts.CollectionErrors);

    /// <summary>A trace whose verdict is not the evaluator's: the rule's verdict depends on partitioning (or the tracer is wrong).</summary>
    private static List<string> Disagreements(IReadOnlyList<RuleResult> results, IReadOnlyList<SubjectTrace> traces) =>
        traces.Select(t => (Trace: t, Result: ExplainTarget.ResultFor(results, t)))
            .Where(p => p.Result is { Status: ResultStatus.Fail } && !p.Trace.Violated
                        || p.Result is { Status: ResultStatus.Pass } && p.Trace.Violated
                        || p.Result is { Status: ResultStatus.NotApplicable } && !p.Trace.OutOfScope)
            .Select(p => $"the trace over all the case's facts says {(p.Trace.Violated ? "violated" : "not violated")} for {p.Trace.Subject.ResourceId}, "
                         + $"the evaluator {p.Result!.Status.ToName()}: the rule reads facts of other accounts without tying them to the subject's")
            .ToList();

    /// <summary>
    /// The cases of one rule traced, for <c>rules test --explain RULE[:CASE]</c>: CASE is a case's name or its number
    /// (from 1) in the rule's test file; without it every case. Null with a message when the rule or case is not there.
    /// </summary>
    public static IReadOnlyList<(RuleTestCase Case, RuleTestCaseRun Run)>? Explain(string directory, string ruleId, string? caseSelector,
        out IReadOnlyList<Diagnostic> diagnostics, out string? problem)
    {
        problem = null;
        var rules = YamlRuleCompiler.CompileDirectory(directory);
        var bag = new DiagnosticBag();
        bag.AddRange(rules.Diagnostics);
        diagnostics = bag.Items;
        if (rules.HasErrors) return null;
        if (rules.Find(ruleId) is null)
        {
            problem = $"there is no rule '{ruleId}' in {directory}.";
            return null;
        }
        var cases = ReadSuites(directory, bag).Where(s => s.RuleId == ruleId).SelectMany(s => s.Cases).ToList();
        diagnostics = bag.Sorted();
        if (bag.Items.Any(d => d.Severity == DiagnosticSeverity.Error)) return null;
        if (caseSelector is not null)
        {
            var chosen = int.TryParse(caseSelector, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
                         && number >= 1 && number <= cases.Count
                ? cases[number - 1]
                : cases.FirstOrDefault(c => c.Name == caseSelector);
            if (chosen is null)
            {
                problem = $"rule {ruleId} has no test case named '{caseSelector}' (it has {cases.Count}; give a name or a number from 1 to {cases.Count}).";
                return null;
            }
            cases = [chosen];
        }
        var (source, text) = RuleSource(directory, rules, ruleId);
        return cases.Select(c => (c, Execute(source, text, ruleId, c, trace: true))).ToList();
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
