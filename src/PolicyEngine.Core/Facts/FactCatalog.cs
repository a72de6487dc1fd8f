using System.Collections.Frozen;

namespace PolicyEngine.Core.Facts;

/// <summary>One fact type that rules may match: its name in rule files and whether it is organization-wide.</summary>
public sealed record FactType(string Name, Type ClrType)
{
    public bool IsOrganizationWide => typeof(IOrganizationFact).IsAssignableFrom(ClrType);
    public bool IsAttestation => typeof(IAttestation).IsAssignableFrom(ClrType);
}

/// <summary>The fact types rules can name. This list is also the allow-list of types a rule expression can reach.</summary>
public static class FactCatalog
{
    public static readonly IReadOnlyList<FactType> All =
    [
        new(nameof(Organization), typeof(Organization)),
        new(nameof(OrganizationFeatures), typeof(OrganizationFeatures)),
        new(nameof(Account), typeof(Account)),
        new(nameof(TrustedService), typeof(TrustedService)),
        new(nameof(DelegatedAdministrator), typeof(DelegatedAdministrator)),
        new(nameof(ServiceControlPolicy), typeof(ServiceControlPolicy)),
        new(nameof(AccountPath), typeof(AccountPath)),
        new(nameof(RootCredential), typeof(RootCredential)),
        new(nameof(MfaDevice), typeof(MfaDevice)),
        new(nameof(IamUser), typeof(IamUser)),
        new(nameof(AccessPrincipal), typeof(AccessPrincipal)),
        new(nameof(ContactInformation), typeof(ContactInformation)),
        new(nameof(AlternateContact), typeof(AlternateContact)),
        new(nameof(CloudTrailTrail), typeof(CloudTrailTrail)),
        new(nameof(EventBridgeRule), typeof(EventBridgeRule)),
        new(nameof(MetricFilter), typeof(MetricFilter)),
        new(nameof(MetricAlarm), typeof(MetricAlarm)),
        new(nameof(WorkloadResource), typeof(WorkloadResource)),
        new(nameof(InventoryGap), typeof(InventoryGap)),
        new(nameof(ServiceSpend), typeof(ServiceSpend)),
        new(nameof(RootEmailAttestation), typeof(RootEmailAttestation)),
        new(nameof(RootPasswordAttestation), typeof(RootPasswordAttestation)),
        new(nameof(MfaDeviceAttestation), typeof(MfaDeviceAttestation)),
        new(nameof(PhoneAttestation), typeof(PhoneAttestation)),
        new(nameof(AccessReviewAttestation), typeof(AccessReviewAttestation)),
        new(nameof(ProcedureAttestation), typeof(ProcedureAttestation)),
        new(nameof(AlertResponseAttestation), typeof(AlertResponseAttestation)),
    ];

    private static readonly FrozenDictionary<string, FactType> ByName = All.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    public static FactType? Find(string name) => ByName.GetValueOrDefault(name);
}
