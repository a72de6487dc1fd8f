namespace PolicyEngine.Diagnostics;

public enum DiagnosticSeverity
{
    Info,
    Warning,
    Error,
}

/// <summary>A position in a source file; lines and columns are 1-based, as compilers print them.</summary>
public readonly record struct SourceLocation(string Path, int Line, int Column)
{
    public static SourceLocation FileOnly(string path) => new(path, 0, 0);

    public override string ToString() => Line > 0 ? $"{Path}({Line},{Column})" : Path;
}

/// <summary>A problem found while loading rules or configuration, in the form compilers print.</summary>
public sealed record Diagnostic(DiagnosticDescriptor Descriptor, SourceLocation Location, string Message, string? Suggestion = null)
{
    public string Id => Descriptor.Id;
    public DiagnosticSeverity Severity => Descriptor.Severity;

    public override string ToString()
    {
        var severity = Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        var text = $"{Location}: {severity} {Id}: {Message}";
        return Suggestion is null ? text : $"{text} {Suggestion}";
    }
}

/// <summary>
/// One kind of diagnostic: a stable ID, a title, a default severity, a message format, a category and a description
/// of what causes it and how to fix it; <see cref="HelpLink"/> is its generated page.
/// </summary>
public sealed record DiagnosticDescriptor(string Id, string Title, DiagnosticSeverity Severity, string MessageFormat, string Category, string Description)
{
    public string HelpLink => Core.Results.ToolInfo.DocsUrl($"diagnostics/{Id}.md");

    public Diagnostic Create(SourceLocation location, params object?[] args) =>
        new(this, location, string.Format(System.Globalization.CultureInfo.InvariantCulture, MessageFormat, args));

    public Diagnostic CreateWithSuggestion(SourceLocation location, string? suggestion, params object?[] args) =>
        Create(location, args) with { Suggestion = suggestion };
}
