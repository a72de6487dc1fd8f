using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace PolicyEngine.Tooling.Coverage;

/// <summary>
/// Coverage as machines read it: JSON (every probe with its counts), and Cobertura XML, which CI services and editor
/// extensions display: each rule file is a class, each line holding a condition, pattern or group is a line whose hits
/// are the test cases that evaluated it, and its true and false outcomes are the line's branches.
/// </summary>
public static class CoverageWriters
{
    public static string Json(CoverageReport report) => JsonSerializer.Serialize(new
    {
        percent = report.Percent,
        outcomes = report.Outcomes,
        outcomesCovered = report.OutcomesCovered,
        rules = report.Rules.Select(r => new
        {
            id = r.RuleId,
            file = r.File,
            cases = r.Cases,
            percent = r.Percent,
            probes = r.Probes.Select(p => new
            {
                line = p.Line, column = p.Column, kind = p.Kind, text = p.Label,
                casesTrue = p.CasesTrue, casesFalse = p.CasesFalse, covered = p.Covered,
            }),
        }),
    }, new JsonSerializerOptions { WriteIndented = true });

    public static string Cobertura(CoverageReport report, DateTimeOffset now)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CheckCharacters = true };
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(new StringWriterUtf8(text), settings))
        {
            xml.WriteStartDocument();
            xml.WriteDocType("coverage", null, "http://cobertura.sourceforge.net/xml/coverage-04.dtd", null);
            var all = report.Rules.Select(r => (Rule: r, Lines: Lines(r))).ToList();
            var lines = all.SelectMany(r => r.Lines).ToList();
            xml.WriteStartElement("coverage");
            WriteRates(xml, lines);
            xml.WriteAttributeString("lines-covered", Int(lines.Count(l => l.Hits > 0)));
            xml.WriteAttributeString("lines-valid", Int(lines.Count));
            xml.WriteAttributeString("branches-covered", Int(lines.Sum(l => l.Covered)));
            xml.WriteAttributeString("branches-valid", Int(lines.Sum(l => l.Branches)));
            xml.WriteAttributeString("complexity", "0");
            xml.WriteAttributeString("version", Core.Results.ToolInfo.Version);
            xml.WriteAttributeString("timestamp", Int(now.ToUnixTimeSeconds()));
            xml.WriteStartElement("sources");
            xml.WriteElementString("source", report.RulesDirectory);
            xml.WriteEndElement();
            xml.WriteStartElement("packages");
            foreach (var folder in all.GroupBy(r => Path.GetDirectoryName(r.Rule.File)?.Replace('\\', '/') ?? "").OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                xml.WriteStartElement("package");
                xml.WriteAttributeString("name", folder.Key.Length == 0 ? "rules" : folder.Key.Replace('/', '.'));
                WriteRates(xml, folder.SelectMany(r => r.Lines).ToList());
                xml.WriteAttributeString("complexity", "0");
                xml.WriteStartElement("classes");
                foreach (var (rule, ruleLines) in folder)
                {
                    xml.WriteStartElement("class");
                    xml.WriteAttributeString("name", rule.RuleId);
                    xml.WriteAttributeString("filename", rule.File);
                    WriteRates(xml, ruleLines);
                    xml.WriteAttributeString("complexity", "0");
                    xml.WriteElementString("methods", "");
                    xml.WriteStartElement("lines");
                    foreach (var line in ruleLines)
                    {
                        xml.WriteStartElement("line");
                        xml.WriteAttributeString("number", Int(line.Number));
                        xml.WriteAttributeString("hits", Int(line.Hits));
                        xml.WriteAttributeString("branch", "true");
                        var percent = line.Branches == 0 ? 100 : line.Covered * 100 / line.Branches;
                        xml.WriteAttributeString("condition-coverage", $"{Int(percent)}% ({Int(line.Covered)}/{Int(line.Branches)})");
                        xml.WriteEndElement();
                    }
                    xml.WriteEndElement();
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        return text.ToString();
    }

    /// <summary>A YAML line: the probes written on it, merged (a flow list can hold several conditions).</summary>
    private sealed record Line(int Number, int Hits, int Branches, int Covered);

    private static List<Line> Lines(RuleCoverage rule) =>
        rule.Probes.GroupBy(p => p.Line).OrderBy(g => g.Key)
            .Select(g => new Line(g.Key, g.Max(p => p.CasesEvaluated), g.Count() * 2, g.Sum(p => p.OutcomesCovered)))
            .ToList();

    private static void WriteRates(XmlWriter xml, IReadOnlyCollection<Line> lines)
    {
        xml.WriteAttributeString("line-rate", Rate(lines.Count(l => l.Hits > 0), lines.Count));
        xml.WriteAttributeString("branch-rate", Rate(lines.Sum(l => l.Covered), lines.Sum(l => l.Branches)));
    }

    private static string Rate(int covered, int total) =>
        (total == 0 ? 1.0 : (double)covered / total).ToString("0.####", CultureInfo.InvariantCulture);

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class StringWriterUtf8(StringBuilder builder) : StringWriter(builder, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
