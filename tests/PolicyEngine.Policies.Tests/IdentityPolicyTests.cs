namespace PolicyEngine.Policies.Tests;

public sealed class IdentityPolicyTests
{
    private static PolicyDocument Doc(string statements) => PolicyDocument.Parse($$"""{"Version":"2012-10-17","Statement":[{{statements}}]}""");

    [Theory]
    [InlineData("""{"Effect":"Allow","Action":"*","Resource":"*"}""", "every action (*)")]
    [InlineData("""{"Effect":"Allow","Action":"*:*","Resource":"*"}""", "every action (*)")]
    [InlineData("""{"Effect":"Allow","Action":["s3:*","*"],"Resource":"*"}""", "every action (*)")]
    [InlineData("""{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}""", "every organizations administration action")]
    [InlineData("""{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"}""", null)]
    [InlineData("""{"Effect":"Allow","Action":"organizations:*","Resource":"*"}""", "every organizations administration action")]
    [InlineData("""{"Effect":"Allow","Action":"ORGANIZATIONS:attachpolicy","Resource":"*"}""", "organizations:AttachPolicy")]
    [InlineData("""{"Effect":"Allow","Action":["organizations:*Policy","organizations:Describe*"],"Resource":"*"}""", "organizations:AttachPolicy, organizations:DetachPolicy, organizations:CreatePolicy and 4 more")]
    [InlineData("""{"Effect":"Allow","Action":["organizations:Describe*","organizations:List*","s3:*"],"Resource":"*"}""", null)]
    [InlineData("""{"Effect":"Allow","Action":["organizations:TagResource","organizations:AcceptHandshake"],"Resource":"*"}""", null)]
    [InlineData("""{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*"}""", null)]
    [InlineData("""{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":["iam:*","organizations:*"],"Resource":"*"}""", null)]
    [InlineData("""{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}""", "every organizations administration action")]
    [InlineData("""{"Effect":"Allow","Action":"organizations:*","Resource":"*"},{"Effect":"Deny","Action":"organizations:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}""", "every organizations administration action")]
    [InlineData("""{"Effect":"Allow","Action":"organizations:*","Resource":"*"},{"Effect":"Deny","Action":"organizations:*","Resource":"arn:aws:organizations::*:policy/*"}""", "every organizations administration action")]
    [InlineData("""{"Effect":"Deny","Action":"*","Resource":"*"}""", null)]
    public void Policy_documents_are_read_for_administration(string statements, string? expected) =>
        Assert.Equal(expected, IdentityPolicy.AdministrativeGrant([], [Doc(statements)]));

    [Theory]
    [InlineData("arn:aws:iam::aws:policy/AdministratorAccess", "AdministratorAccess")]
    [InlineData("arn:aws-us-gov:iam::aws:policy/AWSOrganizationsFullAccess", "AWSOrganizationsFullAccess")]
    [InlineData("arn:aws:iam::123456789012:policy/AdministratorAccess", null)]
    [InlineData("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", null)]
    [InlineData("arn:aws:iam::aws:policy/ReadOnlyAccess", null)]
    [InlineData("not an arn", null)]
    public void Aws_managed_administrator_policies_are_known_by_arn(string arn, string? expected) =>
        Assert.Equal(expected, IdentityPolicy.AdministrativeGrant([arn], []));

    [Fact]
    public void An_unconditional_deny_of_everything_outweighs_administrator_access() =>
        Assert.Null(IdentityPolicy.AdministrativeGrant(["arn:aws:iam::aws:policy/AdministratorAccess"], [Doc("""{"Effect":"Deny","Action":"*","Resource":"*"}""")]));

    [Fact]
    public void Every_organization_administration_action_is_a_real_write_operation()
    {
        Assert.All(IdentityPolicy.OrganizationAdministrationActions, a =>
        {
            Assert.StartsWith("organizations:", a);
            Assert.DoesNotMatch("^organizations:(Describe|List)", a);
        });
        Assert.Equal(IdentityPolicy.OrganizationAdministrationActions.Count, IdentityPolicy.OrganizationAdministrationActions.Distinct().Count());
    }
}

public sealed class TrustPolicyTests
{
    private const string Account = "111111111111";

    [Theory]
    [InlineData("""{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"sts:AssumeRole"}""", "arn:aws:iam::222222222222:root")]
    [InlineData("""{"Effect":"Allow","Principal":{"AWS":["333333333333","arn:aws:iam::111111111111:role/admin"]},"Action":"sts:AssumeRole"}""", "333333333333")]
    [InlineData("""{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111111111111:saml-provider/Okta"},"Action":"sts:AssumeRoleWithSAML"}""", "arn:aws:iam::111111111111:saml-provider/Okta")]
    [InlineData("""{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}""", "*")]
    [InlineData("""{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}""", "*")]
    [InlineData("""{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}""", "")]
    [InlineData("""{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}""", "")]
    [InlineData("""{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"sts:AssumeRole"}""", "")]
    public void Principals_outside_the_account_are_found(string statement, string expected)
    {
        var trust = TrustPolicy.Parse($$"""{"Version":"2012-10-17","Statement":[{{statement}}]}""");
        Assert.Equal(expected, string.Join(",", trust.OutsideAccount(Account)));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"Version":"2012-10-17"}""")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":42,"Action":"sts:AssumeRole"}]}""")]
    public void Text_that_is_not_a_trust_policy_is_refused(string json) =>
        Assert.Throws<PolicyFormatException>(() => TrustPolicy.Parse(json));
}
