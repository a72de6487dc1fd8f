using System.Runtime.CompilerServices;

namespace PolicyEngine.Core.Facts;

/// <summary>
/// Every fact of one snapshot, grouped by registered fact type (<see cref="FactCatalog"/>): one list per family, in
/// the catalog's order. Serialization, the snapshot schema, <see cref="Where"/>, <see cref="With"/> and
/// <see cref="All"/> all go through the catalog, so a new family needs nothing here: read it with
/// <see cref="Of{T}"/>, build a set with <see cref="From"/>. The named properties below are shorthands for
/// the families the engine and its tests read most.
/// </summary>
public sealed record FactSet
{
    // One slot per registered type (FactType.Index); a slot always holds an IReadOnlyList<T> of its type. Never
    // changed in place once the set is built: init and With copy the array, so sets made with `with` share nothing.
    private IReadOnlyList<IFact>[] _families = Empty();

    public Organization? Organization { get => One<Organization>(); init => Put<Organization>(value is null ? [] : [value]); }
    public OrganizationFeatures? OrganizationFeatures { get => One<OrganizationFeatures>(); init => Put<OrganizationFeatures>(value is null ? [] : [value]); }
    public IReadOnlyList<Account> Accounts { get => Of<Account>(); init => Put(value); }
    public IReadOnlyList<TrustedService> TrustedServices { get => Of<TrustedService>(); init => Put(value); }
    public IReadOnlyList<DelegatedAdministrator> DelegatedAdministrators { get => Of<DelegatedAdministrator>(); init => Put(value); }
    public IReadOnlyList<ServiceControlPolicy> ServiceControlPolicies { get => Of<ServiceControlPolicy>(); init => Put(value); }
    public IReadOnlyList<AccountPath> AccountPaths { get => Of<AccountPath>(); init => Put(value); }
    public IReadOnlyList<RootCredential> RootCredentials { get => Of<RootCredential>(); init => Put(value); }
    public IReadOnlyList<MfaDevice> MfaDevices { get => Of<MfaDevice>(); init => Put(value); }
    public IReadOnlyList<IamUser> IamUsers { get => Of<IamUser>(); init => Put(value); }
    public IReadOnlyList<AccessPrincipal> AccessPrincipals { get => Of<AccessPrincipal>(); init => Put(value); }
    public IReadOnlyList<ContactInformation> ContactInformation { get => Of<ContactInformation>(); init => Put(value); }
    public IReadOnlyList<AlternateContact> AlternateContacts { get => Of<AlternateContact>(); init => Put(value); }
    public IReadOnlyList<CloudTrailTrail> CloudTrailTrails { get => Of<CloudTrailTrail>(); init => Put(value); }
    public IReadOnlyList<EventBridgeRule> EventBridgeRules { get => Of<EventBridgeRule>(); init => Put(value); }
    public IReadOnlyList<MetricFilter> MetricFilters { get => Of<MetricFilter>(); init => Put(value); }
    public IReadOnlyList<MetricAlarm> MetricAlarms { get => Of<MetricAlarm>(); init => Put(value); }
    public IReadOnlyList<WorkloadResource> WorkloadResources { get => Of<WorkloadResource>(); init => Put(value); }
    public IReadOnlyList<InventoryGap> InventoryGaps { get => Of<InventoryGap>(); init => Put(value); }
    public IReadOnlyList<ServiceSpend> ServiceSpends { get => Of<ServiceSpend>(); init => Put(value); }
    public IReadOnlyList<RootEmailAttestation> RootEmailAttestations { get => Of<RootEmailAttestation>(); init => Put(value); }
    public IReadOnlyList<RootPasswordAttestation> RootPasswordAttestations { get => Of<RootPasswordAttestation>(); init => Put(value); }
    public IReadOnlyList<MfaDeviceAttestation> MfaDeviceAttestations { get => Of<MfaDeviceAttestation>(); init => Put(value); }
    public IReadOnlyList<PhoneAttestation> PhoneAttestations { get => Of<PhoneAttestation>(); init => Put(value); }
    public IReadOnlyList<AccessReviewAttestation> AccessReviewAttestations { get => Of<AccessReviewAttestation>(); init => Put(value); }
    public IReadOnlyList<ProcedureAttestation> ProcedureAttestations { get => Of<ProcedureAttestation>(); init => Put(value); }
    public IReadOnlyList<AlertResponseAttestation> AlertResponseAttestations { get => Of<AlertResponseAttestation>(); init => Put(value); }

    public IReadOnlyList<CollectionError> CollectionErrors { get; init; } = [];

    /// <summary>The facts of one registered type, in the order stored.</summary>
    public IReadOnlyList<T> Of<T>() where T : class, IFact => (IReadOnlyList<T>)_families[FactCatalog.Get<T>().Index];

    /// <summary>The facts of one registered type, in the order stored.</summary>
    public IReadOnlyList<IFact> Of(FactType type) => _families[type.Index];

    /// <summary>A fact set holding these facts, each in its type's family in the order given.</summary>
    /// <exception cref="ArgumentException">A fact's type is not registered, or a single-valued family gets two.</exception>
    public static FactSet From(IEnumerable<IFact> facts, IReadOnlyList<CollectionError>? errors = null)
    {
        var families = Empty();
        foreach (var group in facts.GroupBy(f => f.GetType()))
        {
            var type = FactCatalog.Find(group.Key) ?? throw new ArgumentException($"{group.Key.Name} is not a registered fact type (FactCatalog.All)", nameof(facts));
            var list = type.ListOf(group);
            if (type.IsSingle && list.Count > 1) throw new ArgumentException($"a fact set holds at most one {type.Name}", nameof(facts));
            families[type.Index] = list;
        }
        return new FactSet { _families = families, CollectionErrors = errors ?? [] };
    }

    /// <summary>All facts, in a stable order (by family in the catalog's order, then as stored).</summary>
    public IEnumerable<IFact> All()
    {
        foreach (var family in _families)
            foreach (var fact in family)
                yield return fact;
    }

    /// <summary>
    /// The same fact set with only the facts <paramref name="keep"/> accepts, in every family, and only the collection
    /// errors <paramref name="keepError"/> accepts.
    /// </summary>
    public FactSet Where(Func<IFact, bool> keep, Func<CollectionError, bool> keepError)
    {
        var families = Empty();
        foreach (var type in FactCatalog.All)
            families[type.Index] = type.ListOf(_families[type.Index].Where(keep));
        return this with { _families = families, CollectionErrors = CollectionErrors.Where(keepError).ToList() };
    }

    /// <summary>
    /// The fact set with <paramref name="facts"/> merged in: a fact replaces every fact of the same type, account and
    /// resource already here (the newer record wins, as an attestation file's entry replaces a snapshot's), the others
    /// are kept, and the new facts follow them in their family.
    /// </summary>
    public FactSet With(IEnumerable<IFact> facts)
    {
        var families = (IReadOnlyList<IFact>[])_families.Clone();
        foreach (var group in facts.GroupBy(f => f.GetType()))
        {
            var type = FactCatalog.Find(group.Key) ?? throw new ArgumentException($"{group.Key.Name} is not a registered fact type (FactCatalog.All)", nameof(facts));
            var added = group.ToList();
            var replaced = added.Select(Key).ToHashSet();
            families[type.Index] = type.ListOf([.. families[type.Index].Where(f => !replaced.Contains(Key(f))), .. added]);
        }
        return this with { _families = families };
    }

    /// <summary>The management account's ID, from the organization or the account list.</summary>
    public string? ManagementAccountId =>
        Organization?.ManagementAccountId ?? Accounts.FirstOrDefault(a => a.IsManagement)?.Id;

    public bool Equals(FactSet? other) =>
        other is not null && ReferenceEquals(CollectionErrors, other.CollectionErrors)
        && _families.Zip(other._families).All(pair => ReferenceEquals(pair.First, pair.Second));

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var family in _families) hash.Add(RuntimeHelpers.GetHashCode(family));
        hash.Add(RuntimeHelpers.GetHashCode(CollectionErrors));
        return hash.ToHashCode();
    }

    /// <summary>Used only while a snapshot is read (the JSON contract's setter): the set is not shared yet.</summary>
    internal void Load(FactType type, IReadOnlyList<IFact> facts) => Put(type, facts);

    private T? One<T>() where T : class, IFact => Of<T>() is [var one, ..] ? one : null;

    private void Put<T>(IReadOnlyList<T> facts) where T : class, IFact => Put(FactCatalog.Get<T>(), facts ?? []);

    private void Put(FactType type, IReadOnlyList<IFact> facts)
    {
        var families = (IReadOnlyList<IFact>[])_families.Clone();
        families[type.Index] = type.ListOf(facts);
        _families = families;
    }

    private static (string, string) Key(IFact fact) => (fact.AccountId, fact.ResourceId);

    private static readonly IReadOnlyList<IFact>[] NoFacts = [.. FactCatalog.All.Select(t => t.NoFacts)];

    private static IReadOnlyList<IFact>[] Empty() => (IReadOnlyList<IFact>[])NoFacts.Clone();
}
