using PolicyEngine.Core.Results;

namespace PolicyEngine.Reporting;

/// <summary>
/// A sink for the results of one run (as Serilog's ILogEventSink is for log events). A reporter gets its options
/// when it is constructed, so <see cref="WriteAsync"/> only needs the report and where to put it.
/// Third-party reporters implement this interface in a public class with a public constructor that takes
/// <see cref="ReporterOptions"/> (or no arguments) and are loaded by the host's reporter registry (PolicyEngine.Reporting).
/// </summary>
public interface IReporter
{
    /// <summary>The name users select the reporter by, as in <c>--report NAME[=PATH]</c>. Lower case, no spaces.</summary>
    string Name { get; }

    /// <summary>Writes the whole report to the target; a file target is written atomically.</summary>
    Task WriteAsync(EvaluationReport report, ReportTarget target, CancellationToken cancellationToken);
}

/// <summary>
/// A reporter whose ability to write depends on the facts (the asff reporter needs an importing account when the
/// results span several): asked after the facts are read and before anything is evaluated or written, it throws
/// <see cref="ReporterException"/> saying which option to set.
/// </summary>
public interface IReportPreflight
{
    void Preflight(IReadOnlyCollection<string> accountIds);
}
