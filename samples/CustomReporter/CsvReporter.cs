using System.Text;
using PolicyEngine.Core.Results;
using PolicyEngine.Core.Rules;
using PolicyEngine.Reporting;

namespace Acme.PolicyEngine.CsvReporter;

/// <summary>
/// Writes one CSV row per result, for spreadsheets. Options (from the configuration, reporters.options.csv):
/// <c>delimiter</c> (default ","), <c>onlyFailing</c> (default false).
/// </summary>
public sealed class CsvReporter : IReporter
{
    private readonly char _delimiter;
    private readonly bool _onlyFailing;

    // The host constructs reporters with their options; a constructor without arguments works too.
    public CsvReporter(ReporterOptions options)
    {
        var delimiter = options.Get("delimiter", ",");
        if (delimiter.Length != 1) throw new ReporterException($"csv: option delimiter must be one character, not '{delimiter}'");
        _delimiter = delimiter[0];
        _onlyFailing = options.GetBool("onlyFailing", false);
    }

    public string Name => "csv";

    public Task WriteAsync(EvaluationReport report, ReportTarget target, CancellationToken cancellationToken)
    {
        var csv = new StringBuilder();
        Row(csv, "ruleId", "status", "severity", "accountId", "resource", "message");
        foreach (var result in report.Results.Where(r => !_onlyFailing || r.Status == ResultStatus.Fail))
            Row(csv, result.RuleId, result.Status.ToString().ToLowerInvariant(), result.Severity.ToName(), result.AccountId, result.Resource, result.Message);
        // The target writes the whole text at once; a file target is replaced atomically.
        return target.WriteTextAsync(csv.ToString(), cancellationToken);
    }

    private void Row(StringBuilder csv, params string[] cells) =>
        csv.AppendJoin(_delimiter, cells.Select(Quote)).Append("\r\n");

    // RFC 4180: quote a cell that holds the delimiter, a quote or a line break, doubling its quotes.
    private string Quote(string cell) =>
        cell.IndexOfAny([_delimiter, '"', '\r', '\n']) < 0 ? cell : $"\"{cell.Replace("\"", "\"\"")}\"";
}
