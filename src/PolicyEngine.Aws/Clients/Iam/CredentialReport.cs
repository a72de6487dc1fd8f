using System.Globalization;

namespace PolicyEngine.Aws.Clients.Iam;

/// <summary>
/// The IAM credential report (CSV, 22 columns). Values N/A, not_supported and no_information mean "no value" and read
/// as null; booleans are lowercase true/false. The root user's row is named &lt;root_account&gt;.
/// </summary>
public sealed class CredentialReport
{
    public const string RootUser = "<root_account>";
    private static readonly string[] NoValue = ["N/A", "not_supported", "no_information", ""];

    private CredentialReport(IReadOnlyList<CredentialReportRow> rows) => Rows = rows;

    public IReadOnlyList<CredentialReportRow> Rows { get; }

    public CredentialReportRow? Root => Rows.FirstOrDefault(r => r.User == RootUser);

    public CredentialReportRow? ForUser(string userName) => Rows.FirstOrDefault(r => r.User == userName);

    public static CredentialReport Parse(string csv)
    {
        var lines = csv.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0) throw new FormatException("The credential report is empty.");
        var header = SplitLine(lines[0]);
        if (header.Length == 0 || header[0] != "user") throw new FormatException("The credential report has no 'user' header.");
        var rows = lines.Skip(1).Select(line =>
        {
            var cells = SplitLine(line);
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
                values[header[i]] = i < cells.Length && !NoValue.Contains(cells[i]) ? cells[i] : null;
            return new CredentialReportRow(values);
        }).ToList();
        return new CredentialReport(rows);
    }

    /// <summary>IAM writes no quotes, but a quoted cell is read correctly all the same.</summary>
    private static string[] SplitLine(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"' && quoted && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return [.. cells];
    }
}

/// <summary>One row of the credential report, read by column name.</summary>
public sealed class CredentialReportRow(IReadOnlyDictionary<string, string?> values)
{
    public string User => values.GetValueOrDefault("user") ?? "";
    public string? Arn => values.GetValueOrDefault("arn");

    public string? this[string column] => values.GetValueOrDefault(column);

    public bool Flag(string column) => string.Equals(this[column], "true", StringComparison.OrdinalIgnoreCase);

    public DateTimeOffset? Date(string column) =>
        DateTimeOffset.TryParse(this[column], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
}
