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

    /// <summary>Trusted services, delegated administrators, service control policies and where each account sits.</summary>
    public static async Task CollectGovernanceAsync(CollectionContext ctx, string managementId)
    {
        var unreadable = new List<(ServiceControlPolicy Policy, AwsServiceException Error)>();
        var walked = CollectAccountPathsAsync(ctx);
        await Task.WhenAll(
            CollectTrustedServicesAsync(ctx, managementId),
            CollectDelegatedAdministratorsAsync(ctx, managementId),
            CollectServiceControlPoliciesAsync(ctx, managementId, unreadable),
            walked).ConfigureAwait(false);
        RecordUnreadablePolicies(ctx, managementId, unreadable, await walked.ConfigureAwait(false));
    }

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

    /// <summary>
    /// A policy whose targets cannot be listed is kept with unknown targets (and an organization-wide error), never
    /// reported as attached to nothing: an Allow it might grant somewhere decides whether an implicit deny holds. A policy
    /// deleted after the listing is left out: it no longer applies anywhere. A policy whose document cannot be read is
    /// kept without it, so that rules can name it; its error is recorded later, for the accounts it governs.
    /// </summary>
    private static async Task CollectServiceControlPoliciesAsync(CollectionContext ctx, string managementId,
        List<(ServiceControlPolicy Policy, AwsServiceException Error)> unreadable)
    {
        const string factType = nameof(ServiceControlPolicy);
        var policies = await ctx.TryAsync(factType, null, ctx.Clients.Organizations.ListServiceControlPoliciesAsync);
        if (!policies.Ok) return;
        await ctx.ForEachAsync(policies.Value, async policy =>
        {
            var targets = await ctx.TryAsync<IReadOnlyList<Clients.Organizations.PolicyTarget>?>(factType, null,
                async ct => await ctx.Clients.Organizations.ListTargetsForPolicyAsync(policy.Id, ct).ConfigureAwait(false),
                e => AwsErrorCodes.Bare(e.ErrorCode) == "PolicyNotFound" ? new(null, "deleted since the listing") : null);
            if (targets.Ok && targets.Value is null) return;
            string? content = null;
            AwsServiceException? failure = null;
            try
            {
                content = await ctx.Clients.Organizations.DescribePolicyContentAsync(policy.Id, ctx.Ct).ConfigureAwait(false);
            }
            catch (AwsServiceException e)
            {
                failure = e;
            }
            var fact = new ServiceControlPolicy(managementId, policy.Id, policy.Arn, policy.Name, policy.AwsManaged,
                targets.Ok ? targets.Value!.Select(t => t.TargetId).Order(StringComparer.Ordinal).ToList() : null, content);
            ctx.Sink.Add(fact);
            if (failure is not null)
                lock (unreadable) unreadable.Add((fact, failure));
        });
    }

    /// <summary>
    /// Walks the tree from the root: each account's path is the root and the OUs above it. A listing that fails keeps
    /// the paths already found (they are right) and records an organization-wide error, so accounts whose path is
    /// missing read as unknown. Returns the paths, or null when the root itself could not be listed.
    /// </summary>
    private static async Task<IReadOnlyList<AccountPath>?> CollectAccountPathsAsync(CollectionContext ctx)
    {
        const string factType = nameof(AccountPath);
        var roots = await ctx.TryAsync(factType, null, ctx.Clients.Organizations.ListRootsAsync).ConfigureAwait(false);
        if (!roots.Ok) return null;
        var paths = new List<AccountPath>();
        var complete = true;
        var level = roots.Value.Select(root => (Id: root, Path: (IReadOnlyList<string>)[root])).ToList();
        while (level.Count > 0)
        {
            var next = new List<(string Id, IReadOnlyList<string> Path)>();
            await ctx.ForEachAsync(level, async parent =>
            {
                var accounts = await ctx.TryAsync(factType, null, ct => ctx.Clients.Organizations.ListAccountsForParentAsync(parent.Id, ct)).ConfigureAwait(false);
                var units = await ctx.TryAsync(factType, null, ct => ctx.Clients.Organizations.ListOrganizationalUnitsForParentAsync(parent.Id, ct)).ConfigureAwait(false);
                lock (paths)
                {
                    complete &= accounts.Ok && units.Ok;
                    if (accounts.Ok) paths.AddRange(accounts.Value.Select(id => new AccountPath(id, parent.Path)));
                    if (units.Ok) next.AddRange(units.Value.Select(ou => (ou, (IReadOnlyList<string>)[.. parent.Path, ou])));
                }
            }).ConfigureAwait(false);
            level = next;
        }
        ctx.Sink.AddRange(paths);
        return complete ? paths : null;
    }

    /// <summary>
    /// An SCP that could not be read leaves unknown only the accounts it governs (those below a target it is attached
    /// to); when the tree is incomplete or the policy's targets are unknown, that cannot be told, and the error is
    /// organization-wide. A policy that governs
    /// no account is recorded against the management account, which SCPs never restrict.
    /// </summary>
    private static void RecordUnreadablePolicies(CollectionContext ctx, string managementId, List<(ServiceControlPolicy Policy, AwsServiceException Error)> unreadable,
        IReadOnlyList<AccountPath>? paths)
    {
        foreach (var (policy, error) in unreadable)
        {
            IReadOnlyList<string?> governed = paths is null || policy.TargetIds is null
                ? [null]
                : paths.Where(p => p.Targets.Intersect(policy.TargetIds, StringComparer.Ordinal).Any()).Select(p => (string?)p.AccountId).ToList();
            // Attached only where no account is: nobody depends on it, but the run still reports it as incomplete.
            ctx.RecordFor(nameof(ServiceControlPolicy), governed.Count > 0 ? governed : [managementId], policy.Id, error);
        }
    }
}
