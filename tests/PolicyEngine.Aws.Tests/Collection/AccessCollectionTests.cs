using PolicyEngine.Aws.Clients.Iam;
using PolicyEngine.Aws.Clients.IdentityCenter;
using PolicyEngine.Aws.Collection;
using PolicyEngine.Core.Facts;

namespace PolicyEngine.Aws.Tests.Collection;

/// <summary>Who can act in the management account, as the collector assembles it from IAM and Identity Center answers.</summary>
public sealed class AccessCollectionTests
{
    private const string Admin = "arn:aws:iam::aws:policy/AdministratorAccess";
    private const string AllowAll = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";
    private static readonly IdentityCenterInstance Instance = new("arn:aws:sso:::instance/ssoins-1", "d-1", "eu-west-1");

    private static async Task<FactSet> CollectAsync(FakeAws aws) =>
        (await new OrganizationCollector().CollectAsync(aws.Clients(), new CollectorOptions { Region = "eu-west-1" }, null, CancellationToken.None)).Facts;

    private static IamEntityDetail Role(string name, string trust, string path = "/") =>
        new(name, $"arn:aws:iam::{FakeAws.Management}:role{path}{name}", path, [Admin], [], [], trust);

    private static string Trust(string principal) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{{principal}},"Action":"sts:AssumeRole"}]}""";

    [Fact]
    public async Task Users_carry_their_groups_policies_and_only_roles_reachable_from_outside_are_principals()
    {
        var aws = new FakeAws
        {
            Authorization = new AuthorizationDetails(
                [new("alice", $"arn:aws:iam::{FakeAws.Management}:user/alice", "/", [], [], ["admins"], null)],
                [new("admins", $"arn:aws:iam::{FakeAws.Management}:group/admins", "/", [Admin], [AllowAll], [], null)],
                [
                    Role("partner", Trust("""{"AWS":"arn:aws:iam::222222222222:root"}""")),
                    Role("okta-admin", Trust("""{"Federated":"arn:aws:iam::111111111111:saml-provider/Okta"}""")),
                    Role("lambda-exec", Trust("""{"Service":"lambda.amazonaws.com"}""")),
                    Role("local", Trust("""{"AWS":"arn:aws:iam::111111111111:root"}""")),
                    Role("AWSReservedSSO_Admin_1", Trust("""{"Federated":"arn:aws:iam::111111111111:saml-provider/AWSSSO_1"}"""), "/aws-reserved/sso.amazonaws.com/"),
                ],
                new Dictionary<string, string> { [Admin] = AllowAll }),
        };

        var facts = await CollectAsync(aws);

        var alice = Assert.Single(facts.AccessPrincipals, p => p.Kind == AccessPrincipal.IamUserKind);
        Assert.Equal([Admin], alice.ManagedPolicyArns);
        Assert.Equal((2, "groups admins"), (alice.PolicyDocuments.Count, alice.Via));
        Assert.Equal(["okta-admin", "partner"], facts.AccessPrincipals.Where(p => p.Kind == AccessPrincipal.IamRoleKind).Select(p => p.Name).Order());
        Assert.Contains("222222222222", Assert.Single(facts.AccessPrincipals, p => p.Name == "partner").Via);
        Assert.Empty(facts.CollectionErrors);
    }

    [Fact]
    public async Task Identity_Center_assignments_become_the_users_assigned_directly_or_through_a_group()
    {
        var aws = new FakeAws();
        aws.Instances["eu-west-1"] = [Instance];
        aws.PermissionSets["ps-admin"] = new PermissionSetPolicies("ps-admin", "AdministratorAccess", [Admin], ["/team/Boundary"], null);
        aws.PermissionSets["ps-read"] = new PermissionSetPolicies("ps-read", "ReadOnly", ["arn:aws:iam::aws:policy/ReadOnlyAccess"], [], """{"Statement":[]}""");
        aws.Assignments["ps-admin"] = [new("ps-admin", "USER", "u-1"), new("ps-admin", "GROUP", "g-ops")];
        aws.Assignments["ps-read"] = [new("ps-read", "USER", "u-3")];
        aws.GroupMembers["g-ops"] = ["u-1", "u-2"];

        var facts = await CollectAsync(aws);

        var people = facts.AccessPrincipals.Where(p => p.Kind == AccessPrincipal.IdentityCenterUserKind).ToList();
        Assert.Equal(["permission set AdministratorAccess", "permission set AdministratorAccess through group group-g-ops",
            "permission set AdministratorAccess through group group-g-ops", "permission set ReadOnly"], people.Select(p => p.Via).Order());
        Assert.Equal(["user-u-1", "user-u-2", "user-u-3"], people.Select(p => p.Name).Distinct().Order());
        Assert.Equal("identitystore:d-1/user/u-1", people.First(p => p.Name == "user-u-1").Principal);
        // A customer managed policy reference names the account's own policy of that path and name.
        Assert.Contains($"arn:aws:iam::{FakeAws.Management}:policy/team/Boundary", people.First(p => p.Name == "user-u-2").ManagedPolicyArns);
        Assert.Empty(facts.CollectionErrors);
    }

    [Fact]
    public async Task A_group_whose_members_cannot_be_read_counts_once_and_is_recorded()
    {
        var aws = new FakeAws().Fail(IdentityCenterClient.ListGroupMemberships);
        aws.Instances["eu-west-1"] = [Instance];
        aws.PermissionSets["ps-admin"] = new PermissionSetPolicies("ps-admin", "AdministratorAccess", [Admin], [], null);
        aws.Assignments["ps-admin"] = [new("ps-admin", "GROUP", "g-ops")];

        var facts = await CollectAsync(aws);

        Assert.Equal(AccessPrincipal.IdentityCenterGroupKind, Assert.Single(facts.AccessPrincipals).Kind);
        Assert.Equal((nameof(AccessPrincipal), "identitystore:ListGroupMemberships"), facts.CollectionErrors.Select(e => (e.FactType, e.Api)).Single());
    }

    [Theory]
    [InlineData("iam:GetAccountAuthorizationDetails")]
    [InlineData("sso:ListInstances")]
    [InlineData("sso:ListPermissionSetsProvisionedToAccount")]
    [InlineData("account:ListRegions")]
    public async Task What_could_not_be_read_is_an_error_of_the_access_facts(string api)
    {
        var aws = new FakeAws();
        aws.Instances["eu-west-1"] = [Instance];
        aws.Failing.Add(api);

        var facts = await CollectAsync(aws);

        Assert.Contains(facts.CollectionErrors, e => e.FactType == nameof(AccessPrincipal) && e.Api == api && e.AccountId == FakeAws.Management);
    }

    [Fact]
    public async Task A_policy_that_is_not_a_policy_document_is_recorded_and_the_principal_kept()
    {
        var aws = new FakeAws
        {
            Authorization = new AuthorizationDetails([new("bob", $"arn:aws:iam::{FakeAws.Management}:user/bob", "/", [], ["{not json"], [], null)], [], [],
                new Dictionary<string, string>()),
        };

        var facts = await CollectAsync(aws);

        Assert.Equal("bob", Assert.Single(facts.AccessPrincipals).Name);
        Assert.Equal("UnreadablePolicy", Assert.Single(facts.CollectionErrors).ErrorCode);
    }
}
