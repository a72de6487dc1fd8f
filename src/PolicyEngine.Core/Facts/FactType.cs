using System.Text.Json.Serialization.Metadata;

namespace PolicyEngine.Core.Facts;

/// <summary>
/// One registered fact type (see <see cref="FactCatalog"/>): the record rules match, the name rule files use, and its
/// family in a snapshot. A fact is identified by its type, <see cref="IFact.AccountId"/> and <see cref="IFact.ResourceId"/>.
/// </summary>
public abstract class FactType
{
    private protected FactType(Type clrType, string family, bool isSingle, string? attestationKey)
    {
        ClrType = clrType;
        Family = family;
        IsSingle = isSingle;
        AttestationKey = attestationKey;
    }

    /// <summary>The name rule files use: the record's name.</summary>
    public string Name => ClrType.Name;

    public Type ClrType { get; }

    /// <summary>The family's property in a snapshot's <c>facts</c> and in rule tests (camelCase, usually plural).</summary>
    public string Family { get; }

    /// <summary>At most one per snapshot (the organization), written as an object rather than a list.</summary>
    public bool IsSingle { get; }

    /// <summary>The entry's key in attestations.yaml, for facts people attest; null for collected facts.</summary>
    public string? AttestationKey { get; }

    public bool IsOrganizationWide => typeof(IOrganizationFact).IsAssignableFrom(ClrType);

    public bool IsAttestation => AttestationKey is not null;

    /// <summary>Position in <see cref="FactCatalog.All"/>: the family's slot in a <see cref="FactSet"/>.</summary>
    internal int Index { get; set; }

    public static FactType<T> Many<T>(string family) where T : class, IFact => new(family, isSingle: false, attestationKey: null);

    public static FactType<T> Single<T>(string family) where T : class, IFact => new(family, isSingle: true, attestationKey: null);

    public static FactType<T> Attested<T>(string family, string attestationKey) where T : class, IAttestation => new(family, isSingle: false, attestationKey);

    /// <summary>An empty list of this type.</summary>
    internal abstract IReadOnlyList<IFact> NoFacts { get; }

    /// <summary>The facts as this type's list (<c>IReadOnlyList&lt;T&gt;</c>), in the order given.</summary>
    internal abstract IReadOnlyList<IFact> ListOf(IEnumerable<IFact> facts);

    /// <summary>The family's property in the JSON contract of <see cref="FactSet"/>.</summary>
    internal abstract JsonPropertyInfo JsonProperty(JsonTypeInfo factSet);

    public override string ToString() => Name;
}

/// <summary>The registration of fact records of type <typeparamref name="T"/>.</summary>
public sealed class FactType<T> : FactType where T : class, IFact
{
    internal FactType(string family, bool isSingle, string? attestationKey) : base(typeof(T), family, isSingle, attestationKey) { }

    internal override IReadOnlyList<IFact> NoFacts => Array.Empty<T>();

    internal override IReadOnlyList<IFact> ListOf(IEnumerable<IFact> facts) => facts is IReadOnlyList<T> typed ? typed : facts.Cast<T>().ToList();

    internal override JsonPropertyInfo JsonProperty(JsonTypeInfo factSet)
    {
        var property = factSet.CreateJsonPropertyInfo(IsSingle ? typeof(T) : typeof(IReadOnlyList<T>), Family);
        property.Get = IsSingle ? set => ((FactSet)set).Of<T>() is [var one] ? one : null : set => ((FactSet)set).Of<T>();
        property.Set = (set, value) => ((FactSet)set).Load(this, value switch
        {
            null => [],
            T one => [one],
            _ => (IReadOnlyList<T>)value,
        });
        // A family may be left out; a list may not be null (an organization may).
        property.IsRequired = false;
        property.IsGetNullable = IsSingle;
        property.IsSetNullable = IsSingle;
        return property;
    }
}
