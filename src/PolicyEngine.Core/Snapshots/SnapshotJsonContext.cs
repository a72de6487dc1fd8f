using System.Text.Json.Serialization;
using PolicyEngine.Core.Facts;

namespace PolicyEngine.Core.Snapshots;

/// <summary>
/// The snapshot contract generated at build time: reading a snapshot builds no metadata by reflection and emits no
/// accessors at run time (about a fifth of a second of a cold read). Every family of <see cref="FactCatalog"/> is
/// listed, as the catalog lists them (a test keeps the two in step); anything missing falls back to reflection.
/// </summary>
[JsonSerializable(typeof(Snapshot))]
[JsonSerializable(typeof(IReadOnlyList<Organization>))]
[JsonSerializable(typeof(IReadOnlyList<OrganizationFeatures>))]
[JsonSerializable(typeof(IReadOnlyList<Account>))]
[JsonSerializable(typeof(IReadOnlyList<TrustedService>))]
[JsonSerializable(typeof(IReadOnlyList<DelegatedAdministrator>))]
[JsonSerializable(typeof(IReadOnlyList<ServiceControlPolicy>))]
[JsonSerializable(typeof(IReadOnlyList<AccountPath>))]
[JsonSerializable(typeof(IReadOnlyList<RootCredential>))]
[JsonSerializable(typeof(IReadOnlyList<MfaDevice>))]
[JsonSerializable(typeof(IReadOnlyList<IamUser>))]
[JsonSerializable(typeof(IReadOnlyList<AccessPrincipal>))]
[JsonSerializable(typeof(IReadOnlyList<ContactInformation>))]
[JsonSerializable(typeof(IReadOnlyList<AlternateContact>))]
[JsonSerializable(typeof(IReadOnlyList<CloudTrailTrail>))]
[JsonSerializable(typeof(IReadOnlyList<EventBridgeRule>))]
[JsonSerializable(typeof(IReadOnlyList<MetricFilter>))]
[JsonSerializable(typeof(IReadOnlyList<MetricAlarm>))]
[JsonSerializable(typeof(IReadOnlyList<WorkloadResource>))]
[JsonSerializable(typeof(IReadOnlyList<InventoryGap>))]
[JsonSerializable(typeof(IReadOnlyList<ServiceSpend>))]
[JsonSerializable(typeof(IReadOnlyList<RootEmailAttestation>))]
[JsonSerializable(typeof(IReadOnlyList<RootPasswordAttestation>))]
[JsonSerializable(typeof(IReadOnlyList<MfaDeviceAttestation>))]
[JsonSerializable(typeof(IReadOnlyList<PhoneAttestation>))]
[JsonSerializable(typeof(IReadOnlyList<AccessReviewAttestation>))]
[JsonSerializable(typeof(IReadOnlyList<ProcedureAttestation>))]
[JsonSerializable(typeof(IReadOnlyList<AlertResponseAttestation>))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
