namespace PolicyEngine.Evaluation.Tracing;

/// <summary>
/// A partition's facts by type, shared by the traces of all its rules. A type is gathered when a trace first asks for
/// it: the traces of a partition ask for a few of its types, so indexing every fact up front cost more than it saved.
/// </summary>
public sealed class FactsByType(Partition partition)
{
    private readonly Dictionary<Type, List<object>> _byType = [];

    public IReadOnlyList<object> Of(Type type)
    {
        if (_byType.TryGetValue(type, out var facts)) return facts;
        facts = [];
        // Fact records are sealed: an exact match is a type check the JIT does cheaply; a base type or interface gathers its kinds.
        if (type.IsSealed)
        {
            foreach (var fact in partition.Facts)
                if (fact.GetType() == type) facts.Add(fact);
        }
        else
        {
            foreach (var fact in partition.Facts)
                if (type.IsInstanceOfType(fact)) facts.Add(fact);
        }
        _byType[type] = facts;
        return facts;
    }
}
