namespace PolicyEngine.Core.Facts;

/// <summary>Every fact of one snapshot, grouped by type. The JSON property names are the fact families' names in snapshots and rule tests.</summary>
public sealed record FactSet
{
    public Organization? Organization { get; init; }
    public OrganizationFeatures? OrganizationFeatures { get; init; }
    public IReadOnlyList<Account> Accounts { get; init; } = [];
    public IReadOnlyList<TrustedService> TrustedServices { get; init; } = [];
    public IReadOnlyList<DelegatedAdministrator> DelegatedAdministrators { get; init; } = [];
    public IReadOnlyList<ServiceControlPolicy> ServiceControlPolicies { get; init; } = [];
    public IReadOnlyList<AccountPath> AccountPaths { get; init; } = [];
    public IReadOnlyList<RootCredential> RootCredentials { get; init; } = [];
    public IReadOnlyList<MfaDevice> MfaDevices { get; init; } = [];
    public IReadOnlyList<IamUser> IamUsers { get; init; } = [];
    public IReadOnlyList<AccessPrincipal> AccessPrincipals { get; init; } = [];
    public IReadOnlyList<ContactInformation> ContactInformation { get; init; } = [];
    public IReadOnlyList<AlternateContact> AlternateContacts { get; init; } = [];
    public IReadOnlyList<CloudTrailTrail> CloudTrailTrails { get; init; } = [];
    public IReadOnlyList<EventBridgeRule> EventBridgeRules { get; init; } = [];
    public IReadOnlyList<MetricFilter> MetricFilters { get; init; } = [];
    public IReadOnlyList<MetricAlarm> MetricAlarms { get; init; } = [];
    public IReadOnlyList<WorkloadResource> WorkloadResources { get; init; } = [];
    public IReadOnlyList<InventoryGap> InventoryGaps { get; init; } = [];
    public IReadOnlyList<ServiceSpend> ServiceSpends { get; init; } = [];
    public IReadOnlyList<RootEmailAttestation> RootEmailAttestations { get; init; } = [];
    public IReadOnlyList<RootPasswordAttestation> RootPasswordAttestations { get; init; } = [];
    public IReadOnlyList<MfaDeviceAttestation> MfaDeviceAttestations { get; init; } = [];
    public IReadOnlyList<PhoneAttestation> PhoneAttestations { get; init; } = [];
    public IReadOnlyList<AccessReviewAttestation> AccessReviewAttestations { get; init; } = [];
    public IReadOnlyList<ProcedureAttestation> ProcedureAttestations { get; init; } = [];
    public IReadOnlyList<AlertResponseAttestation> AlertResponseAttestations { get; init; } = [];
    public IReadOnlyList<CollectionError> CollectionErrors { get; init; } = [];

    /// <summary>All facts, in a stable order (by family, then as stored).</summary>
    public IEnumerable<IFact> All()
    {
        if (Organization is not null) yield return Organization;
        if (OrganizationFeatures is not null) yield return OrganizationFeatures;
        foreach (var family in Families())
            foreach (var fact in family)
                yield return fact;
    }

    private IEnumerable<IEnumerable<IFact>> Families() =>
    [
        Accounts, TrustedServices, DelegatedAdministrators, ServiceControlPolicies, AccountPaths, RootCredentials, MfaDevices, IamUsers, AccessPrincipals,
        ContactInformation, AlternateContacts, CloudTrailTrails, EventBridgeRules, MetricFilters, MetricAlarms,
        WorkloadResources, InventoryGaps, ServiceSpends, RootEmailAttestations, RootPasswordAttestations, MfaDeviceAttestations, PhoneAttestations,
        AccessReviewAttestations, ProcedureAttestations, AlertResponseAttestations,
    ];

    /// <summary>
    /// The same fact set with only the facts <paramref name="keep"/> accepts, in every family, and only the collection
    /// errors <paramref name="keepError"/> accepts. Kept here, beside the families, so a new family is never forgotten.
    /// </summary>
    public FactSet Where(Func<IFact, bool> keep, Func<CollectionError, bool> keepError)
    {
        List<T> Filter<T>(IEnumerable<T> facts) where T : IFact => facts.Where(f => keep(f)).ToList();
        return this with
        {
            Organization = Organization is { } organization && keep(organization) ? organization : null,
            OrganizationFeatures = OrganizationFeatures is { } features && keep(features) ? features : null,
            Accounts = Filter(Accounts),
            TrustedServices = Filter(TrustedServices),
            DelegatedAdministrators = Filter(DelegatedAdministrators),
            ServiceControlPolicies = Filter(ServiceControlPolicies),
            AccountPaths = Filter(AccountPaths),
            RootCredentials = Filter(RootCredentials),
            MfaDevices = Filter(MfaDevices),
            IamUsers = Filter(IamUsers),
            AccessPrincipals = Filter(AccessPrincipals),
            ContactInformation = Filter(ContactInformation),
            AlternateContacts = Filter(AlternateContacts),
            CloudTrailTrails = Filter(CloudTrailTrails),
            EventBridgeRules = Filter(EventBridgeRules),
            MetricFilters = Filter(MetricFilters),
            MetricAlarms = Filter(MetricAlarms),
            WorkloadResources = Filter(WorkloadResources),
            InventoryGaps = Filter(InventoryGaps),
            ServiceSpends = Filter(ServiceSpends),
            RootEmailAttestations = Filter(RootEmailAttestations),
            RootPasswordAttestations = Filter(RootPasswordAttestations),
            MfaDeviceAttestations = Filter(MfaDeviceAttestations),
            PhoneAttestations = Filter(PhoneAttestations),
            AccessReviewAttestations = Filter(AccessReviewAttestations),
            ProcedureAttestations = Filter(ProcedureAttestations),
            AlertResponseAttestations = Filter(AlertResponseAttestations),
            CollectionErrors = CollectionErrors.Where(keepError).ToList(),
        };
    }

    /// <summary>The management account's ID, from the organization or the account list.</summary>
    public string? ManagementAccountId =>
        Organization?.ManagementAccountId ?? Accounts.FirstOrDefault(a => a.IsManagement)?.Id;
}
