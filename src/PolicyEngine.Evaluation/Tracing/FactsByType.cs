namespace PolicyEngine.Evaluation.Tracing;

/// <summary>A partition's facts by type, built as types are asked for and shared by the traces of all its rules.</summary>
public sealed class FactsByType(Partition partition)
{
    private readonly Dictionary<Type, List<object>> _byType = [];

    public IReadOnlyList<object> Of(Type type)
    {
        if (!_byType.TryGetValue(type, out var facts))
            _byType[type] = facts = partition.Facts.Where(type.IsInstanceOfType).ToList();
        return facts;
    }
}
