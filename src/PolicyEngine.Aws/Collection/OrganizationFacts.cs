using PolicyEngine.Aws.Http;
using PolicyEngine.Core.Facts;

namespace PolicyEngine.Aws.Collection;

/// <summary>The organization, its accounts, trusted services, delegated administrators and service control policies.</summary>
internal static class OrganizationFacts
{
    /// <summary>Describes the organization; returns the management account's id, or null when that cannot be known.</summary>
    public static async Task<string?> DescribeAsync(CollectionContext ctx)
    {
        var described = await ctx.TryAsync(nameof(Organization), null, ctx.Clients.Organizations.DescribeOrganizationAsync);
        if (!described.Ok) return null;
        var o = described.Value;
        ctx.Sink.Organization = new Organization(o.Id, o.Arn, o.FeatureSet, o.ManagementAccountId, o.ManagementAccountEmail, o.EnabledPolicyTypes);
        return o.ManagementAccountId;
    }

    /// <summary>Trusted services, delegated administrators and service control policies.</summary>
    public static Task CollectGovernanceAsync(CollectionContext ctx, string managementId) =>
        Task.WhenAll(
            CollectTrustedServicesAsync(ctx, managementId),
            CollectDelegatedAdministratorsAsync(ctx, managementId),
            CollectServiceControlPoliciesAsync(ctx, managementId));

    /// <summary>
    /// Yields each account as its page arrives, so per-account work starts before the listing ends. A listing that fails
    /// midway keeps the accounts already read (they are real) and records an organization-wide error for the family.
    /// </summary>
    public static async IAsyncEnumerable<Account> StreamAccountsAsync(CollectionContext ctx, string? managementId)
    {
        await using var accounts = ctx.Clients.Organizations.ListAccountsAsync(ctx.Ct).GetAsyncEnumerator(ctx.Ct);
        while (true)
        {
            try
            {
                if (!await accounts.MoveNextAsync()) yield break;
            }
            catch (AwsServiceException e)
            {
                ctx.Record(nameof(Account), null, e);
                yield break;
            }
            var a = accounts.Current;
            var account = new Account(a.Id, a.Arn, a.Name, a.Email, a.State, a.Id == managementId, a.JoinedMethod, a.JoinedTimestamp);
            ctx.Sink.Add(account);
            yield return account;
        }
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
            // AccountNotRegisteredException: the account stopped being a delegated administrator after the listing.
            var services = await ctx.TryAsync(factType, null, ct => ctx.Clients.Organizations.ListDelegatedServicesForAccountAsync(admin.AccountId, ct),
                e => AwsErrorCodes.Bare(e.ErrorCode) == "AccountNotRegistered" ? new Answer<IReadOnlyList<Clients.Organizations.DelegatedService>>([], "no delegated services") : null);
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
