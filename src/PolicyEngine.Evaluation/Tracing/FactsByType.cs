namespace PolicyEngine.Evaluation.Tracing;

/// <summary>
/// A partition's facts by type, shared by the traces of all its rules. A type is gathered when a trace first asks for
/// it: the traces of a partition ask for a few of its types, so indexing every fact up front cost more than it saved.
/// </summary>
public sealed class FactsByType(Partition partition)
{
    private readonly Dictionary<Type, List<object>> _byType = new(8); // the few types a partition's traces ask for

    public IReadOnlyList<object> Of(Type type)
    {
        if (_byType.TryGetValue(type, out var facts)) return facts;
        facts = [];
        // By index: a foreach over the list's interface would allocate an enumerator for each type of each partition.
        var all = partition.Facts;
        // Fact records are sealed: an exact match is a type check the JIT does cheaply; a base type or interface gathers its kinds.
        if (type.IsSealed)
        {
            for (var i = 0; i < all.Count; i++)
                if (all[i].GetType() == type) facts.Add(all[i]);
        }
        else
        {
            for (var i = 0; i < all.Count; i++)
                if (type.IsInstanceOfType(all[i])) facts.Add(all[i]);
        }
        _byType[type] = facts;
        return facts;
    }
}
