namespace PolicyEngine.Reporting;

/// <summary>One <c>--report NAME[=PATH]</c> argument: a reporter name and, optionally, the file to write (else stdout).</summary>
public sealed record ReportRequest(string Name, string? Path)
{
    public static ReportRequest Parse(string argument)
    {
        var cut = argument.IndexOf('=');
        var name = (cut < 0 ? argument : argument[..cut]).Trim();
        var path = cut < 0 ? null : argument[(cut + 1)..].Trim();
        if (name.Length == 0) throw new ReporterException($"--report '{argument}': expected NAME or NAME=PATH");
        return new ReportRequest(name, string.IsNullOrEmpty(path) || path == "-" ? null : path);
    }

    public ReportTarget Target() => Path is null ? ReportTarget.StandardOutput() : ReportTarget.File(Path);
}
