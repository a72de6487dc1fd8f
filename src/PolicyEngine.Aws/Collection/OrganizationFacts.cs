using PolicyEngine.Aws.Clients.Organizations;
using PolicyEngine.Core.Facts;

namespace PolicyEngine.Aws.Collection;

/// <summary>The organization, its accounts, trusted services, delegated administrators and service control policies.</summary>
internal static class OrganizationFacts
{
    /// <summary>Returns the accounts listed (empty when listing failed), for the collectors that go account by account.</summary>
    public static async Task<IReadOnlyList<Account>> CollectAsync(CollectionContext ctx)
    {
        var org = ctx.Clients.Organizations;
        var described = await ctx.TryAsync(nameof(Organization), null, org.DescribeOrganizationAsync);
        var managementId = described.Ok ? described.Value.ManagementAccountId : ctx.CallerAccountId;
        if (described.Ok)
        {
            var o = described.Value;
            ctx.Sink.Organization = new Organization(o.Id, o.Arn, o.FeatureSet, o.ManagementAccountId, o.ManagementAccountEmail, o.EnabledPolicyTypes);
        }

        var accounts = await CollectAccountsAsync(ctx, described.Ok ? managementId : null);
        await Task.WhenAll(
            CollectTrustedServicesAsync(ctx, managementId),
            CollectDelegatedAdministratorsAsync(ctx, managementId),
            CollectServiceControlPoliciesAsync(ctx, managementId));
        return accounts;
    }

    private static async Task<IReadOnlyList<Account>> CollectAccountsAsync(CollectionContext ctx, string? managementId)
    {
        var listed = await ctx.TryAsync(nameof(Account), null, ctx.Clients.Organizations.ListAccountsAsync);
        if (!listed.Ok) return [];
        var accounts = listed.Value.Select(a => new Account(a.Id, a.Arn, a.Name, a.Email, a.State, a.Id == managementId, a.JoinedMethod, a.JoinedTimestamp)).ToList();
        ctx.Sink.AddRange(accounts);
        return accounts;
    }

    private static async Task CollectTrustedServicesAsync(CollectionContext ctx, string managementId)
    {
        var listed = await ctx.TryAsync(nameof(TrustedService), null, ctx.Clients.Organizations.ListAwsServiceAccessAsync);
        if (listed.Ok)
            ctx.Sink.AddRange(listed.Value.Select(s => new TrustedService(managementId, s.ServicePrincipal, s.DateEnabled)));
    }

    /// <summary>ListDelegatedAdministrators names the accounts; ListDelegatedServicesForAccount names each one's services.</summary>
    private static async Task CollectDelegatedAdministratorsAsync(CollectionContext ctx, string managementId)
    {
        const string factType = nameof(DelegatedAdministrator);
        var admins = await ctx.TryAsync(factType, null, ctx.Clients.Organizations.ListDelegatedAdministratorsAsync);
        if (!admins.Ok) return;
        await ctx.ForEachAsync(admins.Value, async admin =>
        {
            var services = await ctx.TryAsync(factType, null, ct => ctx.Clients.Organizations.ListDelegatedServicesForAccountAsync(admin.AccountId, ct));
            if (services.Ok)
                ctx.Sink.AddRange(services.Value.Select(s => new DelegatedAdministrator(managementId, admin.AccountId, s.ServicePrincipal, s.DelegationEnabledDate)));
        });
    }

    /// <summary>A policy whose targets cannot be listed is left out (with an error), never reported as attached to nothing.</summary>
    private static async Task CollectServiceControlPoliciesAsync(CollectionContext ctx, string managementId)
    {
        const string factType = nameof(ServiceControlPolicy);
        var policies = await ctx.TryAsync(factType, null, ctx.Clients.Organizations.ListServiceControlPoliciesAsync);
        if (!policies.Ok) return;
        await ctx.ForEachAsync(policies.Value, async policy =>
        {
            var targets = await ctx.TryAsync(factType, null, ct => ctx.Clients.Organizations.ListTargetsForPolicyAsync(policy.Id, ct));
            if (targets.Ok)
                ctx.Sink.Add(new ServiceControlPolicy(managementId, policy.Id, policy.Arn, policy.Name, policy.AwsManaged,
                    targets.Value.Select(t => t.TargetId).Order(StringComparer.Ordinal).ToList()));
        });
    }
}
