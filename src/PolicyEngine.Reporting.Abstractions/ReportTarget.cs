using System.Text;
using PolicyEngine.Core;

namespace PolicyEngine.Reporting;

/// <summary>Where a report goes: a file (written atomically) or the console.</summary>
public abstract record ReportTarget
{
    /// <summary>The process's standard output; colour only when it is a terminal and NO_COLOR is not set.</summary>
    public static ReportTarget StandardOutput() =>
        new ConsoleTarget(Console.Out, ColorAllowed(Console.IsOutputRedirected, Environment.GetEnvironmentVariable("NO_COLOR")));

    // https://no-color.org: any non-empty NO_COLOR disables colour; a redirected stream is not a terminal.
    internal static bool ColorAllowed(bool outputRedirected, string? noColor) => !outputRedirected && string.IsNullOrEmpty(noColor);

    public static ReportTarget File(string path) => new FileTarget(path);

    /// <summary>Writes the complete text of a report. Reporters build the text first so a file is never half written.</summary>
    public abstract Task WriteTextAsync(string content, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a report that a serializer produces as UTF-8 into a stream: a file receives it as it is produced
    /// (atomically still), so a report of hundreds of megabytes is never held in memory; other targets get the text.
    /// </summary>
    public virtual Task WriteUtf8Async(Action<Stream> write, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        return WriteTextAsync(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), cancellationToken);
    }

    /// <summary>Whether ANSI colours may be used: only for a console that is a terminal.</summary>
    public virtual bool SupportsColor => false;
}

public sealed record FileTarget(string Path) : ReportTarget
{
    public override Task WriteTextAsync(string content, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        AtomicFile.WriteAllText(Path, content);
        return Task.CompletedTask;
    }

    public override Task WriteUtf8Async(Action<Stream> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        AtomicFile.Write(Path, write);
        return Task.CompletedTask;
    }

    public override string ToString() => Path;
}

/// <summary>A text writer standing for the console; tests pass a StringWriter and choose whether colour is on.</summary>
public sealed record ConsoleTarget(TextWriter Writer, bool Color) : ReportTarget
{
    public override bool SupportsColor => Color;

    public override async Task WriteTextAsync(string content, CancellationToken cancellationToken)
    {
        await Writer.WriteAsync(content.AsMemory(), cancellationToken).ConfigureAwait(false);
        await Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override string ToString() => "stdout";
}
