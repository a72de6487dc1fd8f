using PolicyEngine.Core.Results;

namespace PolicyEngine.Reporting;

/// <summary>
/// The usual shape of a reporter: build the whole text, then write it in one go (atomically for a file).
/// Built-in reporters derive from it; third-party ones may too, or implement <see cref="IReporter"/> directly.
/// </summary>
public abstract class TextReporter : IReporter
{
    public abstract string Name { get; }

    public Task WriteAsync(EvaluationReport report, ReportTarget target, CancellationToken cancellationToken) =>
        target.WriteTextAsync(Render(report, target), cancellationToken);

    /// <summary>The complete report text; <paramref name="target"/> tells, for example, whether colour is allowed.</summary>
    protected abstract string Render(EvaluationReport report, ReportTarget target);
}
