using PolicyEngine.Rules;
using PolicyEngine.Rules.Tracing;

namespace PolicyEngine.Tooling.Coverage;

/// <summary>
/// One condition, pattern or group of a rule and in how many test cases it evaluated true and false (a pattern: matched
/// a fact or none; not/exists/any: held or not), as OPA counts expressions. It is covered when both happened.
/// </summary>
public sealed record ProbeCoverage(int Line, int Column, string Kind, string Label, int CasesTrue, int CasesFalse)
{
    public bool Covered => CasesTrue > 0 && CasesFalse > 0;

    /// <summary>Cases in which it was evaluated at all (a case that made it both true and false counts once).</summary>
    public int CasesEvaluated { get; init; }

    /// <summary>The outcomes seen, of two: what branch coverage counts.</summary>
    public int OutcomesCovered => (CasesTrue > 0 ? 1 : 0) + (CasesFalse > 0 ? 1 : 0);
}

/// <summary>A rule's coverage: its file (relative to the rules folder), test cases run and every probe, in file order.</summary>
public sealed record RuleCoverage(string RuleId, string File, int Cases, IReadOnlyList<ProbeCoverage> Probes)
{
    public int Outcomes => Probes.Count * 2;
    public int OutcomesCovered => Probes.Sum(p => p.OutcomesCovered);
    public double Percent => CoverageReport.PercentOf(OutcomesCovered, Outcomes);
    public IEnumerable<ProbeCoverage> NotCovered => Probes.Where(p => !p.Covered);
}

/// <summary>
/// Coverage of a rule pack by its test cases: each probe's two outcomes (true and false) are what is counted, and the
/// percentage is the share of outcomes some case produced, so 100 means every condition was exercised both ways.
/// </summary>
public sealed record CoverageReport(string RulesDirectory, IReadOnlyList<RuleCoverage> Rules)
{
    public int Outcomes => Rules.Sum(r => r.Outcomes);
    public int OutcomesCovered => Rules.Sum(r => r.OutcomesCovered);
    public double Percent => PercentOf(OutcomesCovered, Outcomes);

    /// <summary>A percentage rounded down to one decimal, so that 99.96 never shows as 100.0 (a threshold of 100 means complete).</summary>
    public static double PercentOf(int covered, int total) =>
        total == 0 ? 100.0 : Math.Floor(covered * 1000.0 / total) / 10.0;
}

/// <summary>Adds up which probes each test case of a rule made true and false.</summary>
public sealed class CoverageCollector(CompiledRule rule)
{
    private readonly Dictionary<(int Line, int Column, string Kind), (int True, int False, int Evaluated)> _cases = [];
    private int _caseCount;

    public CompiledRule Rule => rule;

    /// <summary>One case's counts, taken from the plan the case compiled (its own copy of the rule).</summary>
    public void AddCase(MatchPlan plan, Evaluation.Tracing.ProbeCounts counts)
    {
        _caseCount++;
        foreach (var probe in plan.Probes)
        {
            var (t, f) = counts.Of(probe);
            if (t + f == 0) continue;
            var key = (probe.Location.Line, probe.Location.Column, probe.Kind);
            var (ct, cf, ce) = _cases.GetValueOrDefault(key);
            _cases[key] = (ct + (t > 0 ? 1 : 0), cf + (f > 0 ? 1 : 0), ce + 1);
        }
    }

    public RuleCoverage Result() => new(rule.Id, rule.Descriptor.SourcePath ?? rule.Id, _caseCount,
        rule.Plan.Probes.Select(p =>
        {
            var (t, f, e) = _cases.GetValueOrDefault((p.Location.Line, p.Location.Column, p.Kind));
            return new ProbeCoverage(p.Location.Line, p.Location.Column, p.Kind, p.Label, t, f) { CasesEvaluated = e };
        }).ToList());
}
