using PolicyEngine.Aws.Collection;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Tests.Policy;
using PolicyEngine.Aws.Tests.Support;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Snapshots;

namespace PolicyEngine.Aws.Tests.Integration;

/// <summary>The whole collector against moto_server seeded with boto3: every fact family, over the real protocols.</summary>
[Collection(MotoCollection.Name)]
public sealed class MotoCollectionTests(MotoFixture moto) : MotoCollectionTestBase(moto)
{
    private const string Management = MotoFixture.ManagementAccountId;

    [MotoFact]
    public async Task CollectsEveryFactFamily()
    {
        await using var proxy = Proxy();
        var progress = new List<CollectionProgress>();

        var snapshot = await new OrganizationCollector().CollectAsync(Options(proxy), new SyncProgress(progress), CancellationToken.None);
        var facts = snapshot.Facts;

        Assert.Empty(facts.CollectionErrors);
        Assert.Equal(Management, facts.Organization!.ManagementAccountId);
        Assert.True(facts.Organization.AllFeatures);
        Assert.Contains("SERVICE_CONTROL_POLICY", facts.Organization.EnabledPolicyTypes);
        Assert.Equal(MotoFixture.MemberCount + 1, facts.Accounts.Count);
        Assert.Equal(Management, Assert.Single(facts.Accounts, a => a.IsManagement).Id);
        Assert.Equal(["account.amazonaws.com", "config.amazonaws.com"], facts.TrustedServices.Select(s => s.ServicePrincipal).Order());
        var admin = Assert.Single(facts.DelegatedAdministrators);
        Assert.Equal((Moto.Seed.Members[0], "guardduty.amazonaws.com"), (admin.DelegateAccountId, admin.ServicePrincipal));
        Assert.Equal([Moto.Seed.RootId], Assert.Single(facts.ServiceControlPolicies, p => p.Id == Moto.Seed.Scp).TargetIds);
        Assert.Contains("organizations:LeaveOrganization", Assert.Single(facts.ServiceControlPolicies, p => p.Id == Moto.Seed.Scp).Content);
        Assert.Equal(MotoFixture.MemberCount + 1, facts.AccountPaths.Count);
        Assert.All(facts.AccountPaths, p => Assert.Equal([Moto.Seed.RootId], p.ParentIds));

        var root = Assert.Single(facts.RootCredentials);
        Assert.True(root.MfaActive);
        Assert.False(root.AccessKeysPresent);
        Assert.Equal(new DateTimeOffset(2016, 10, 7, 14, 30, 0, TimeSpan.Zero), root.PasswordLastUsed);
        Assert.Contains(facts.MfaDevices, d => d.SerialNumber.EndsWith("alice-mfa", StringComparison.Ordinal) && d.IsVirtual);
        Assert.Equal(1, Assert.Single(facts.IamUsers, u => u.UserName == "alice").ActiveAccessKeys);
        Assert.True(Assert.Single(facts.IamUsers, u => u.UserName == "bob").HasConsolePassword);
        Assert.True(facts.OrganizationFeatures!.RootCredentialsManagement);

        // Who can reach the management account: IAM (GetAccountAuthorizationDetails) and Identity Center (sso-admin, identitystore).
        Assert.Equal(["IAM role partner-audit", "IAM user alice", "IAM user bob", "Identity Center user carol"],
            facts.AccessPrincipals.Select(p => $"{p.Kind} {p.Name}").Order());
        var alice = Assert.Single(facts.AccessPrincipals, p => p.Name == "alice");
        Assert.Equal("every action (*)", Policies.IdentityPolicy.AdministrativeGrant(alice.ManagedPolicyArns, alice.PolicyDocuments.Select(Policies.PolicyDocument.Parse)));
        Assert.Equal("groups org-admins", Assert.Single(facts.AccessPrincipals, p => p.Name == "bob").Via);
        Assert.Equal("trusted by arn:aws:iam::222222222222:root", Assert.Single(facts.AccessPrincipals, p => p.Name == "partner-audit").Via);
        var carol = Assert.Single(facts.AccessPrincipals, p => p.Name == "carol");
        Assert.Equal(("permission set AdministratorAccess through group ops", "arn:aws:iam::aws:policy/AdministratorAccess"),
            (carol.Via, Assert.Single(carol.ManagedPolicyArns)));

        Assert.True(Assert.Single(facts.ContactInformation).HasPhoneNumber);
        var contacts = facts.AlternateContacts.ToDictionary(c => (c.AccountId, c.Type));
        Assert.Equal(3 + MotoFixture.MemberCount, contacts.Count);
        Assert.True(contacts[(Management, "SECURITY")].IsSet);
        Assert.False(contacts[(Management, "BILLING")].IsSet);
        Assert.Equal("sec0@example.com", contacts[(Moto.Seed.Members[0], "SECURITY")].EmailAddress);
        Assert.False(contacts[(Moto.Seed.Members[1], "SECURITY")].IsSet);

        var trail = Assert.Single(facts.CloudTrailTrails);
        Assert.Equal(Moto.Seed.TrailArn, trail.Arn);
        Assert.True(trail.IsLogging && trail.IsMultiRegion && trail.LogFileValidationEnabled && trail.IncludesManagementEvents);
        Assert.Equal("All", trail.ReadWriteType);
        Assert.Equal([Moto.Seed.Region, "us-east-1"], facts.EventBridgeRules.Select(r => r.Region).Order());
        Assert.All(facts.EventBridgeRules, r => Assert.Equal(1, r.TargetCount));
        Assert.Equal(("RootUsage", "CIS"), facts.MetricFilters.Select(f => (f.MetricName, f.MetricNamespace)).Single());
        Assert.True(Assert.Single(facts.MetricAlarms).HasActions);

        // The inventory and Cost Explorer come from the stub (moto has neither): an empty account here.
        Assert.Empty(facts.WorkloadResources);
        Assert.Empty(facts.ServiceSpends);
        Assert.True(facts.EventBridgeRules.All(r => r.TargetArns is [var topic] && topic.EndsWith(":root-alerts", StringComparison.Ordinal)));

        Assert.Equal(6, progress.Count);
        Assert.Equal(6, progress.Max(p => p.CompletedStages));
    }

    [MotoFact]
    public async Task EveryActionSentIsInTheIamPolicy()
    {
        await using var proxy = Proxy();

        await CollectAsync(Options(proxy));

        var declared = IamPolicyTests.DeclaredOperations()
            .Select(o => $"{o.Service.SigningName}:{o.Name}").ToHashSet(StringComparer.Ordinal);
        var sent = proxy.Requests.Where(Faults.IsHandWritten).Select(r => r.Action).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(sent.Except(declared));
        Assert.True(sent.Count >= 20, $"only {sent.Count} distinct actions were sent");
    }

    [MotoFact]
    public async Task SnapshotRoundTripsAndHoldsNoSecrets()
    {
        await using var proxy = Proxy();
        var path = Path.Combine(Path.GetTempPath(), $"aws-snapshot-{Guid.NewGuid():N}.json");

        var snapshot = await CollectAsync(Options(proxy));
        SnapshotSerializer.Write(snapshot, path);
        try
        {
            var text = await File.ReadAllTextAsync(path);
            Assert.DoesNotContain(SecretKey, text);
            Assert.DoesNotContain("AKIDMOTOTESTING", text);
            var read = SnapshotSerializer.Read(path);
            Assert.Equal(snapshot.Facts.All().Count(), read.Facts.All().Count());
            Assert.Equal(Snapshot.CurrentSchemaVersion, read.SchemaVersion);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [MotoFact]
    public async Task MotosMissingRootRow_IsAnError_NotAFabricatedFact()
    {
        await using var proxy = new AwsStubProxy(Moto.Endpoint).WithMotoGaps(rootRow: "");

        var facts = (await CollectAsync(Options(proxy))).Facts;

        Assert.Empty(facts.RootCredentials);
        var error = Assert.Single(facts.CollectionErrors);
        Assert.Equal((nameof(RootCredential), Management, "iam:GetCredentialReport", "RootRowMissing"),
            (error.FactType, error.AccountId, error.Api, error.ErrorCode));
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; this one records synchronously.</summary>
    private sealed class SyncProgress(List<CollectionProgress> sink) : IProgress<CollectionProgress>
    {
        public void Report(CollectionProgress value)
        {
            lock (sink) sink.Add(value);
        }
    }
}

/// <summary>The official SDK client that remains (STS), pointed at moto by endpoint override and paced by the same pipeline.</summary>
[Collection(MotoCollection.Name)]
public sealed class MotoSdkClientTests(MotoFixture moto) : MotoCollectionTestBase(moto)
{
    [MotoFact]
    public async Task CallerIdentity_ComesFromTheSdkClient()
    {
        await using var proxy = Proxy();
        var options = Options(proxy).ToClientOptions(Moto.Seed.Region);
        using var handler = AwsHttp.CreateHandler();
        using var pipeline = new PolicyEngine.Aws.Resilience.AwsCallPipeline(options);
        using var sts = new PolicyEngine.Aws.Sdk.SdkStsClient(Options(proxy).Credentials!, pipeline, handler);

        var caller = await sts.GetCallerIdentityAsync(CancellationToken.None);

        Assert.Equal(MotoFixture.ManagementAccountId, caller.AccountId);
        Assert.Equal(1, pipeline.Statistics.Attempts);
    }
}
