using PolicyEngine.Pipeline.Configuration;
using PolicyEngine.Cli.AwsSteps;
using PolicyEngine.Pipeline;
using PolicyEngine.Core.Facts;

namespace PolicyEngine.Cli.Tests;

public class AccountSelectionTests
{
    private const string Management = "111111111111";

    private static Account Acct(string id) => new(id, $"arn:aws:organizations::{Management}:account/o-x/{id}", id, $"{id}@example.com", "ACTIVE", id == Management);

    private static readonly FactSet Facts = new()
    {
        Organization = new("o-x", "arn:aws:organizations::111111111111:organization/o-x", "ALL", Management, "aws@example.com", []),
        Accounts = [Acct(Management), Acct("222222222201"), Acct("222222222202"), Acct("333333333301")],
        AlternateContacts = [new("222222222201", "SECURITY", true), new("333333333301", "SECURITY", false)],
        CollectionErrors =
        [
            new("AlternateContact", "222222222202", "account:GetAlternateContact", "AccessDeniedException", "denied"),
            new("TrustedService", null, "organizations:ListAWSServiceAccessForOrganization", "AccessDeniedException", "denied"),
        ],
    };

    [Fact]
    public void Include_and_exclude_patterns_select_member_accounts_and_keep_the_management_account_and_organization()
    {
        var selected = AccountSelection.Apply(Facts, new AwsSettings { IncludeAccounts = ["2222222222*"], ExcludeAccounts = ["222222222202"] });
        Assert.Equal([Management, "222222222201"], selected.Accounts.Select(a => a.Id));
        Assert.Equal(["222222222201"], selected.AlternateContacts.Select(c => c.AccountId));
        Assert.NotNull(selected.Organization);
        Assert.Equal(["TrustedService"], selected.CollectionErrors.Select(e => e.FactType));
    }

    [Fact]
    public void No_selection_keeps_everything()
    {
        Assert.Same(Facts, AccountSelection.Apply(Facts, new AwsSettings()));
    }
}
