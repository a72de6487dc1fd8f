using System.Text;

namespace PolicyEngine.Core.Security;

/// <summary>
/// A console stream that passes everything written through <see cref="SecretRedactor"/>: installed once over stdout
/// and stderr, it covers log lines (text and JSON), error messages, diagnostics and reports alike. Characters written
/// one at a time are held until the end of the line, so a secret cannot slip through in pieces.
/// </summary>
public sealed class RedactingTextWriter(TextWriter inner) : TextWriter
{
    private readonly StringBuilder _pending = new();
    private readonly Lock _lock = new();

    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    public override string NewLine
    {
#pragma warning disable CS8765 // TextWriter.NewLine's setter accepts null; ours forwards it
        get => inner.NewLine;
        set => inner.NewLine = value;
#pragma warning restore CS8765
    }

    /// <summary>Installs redaction over the process's stdout and stderr (once; later calls change nothing).</summary>
    public static void InstallOnConsole()
    {
        if (Console.Out is not RedactingTextWriter) Console.SetOut(new RedactingTextWriter(Console.Out));
        if (Console.Error is not RedactingTextWriter) Console.SetError(new RedactingTextWriter(Console.Error));
    }

    public override void Write(char value)
    {
        lock (_lock)
        {
            _pending.Append(value);
            if (value == '\n') FlushPending();
        }
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        lock (_lock)
        {
            _pending.Append(value);
            FlushPending();
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(ReadOnlySpan<char> buffer) => Write(new string(buffer));

    public override void WriteLine(string? value) => Write((value ?? "") + NewLine);

    public override void WriteLine() => Write(NewLine);

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task FlushAsync()
    {
        Flush();
        return Task.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Flush();
        return Task.CompletedTask;
    }

    public override void Flush()
    {
        lock (_lock)
        {
            FlushPending();
            inner.Flush();
        }
    }

    private void FlushPending()
    {
        if (_pending.Length == 0) return;
        inner.Write(SecretRedactor.Redact(_pending.ToString()));
        _pending.Clear();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Flush();
        base.Dispose(disposing);
    }
}
