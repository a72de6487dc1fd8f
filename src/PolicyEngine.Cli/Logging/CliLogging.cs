using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using PolicyEngine.Core.Text;
using PolicyEngine.Diagnostics;

namespace PolicyEngine.Cli.Logging;

/// <summary>
/// Logs go to stderr (stdout is for reports): human-readable by default, one JSON object per line with
/// --log-format json for machines. Diagnostics are printed in compiler form in human mode and as structured events in JSON mode.
/// </summary>
public sealed class CliLogging : IDisposable
{
    private readonly ILoggerFactory _factory;

    private CliLogging(ILoggerFactory factory, bool json)
    {
        _factory = factory;
        IsJson = json;
        Logger = new EscapingLogger(factory.CreateLogger("policy-engine"));
    }

    public ILogger Logger { get; }
    public bool IsJson { get; }

    public static CliLogging Create(string format, LogLevel minimum = LogLevel.Information)
    {
        var json = format == "json";
        var factory = LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(minimum);
            builder.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
            if (json)
                builder.AddJsonConsole(options =>
                {
                    options.IncludeScopes = false;
                    options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                    options.UseUtcTimestamp = true;
                    options.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
                });
            else
                builder.AddSimpleConsole(options =>
                {
                    options.SingleLine = true;
                    options.IncludeScopes = false;
                    options.ColorBehavior = Console.IsErrorRedirected ? LoggerColorBehavior.Disabled : LoggerColorBehavior.Default;
                });
        });
        return new CliLogging(factory, json);
    }

    /// <summary>Reports diagnostics; returns true when any is an error.</summary>
    public bool Report(IReadOnlyList<Diagnostic> diagnostics)
    {
        if (!IsJson) return DiagnosticPrinter.Print(diagnostics);
        foreach (var d in diagnostics)
        {
            var level = d.Severity switch { DiagnosticSeverity.Error => LogLevel.Error, DiagnosticSeverity.Warning => LogLevel.Warning, _ => LogLevel.Information };
            Logger.Log(level, new EventId(0, d.Id), "{DiagnosticId} {File}({Line},{Column}): {Message}{Suggestion}",
                d.Id, d.Location.Path, d.Location.Line, d.Location.Column, d.Message, d.Suggestion is null ? "" : " " + d.Suggestion);
        }
        return diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
    }

    /// <summary>
    /// Log messages carry untrusted values (account names, paths, AWS error text): the rendered message is escaped
    /// before any formatter sees it, so neither the text nor the JSON format can carry a control character to the terminal.
    /// </summary>
    private sealed class EscapingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, (s, e) => UntrustedText.Escape(formatter(s, e)));
    }

    /// <summary>Flushes the console logger's queue; without this the last lines can be lost at exit.</summary>
    public void Dispose() => _factory.Dispose();
}
