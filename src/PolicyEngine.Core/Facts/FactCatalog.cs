using System.Collections.Frozen;

namespace PolicyEngine.Core.Facts;

/// <summary>
/// Every fact type, registered once. This list is the fact model: the names rule files use, the allow-list of types a
/// rule expression can reach, the families of <see cref="FactSet"/> (snapshot JSON, its schema, <c>Where</c>,
/// <c>With</c>, <c>All</c>) and the entries of attestations.yaml all come from it. A new fact family is its record
/// and one line here (plus the collector that produces it); a test fails for a fact record that is not registered.
/// </summary>
public static class FactCatalog
{
    public static readonly IReadOnlyList<FactType> All = Number(
    [
        FactType.Single<Organization>("organization"),
        FactType.Single<OrganizationFeatures>("organizationFeatures"),
        FactType.Many<Account>("accounts"),
        FactType.Many<TrustedService>("trustedServices"),
        FactType.Many<DelegatedAdministrator>("delegatedAdministrators"),
        FactType.Many<ServiceControlPolicy>("serviceControlPolicies"),
        FactType.Many<AccountPath>("accountPaths"),
        FactType.Many<RootCredential>("rootCredentials"),
        FactType.Many<MfaDevice>("mfaDevices"),
        FactType.Many<IamUser>("iamUsers"),
        FactType.Many<AccessPrincipal>("accessPrincipals"),
        FactType.Many<ContactInformation>("contactInformation"),
        FactType.Many<AlternateContact>("alternateContacts"),
        FactType.Many<CloudTrailTrail>("cloudTrailTrails"),
        FactType.Many<EventBridgeRule>("eventBridgeRules"),
        FactType.Many<MetricFilter>("metricFilters"),
        FactType.Many<MetricAlarm>("metricAlarms"),
        FactType.Many<WorkloadResource>("workloadResources"),
        FactType.Many<InventoryGap>("inventoryGaps"),
        FactType.Many<ServiceSpend>("serviceSpends"),
        FactType.Attested<RootEmailAttestation>("rootEmailAttestations", "rootEmail"),
        FactType.Attested<RootPasswordAttestation>("rootPasswordAttestations", "rootPassword"),
        FactType.Attested<MfaDeviceAttestation>("mfaDeviceAttestations", "mfaDevice"),
        FactType.Attested<PhoneAttestation>("phoneAttestations", "phone"),
        FactType.Attested<AccessReviewAttestation>("accessReviewAttestations", "accessReview"),
        FactType.Attested<ProcedureAttestation>("procedureAttestations", "procedures"),
        FactType.Attested<AlertResponseAttestation>("alertResponseAttestations", "alertResponse"),
    ]);

    private static readonly FrozenDictionary<string, FactType> ByName = All.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    private static readonly FrozenDictionary<Type, FactType> ByClrType = All.ToFrozenDictionary(t => t.ClrType);

    /// <summary>The fact type a rule file names (the record's name), or null.</summary>
    public static FactType? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The registration of a fact record's type, or null when it is not registered.</summary>
    public static FactType? Find(Type clrType) => ByClrType.GetValueOrDefault(clrType);

    /// <summary>The registration of <typeparamref name="T"/>; a fact record that is not registered is a programming error.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not registered.</exception>
    public static FactType<T> Get<T>() where T : class, IFact =>
        Registered<T>.Type ?? throw new InvalidOperationException($"{typeof(T).Name} is not registered in FactCatalog.All");

    private static IReadOnlyList<FactType> Number(FactType[] types)
    {
        for (var i = 0; i < types.Length; i++) types[i].Index = i;
        return types;
    }

    // One lookup per type, then a static field read on every FactSet access.
    private static class Registered<T> where T : class, IFact
    {
        public static readonly FactType<T>? Type = ByClrType.GetValueOrDefault(typeof(T)) as FactType<T>;
    }
}
