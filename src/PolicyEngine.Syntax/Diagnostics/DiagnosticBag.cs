namespace PolicyEngine.Diagnostics;

/// <summary>Collects every diagnostic of a load, in order, so that all problems are reported at once.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];
    private int _errors;

    public IReadOnlyList<Diagnostic> Items => _items;
    public bool HasErrors => _errors > 0;

    public void Add(Diagnostic diagnostic)
    {
        _items.Add(diagnostic);
        if (diagnostic.Severity == DiagnosticSeverity.Error) _errors++;
    }

    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics) Add(diagnostic);
    }

    /// <summary>Marks this point of the load; <see cref="HasErrorsSince"/> then says whether a step after it found an error.</summary>
    public DiagnosticCheckpoint Checkpoint() => new(_errors);

    public bool HasErrorsSince(DiagnosticCheckpoint checkpoint) => _errors > checkpoint.Errors;

    public IReadOnlyList<Diagnostic> Sorted() =>
        _items.OrderBy(d => d.Location.Path, StringComparer.Ordinal)
              .ThenBy(d => d.Location.Line)
              .ThenBy(d => d.Location.Column)
              .ThenBy(d => d.Id, StringComparer.Ordinal)
              .ToList();
}

/// <summary>A point in a <see cref="DiagnosticBag"/>'s history: how many errors it held then.</summary>
public readonly record struct DiagnosticCheckpoint(int Errors);
