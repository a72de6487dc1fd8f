using System.Globalization;
using PolicyEngine.Core.Text;

namespace PolicyEngine.Tooling.Coverage;

/// <summary>The coverage table <c>rules test --coverage</c> prints: a row per rule, then every probe not exercised both ways.</summary>
public static class CoverageText
{
    public static void Write(CoverageReport report, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("coverage (test cases in which each condition, pattern and group was true / false):");
        output.WriteLine($"  {"rule",-8} {"cases",5} {"probes",6} {"covered",7} {"percent",8}");
        foreach (var rule in report.Rules)
            output.WriteLine(Invariant($"  {rule.RuleId,-8} {rule.Cases,5} {rule.Probes.Count,6} {rule.Probes.Count(p => p.Covered),7} {rule.Percent,7:0.0}%"));
        var gaps = report.Rules.SelectMany(r => r.NotCovered.Select(p => (Rule: r, Probe: p))).ToList();
        if (gaps.Count > 0)
        {
            output.WriteLine("not exercised both ways:");
            foreach (var (rule, probe) in gaps)
            {
                var missing = probe is { CasesTrue: 0, CasesFalse: 0 } ? "never evaluated" : probe.CasesTrue == 0 ? "never true" : "never false";
                output.WriteLine(UntrustedText.Escape(Invariant(
                    $"  {rule.File}({probe.Line},{probe.Column}): {rule.RuleId} {probe.Kind} '{UntrustedText.Excerpt(probe.Label, 80)}': {missing} (true in {probe.CasesTrue}, false in {probe.CasesFalse} cases)")));
            }
        }
        output.WriteLine(Invariant($"coverage: {report.Percent:0.0}% ({report.OutcomesCovered} of {report.Outcomes} outcomes, {report.Rules.Sum(r => r.Probes.Count)} probes in {report.Rules.Count} rules)"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
