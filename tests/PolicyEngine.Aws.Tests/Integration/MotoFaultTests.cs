using PolicyEngine.Aws.Collection;
using PolicyEngine.Aws.Tests.Support;
using PolicyEngine.Core.Facts;

namespace PolicyEngine.Aws.Tests.Integration;

/// <summary>Faults injected between the collectors and moto: retries happen, nothing is lost, permanent failures become errors.</summary>
[Collection(MotoCollection.Name)]
public sealed class MotoFaultTests(MotoFixture moto) : MotoCollectionTestBase(moto)
{
    [MotoFact]
    public async Task ThrottlingAndServerErrors_AreRetried_AndNoFactIsLost()
    {
        await using var clean = Proxy();
        var expected = (await CollectAsync(Options(clean))).Facts;
        await using var faulty = Proxy()
            .WithRandomFaults(0.25, Faults.Throttle, seed: 1)
            .WithRandomFaults(0.10, Faults.ServiceUnavailable, seed: 2);

        var actual = (await CollectAsync(Options(faulty) with { MaxAttempts = 10 })).Facts;

        Assert.Empty(actual.CollectionErrors);
        Assert.Equal(Describe(expected), Describe(actual));
        Assert.True(faulty.Requests.Count > clean.Requests.Count, "no request was retried");
    }

    [MotoFact]
    public async Task AccessDenied_BecomesCollectionErrors_ForTheFactsItHides()
    {
        await using var proxy = Proxy()
            .WithFault("iam:GetCredentialReport", Faults.AccessDenied)
            .WithFault("organizations:ListAccounts", Faults.AccessDenied)
            .WithFault("monitoring:DescribeAlarms", Faults.AccessDenied);

        var facts = (await CollectAsync(Options(proxy))).Facts;

        Assert.Empty(facts.RootCredentials);
        Assert.Empty(facts.IamUsers);
        Assert.Empty(facts.Accounts);
        Assert.Empty(facts.MetricAlarms);
        Assert.Contains(facts.CollectionErrors, e => e is { FactType: nameof(RootCredential), AccountId: MotoFixture.ManagementAccountId,
            Api: "iam:GetCredentialReport", ErrorCode: "AccessDenied" });
        Assert.Contains(facts.CollectionErrors, e => e is { FactType: nameof(IamUser), AccountId: MotoFixture.ManagementAccountId });
        Assert.Contains(facts.CollectionErrors, e => e is { FactType: nameof(Account), AccountId: null,
            Api: "organizations:ListAccounts", ErrorCode: "AccessDeniedException" });
        Assert.Contains(facts.CollectionErrors, e => e is { FactType: nameof(MetricAlarm), Api: "cloudwatch:DescribeAlarms" } && e.Region is not null);
        // Unaffected families are still collected; members' contacts cannot be asked for without the account list.
        Assert.NotNull(facts.Organization);
        Assert.Equal(3, facts.AlternateContacts.Count);
        Assert.Single(facts.CloudTrailTrails);
        Assert.DoesNotContain(SecretKey, string.Join("\n", facts.CollectionErrors.Select(e => e.Message)));
    }

    [MotoFact]
    public async Task NotAnOrganization_IsAnOrganizationWideError()
    {
        await using var proxy = Proxy().Intercept((request, _) => Task.FromResult(request.Service == "organizations"
            ? Faults.JsonError(400, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization.")
            : null));

        var facts = (await CollectAsync(Options(proxy))).Facts;

        Assert.Null(facts.Organization);
        Assert.All(facts.CollectionErrors, e => Assert.Equal("AWSOrganizationsNotInUseException", e.ErrorCode));
        Assert.Equal([nameof(Account), nameof(AccountPath), nameof(DelegatedAdministrator), nameof(Organization), nameof(ServiceControlPolicy), nameof(TrustedService)],
            facts.CollectionErrors.Select(e => e.FactType).Order());
        Assert.All(facts.CollectionErrors, e => Assert.True(e.IsOrganizationWide));
        Assert.Single(facts.RootCredentials);
    }

    [MotoFact]
    public async Task ACallThatNeverAnswers_TimesOut_IntoAnError()
    {
        // A timeout every other call meets with room to spare on a loaded machine, and a delay far beyond it.
        await using var proxy = Proxy().WithDelay("cloudtrail:DescribeTrails", TimeSpan.FromSeconds(60));

        var facts = (await CollectAsync(Options(proxy) with { CallTimeout = TimeSpan.FromSeconds(3), MaxAttempts = 2 })).Facts;

        var error = Assert.Single(facts.CollectionErrors);
        Assert.Equal((nameof(CloudTrailTrail), "cloudtrail:DescribeTrails", "RequestTimeout", Moto.Seed.Region),
            (error.FactType, error.Api, error.ErrorCode, error.Region));
        Assert.Empty(facts.CloudTrailTrails);
        Assert.NotEmpty(facts.EventBridgeRules);
    }

    [MotoFact]
    public async Task Cancellation_StopsTheRun()
    {
        await using var proxy = Proxy().WithDelay("iam:GetAccountSummary", TimeSpan.FromSeconds(5));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CollectAsync(Options(proxy), cts.Token));
    }

    [MotoFact]
    public async Task UnreachableStsStopsTheRunWithAClearMessage()
    {
        await using var proxy = Proxy().WithFault("sts:GetCallerIdentity", Faults.AccessDenied);

        var e = await Assert.ThrowsAsync<AwsCollectionException>(() => CollectAsync(Options(proxy) with { MaxAttempts = 1 }));

        Assert.Contains("sts:GetCallerIdentity", e.Message);
        Assert.DoesNotContain(SecretKey, e.ToString());
    }

    private static List<string> Describe(FactSet facts) =>
        [.. facts.All().Select(f => $"{f.GetType().Name} {f.AccountId} {f.ResourceId}").Order(StringComparer.Ordinal)];
}
