using PolicyEngine.Core.Facts;

namespace PolicyEngine.Core.Tests;

public sealed class CollectionSummaryTests
{
    [Fact]
    public void GroupsErrorsByFactTypeApiAndCode_CountingAccounts()
    {
        var errors = Enumerable.Range(1, 5)
            .Select(i => new CollectionError(nameof(AlternateContact), $"{i:D12}", "account:GetAlternateContact", "AccessDeniedException", "not authorized"))
            .Append(new CollectionError(nameof(Organization), null, "organizations:DescribeOrganization", "AWSOrganizationsNotInUseException", "Your account is not a member of an organization."));

        var lines = CollectionError.Summarize(errors);

        Assert.Equal(
        [
            "AlternateContact: account:GetAlternateContact failed with AccessDeniedException (5 accounts): not authorized",
            "Organization: organizations:DescribeOrganization failed with AWSOrganizationsNotInUseException (organization): Your account is not a member of an organization.",
        ], lines);
    }
}

public class FactSetTests
{
    [Fact]
    public void Where_filters_every_family_and_the_collection_errors()
    {
        var facts = Snapshots.SnapshotSerializer.Read(Repo.Path("samples/demo-org.json")).Facts;
        Assert.NotEmpty(facts.All());
        Assert.NotEmpty(facts.CollectionErrors);

        var none = facts.Where(_ => false, _ => false);
        Assert.Empty(none.All());
        Assert.Empty(none.CollectionErrors);

        var all = facts.Where(_ => true, _ => true);
        Assert.Equal(facts.All(), all.All());
        Assert.Equal(facts.CollectionErrors, all.CollectionErrors);
    }
}
