using System.Collections.Concurrent;
using PolicyEngine.Aws.Clients.Iam;
using PolicyEngine.Aws.Clients.IdentityCenter;
using PolicyEngine.Aws.Http;
using PolicyEngine.Core.Facts;
using PolicyEngine.Policies;

namespace PolicyEngine.Aws.Collection;

/// <summary>
/// Who can act in the caller's (management) account and with which policies: IAM users and the roles other accounts or
/// identity providers can assume (GetAccountAuthorizationDetails), and the Identity Center users assigned, directly or
/// through a group, to a permission set provisioned to the account. Whatever could not be read is an
/// <see cref="AccessPrincipal"/> collection error, so a rule counting administrators cannot pass on it.
/// </summary>
internal static class AccessFacts
{
    private const string FactType = nameof(AccessPrincipal);

    /// <summary>Identity Center's own roles (AWSReservedSSO_*) are reported as the people assigned, not as roles.</summary>
    private const string IdentityCenterRolePath = "/aws-reserved/sso.amazonaws.com/";

    private const string ServiceLinkedRolePath = "/aws-service-role/";

    private static readonly string IamApi = IamClient.GetAccountAuthorizationDetails.IamAction;
    private static readonly string SsoApi = IdentityCenterClient.DescribePermissionSet.IamAction;

    public static async Task CollectAsync(CollectionContext ctx)
    {
        var details = await ctx.TryAsync(FactType, ctx.CallerAccountId, ctx.Clients.Iam.GetAccountAuthorizationDetailsAsync).ConfigureAwait(false);
        if (details.Ok) AddIamPrincipals(ctx, details.Value);
        await CollectIdentityCenterAsync(ctx, details.Ok ? details.Value.PolicyDocuments : null).ConfigureAwait(false);
    }

    private static void AddIamPrincipals(CollectionContext ctx, AuthorizationDetails details)
    {
        var account = ctx.CallerAccountId;
        var groups = details.Groups.ToDictionary(g => g.Name, StringComparer.Ordinal);
        foreach (var user in details.Users)
        {
            var memberOf = user.Groups.Select(g => groups.GetValueOrDefault(g)).OfType<IamEntityDetail>().ToList();
            var managed = user.ManagedPolicyArns.Concat(memberOf.SelectMany(g => g.ManagedPolicyArns)).Distinct(StringComparer.Ordinal).ToList();
            var inline = user.InlineDocuments.Concat(memberOf.SelectMany(g => g.InlineDocuments));
            Add(ctx, new AccessPrincipal(account, AccessPrincipal.IamUserKind, user.Name, user.Arn,
                user.Groups.Count == 0 ? "" : $"groups {string.Join(", ", user.Groups)}", managed, Documents(managed, inline, details.PolicyDocuments)), IamApi);
        }
        foreach (var role in details.Roles)
        {
            if (role.Path.StartsWith(IdentityCenterRolePath, StringComparison.Ordinal) || role.Path.StartsWith(ServiceLinkedRolePath, StringComparison.Ordinal)
                || role.TrustPolicy is null)
                continue;
            IReadOnlyList<string> outside;
            try
            {
                outside = TrustPolicy.Parse(role.TrustPolicy).OutsideAccount(account);
            }
            catch (PolicyFormatException e)
            {
                ctx.Sink.Error(new CollectionError(FactType, account, IamApi, "UnreadableTrustPolicy",
                    $"the trust policy of {role.Arn} cannot be read: {e.Message}", Resource: role.Arn));
                continue;
            }
            if (outside.Count == 0) continue;
            Add(ctx, new AccessPrincipal(account, AccessPrincipal.IamRoleKind, role.Name, role.Arn, $"trusted by {string.Join(", ", outside)}",
                role.ManagedPolicyArns, Documents(role.ManagedPolicyArns, role.InlineDocuments, details.PolicyDocuments)), IamApi);
        }
    }

    private static IReadOnlyList<string> Documents(IEnumerable<string> managedArns, IEnumerable<string> inline, IReadOnlyDictionary<string, string> managedDocuments) =>
        [.. inline, .. managedArns.Select(arn => managedDocuments.GetValueOrDefault(arn)).OfType<string>()];

    /// <summary>A principal whose policy cannot be read might be an administrator: it is kept, and the error keeps a pass from standing.</summary>
    private static void Add(CollectionContext ctx, AccessPrincipal principal, string api)
    {
        foreach (var document in principal.PolicyDocuments)
            if (PolicyDocument.TryParse(document, out var error) is null)
                ctx.Sink.Error(new CollectionError(FactType, principal.AccountId, api, "UnreadablePolicy",
                    $"a policy of {principal.Kind} {principal.Name} cannot be read: {error}", Resource: principal.Principal));
        ctx.Sink.Add(principal);
    }

    /// <summary>
    /// Identity Center lives in one region, which the account does not say, so every enabled region is asked for its
    /// instances (when the regions cannot be listed, the home region is, and the error keeps a pass from standing).
    /// </summary>
    private static async Task CollectIdentityCenterAsync(CollectionContext ctx, IReadOnlyDictionary<string, string>? iamDocuments)
    {
        var enabled = await ctx.TryAsync(FactType, ctx.CallerAccountId, ctx.Clients.Account.ListEnabledRegionsAsync).ConfigureAwait(false);
        IReadOnlyList<string> regions = enabled.Ok ? enabled.Value : [ctx.Region];
        var instances = new ConcurrentBag<IdentityCenterInstance>();
        await ctx.ForEachAsync(regions, async region =>
        {
            var found = await ctx.TryAsync(FactType, ctx.CallerAccountId, ct => ctx.Clients.IdentityCenter.ListInstancesAsync(region, ct)).ConfigureAwait(false);
            if (found.Ok)
                foreach (var instance in found.Value) instances.Add(instance);
        }).ConfigureAwait(false);
        foreach (var instance in instances)
            await CollectInstanceAsync(ctx, instance, iamDocuments).ConfigureAwait(false);
    }

    private static async Task CollectInstanceAsync(CollectionContext ctx, IdentityCenterInstance instance, IReadOnlyDictionary<string, string>? iamDocuments)
    {
        var account = ctx.CallerAccountId;
        var client = ctx.Clients.IdentityCenter;
        var sets = await ctx.TryAsync(FactType, account, ct => client.ListPermissionSetsProvisionedToAccountAsync(instance, account, ct)).ConfigureAwait(false);
        if (!sets.Ok) return;
        var names = new Names(ctx, instance);
        await ctx.ForEachAsync(sets.Value, async arn =>
        {
            var policies = await ctx.TryAsync(FactType, account, ct => client.DescribePermissionSetAsync(instance, arn, ct)).ConfigureAwait(false);
            var assignments = await ctx.TryAsync(FactType, account, ct => client.ListAccountAssignmentsAsync(instance, account, arn, ct)).ConfigureAwait(false);
            if (!policies.Ok || !assignments.Ok) return;
            var (managed, documents) = PermissionSetPolicies(ctx, policies.Value, iamDocuments);
            foreach (var assignment in assignments.Value)
            {
                var via = $"permission set {policies.Value.Name}";
                if (assignment.PrincipalType == "USER")
                {
                    AddUser(ctx, instance, assignment.PrincipalId, await names.UserAsync(assignment.PrincipalId).ConfigureAwait(false), via, managed, documents);
                    continue;
                }
                var group = await names.GroupAsync(assignment.PrincipalId).ConfigureAwait(false);
                var members = await ctx.TryAsync(FactType, account, ct => client.ListGroupMembersAsync(instance, assignment.PrincipalId, ct)).ConfigureAwait(false);
                if (!members.Ok)
                {
                    // The group still counts once, so a count above the limit is reported; the error keeps a pass from standing.
                    Add(ctx, new AccessPrincipal(account, AccessPrincipal.IdentityCenterGroupKind, group,
                        $"identitystore:{instance.IdentityStoreId}/group/{assignment.PrincipalId}", $"{via} (members not read)", managed, documents), SsoApi);
                    continue;
                }
                foreach (var member in members.Value.Where(m => m.Length > 0))
                    AddUser(ctx, instance, member, await names.UserAsync(member).ConfigureAwait(false), $"{via} through group {group}", managed, documents);
            }
        }).ConfigureAwait(false);
    }

    private static void AddUser(CollectionContext ctx, IdentityCenterInstance instance, string userId, string name, string via,
        IReadOnlyList<string> managed, IReadOnlyList<string> documents) =>
        Add(ctx, new AccessPrincipal(ctx.CallerAccountId, AccessPrincipal.IdentityCenterUserKind, name,
            $"identitystore:{instance.IdentityStoreId}/user/{userId}", via, managed, documents), SsoApi);

    /// <summary>
    /// A customer managed policy a permission set refers to is the account's own policy of that path and name; its
    /// document comes from IAM. One that IAM did not return is named, so the rule can say its document was not read.
    /// </summary>
    private static (IReadOnlyList<string> Managed, IReadOnlyList<string> Documents) PermissionSetPolicies(CollectionContext ctx,
        PermissionSetPolicies set, IReadOnlyDictionary<string, string>? iamDocuments)
    {
        var customer = set.CustomerManagedPolicies.Select(pathAndName => $"arn:aws:iam::{ctx.CallerAccountId}:policy{pathAndName}").ToList();
        var documents = new List<string>();
        if (set.InlinePolicy is { } inline) documents.Add(inline);
        if (iamDocuments is not null)
            documents.AddRange(set.ManagedPolicyArns.Concat(customer).Select(arn => iamDocuments.GetValueOrDefault(arn)).OfType<string>());
        return ([.. set.ManagedPolicyArns, .. customer], documents);
    }

    /// <summary>User and group names from the identity store, each asked once; a name that cannot be read is shown as its ID.</summary>
    private sealed class Names(CollectionContext ctx, IdentityCenterInstance instance)
    {
        private readonly ConcurrentDictionary<string, Task<string>> _users = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Task<string>> _groups = new(StringComparer.Ordinal);

        public Task<string> UserAsync(string id) => _users.GetOrAdd(id, key => Lookup(key, ctx.Clients.IdentityCenter.DescribeUserNameAsync));
        public Task<string> GroupAsync(string id) => _groups.GetOrAdd(id, key => Lookup(key, ctx.Clients.IdentityCenter.DescribeGroupNameAsync));

        private async Task<string> Lookup(string id, Func<IdentityCenterInstance, string, CancellationToken, Task<string>> describe)
        {
            try
            {
                return await describe(instance, id, ctx.Ct).ConfigureAwait(false);
            }
            catch (AwsServiceException)
            {
                return id;
            }
        }
    }
}
