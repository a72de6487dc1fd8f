namespace PolicyEngine.Cli.Commands;

/// <summary>A <c>--report NAME[=PATH]</c> argument: a reporter name and, optionally, the file it writes (stdout otherwise).</summary>
public sealed record ReportSpec(string Name, string? Path)
{
    public static ReportSpec Parse(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var name = (equals < 0 ? text : text[..equals]).Trim().ToLowerInvariant();
        var path = equals < 0 ? null : text[(equals + 1)..].Trim();
        if (name.Length == 0) throw new UsageException($"--report '{text}': give a reporter name, as in --report json=results.json.");
        if (path is { Length: 0 }) throw new UsageException($"--report '{text}': the path after '=' is empty.");
        return new ReportSpec(name, path);
    }
}
