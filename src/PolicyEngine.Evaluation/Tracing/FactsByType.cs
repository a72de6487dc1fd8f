namespace PolicyEngine.Evaluation.Tracing;

/// <summary>A partition's facts by type, indexed in one pass and shared by the traces of all its rules.</summary>
public sealed class FactsByType
{
    private readonly Partition _partition;
    private readonly Dictionary<Type, List<object>> _byType = [];

    public FactsByType(Partition partition)
    {
        _partition = partition;
        foreach (var fact in partition.Facts)
        {
            var type = fact.GetType();
            if (!_byType.TryGetValue(type, out var facts)) _byType[type] = facts = [];
            facts.Add(fact);
        }
    }

    public IReadOnlyList<object> Of(Type type)
    {
        if (_byType.TryGetValue(type, out var facts)) return facts;
        // Fact records are sealed, so a type not indexed has no facts; a base type or interface gathers its kinds once.
        _byType[type] = facts = type.IsSealed ? [] : [.. _partition.Facts.Where(f => type.IsInstanceOfType(f))];
        return facts;
    }
}
