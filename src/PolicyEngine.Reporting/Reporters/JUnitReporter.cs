using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;

namespace PolicyEngine.Reporting.Reporters;

/// <summary>
/// JUnit XML for CI systems: a test suite per rule, a test case per (rule, subject). Failing results are failures,
/// suppressed ones are skipped with the justification, unknown ones are errors (option unknownAs=skipped to skip them).
/// </summary>
public sealed class JUnitReporter(ReporterOptions options) : TextReporter
{
    private readonly bool _unknownAsSkipped = options.Get("unknownAs", "error") switch
    {
        "error" => false,
        "skipped" => true,
        var other => throw new ReporterException($"junit: option unknownAs must be 'error' or 'skipped', not '{other}'"),
    };

    public JUnitReporter() : this(ReporterOptions.Empty) { }

    public override string Name => "junit";

    protected override string Render(EvaluationReport report, ReportTarget target)
    {
        var view = new ReportView(report);
        var timestamp = report.EvaluatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        var suites = report.Results
            .GroupBy(r => r.RuleId, StringComparer.Ordinal)
            .Select(g => Suite(g.Key, view.Rule(g.Key), g.ToList(), timestamp))
            .ToList();
        var root = Counted(new XElement("testsuites", new XAttribute("name", ToolInfo.Name)), report.Results);
        root.Add(suites);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
        using var text = new Utf8StringWriter();
        using (var writer = XmlWriter.Create(text, settings))
            new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(writer);
        return text + "\n";
    }

    private XElement Suite(string ruleId, RuleDescriptor? rule, IReadOnlyList<RuleResult> results, string timestamp)
    {
        var suite = Counted(new XElement("testsuite",
            new XAttribute("name", rule is null ? ruleId : $"{ruleId}: {rule.Title}"),
            new XAttribute("timestamp", timestamp)), results);
        foreach (var result in results)
            suite.Add(new XElement("testcase",
                new XAttribute("classname", ruleId),
                new XAttribute("name", $"{result.AccountId} {result.Resource}"),
                new XAttribute("time", "0"),
                Outcome(result)));
        return suite;
    }

    private XElement Counted(XElement element, IReadOnlyCollection<RuleResult> results)
    {
        element.Add(
            new XAttribute("tests", results.Count),
            new XAttribute("failures", results.Count(r => r.Status == ResultStatus.Fail)),
            new XAttribute("errors", _unknownAsSkipped ? 0 : results.Count(r => r.Status == ResultStatus.Unknown)),
            new XAttribute("skipped", results.Count(r => r.Status is ResultStatus.Suppressed or ResultStatus.NotApplicable || (_unknownAsSkipped && r.Status == ResultStatus.Unknown))));
        return element;
    }

    private XElement? Outcome(RuleResult result) => result.Status switch
    {
        ResultStatus.Fail => new XElement("failure",
            new XAttribute("message", result.Message),
            new XAttribute("type", result.Severity.ToName()),
            FailureText(result)),
        ResultStatus.Unknown when _unknownAsSkipped => new XElement("skipped", new XAttribute("message", $"unknown: {result.UnknownReason ?? result.Message}")),
        ResultStatus.Unknown => new XElement("error",
            new XAttribute("message", result.UnknownReason ?? result.Message),
            new XAttribute("type", "unknown"),
            result.Message),
        ResultStatus.Suppressed => new XElement("skipped", new XAttribute("message", $"suppressed: {result.Suppression?.Justification}")),
        ResultStatus.NotApplicable => new XElement("skipped", new XAttribute("message", $"not applicable: {result.Message}")),
        _ => null,
    };

    private static string FailureText(RuleResult result)
    {
        var text = new StringBuilder(result.Message);
        foreach (var evidence in result.Evidence) text.Append('\n').Append("- ").Append(evidence);
        return text.ToString();
    }

    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter() : base(CultureInfo.InvariantCulture) { }

        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
