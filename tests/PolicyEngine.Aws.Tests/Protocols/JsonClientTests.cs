using System.Net;
using System.Text.Json;
using PolicyEngine.Aws.Clients.Account;
using PolicyEngine.Aws.Clients.CloudTrail;
using PolicyEngine.Aws.Clients.CloudWatchLogs;
using PolicyEngine.Aws.Clients.EventBridge;
using PolicyEngine.Aws.Clients.IdentityCenter;
using PolicyEngine.Aws.Clients.Organizations;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Tests.Support;

namespace PolicyEngine.Aws.Tests.Protocols;

/// <summary>The JSON 1.1 and REST-JSON clients against real-shaped answers: framing, parsing, pagination, errors.</summary>
public sealed class JsonClientTests
{
    [Fact]
    public async Task Organizations_ListAccounts_FollowsTokensThroughEmptyPages()
    {
        var handler = new ScriptedHandler()
            .Then(HttpStatusCode.OK, """{"Accounts":[{"Arn":"arn:aws:organizations::111111111111:account/o-exampleorgid/111111111111","Email":"bill@example.com","Id":"111111111111","JoinedMethod":"INVITED","JoinedTimestamp":1.481830215E9,"Name":"Master Account","Status":"ACTIVE","State":"ACTIVE"}],"NextToken":"t1"}""")
            .Then(HttpStatusCode.OK, """{"Accounts":[],"NextToken":"t2"}""")
            .Then(HttpStatusCode.OK, """{"Accounts":[{"Id":"222222222222","Arn":"arn:aws:organizations::111111111111:account/o-exampleorgid/222222222222","Email":"a@example.com","Name":"Member","Status":"ACTIVE","State":"SUSPENDED"}],"NextToken":null}""");
        using var http = TestClients.Http(handler);

        var accounts = await new OrganizationsClient(http).ListAccountsAsync(CancellationToken.None).ToListAsync();

        Assert.Equal(["111111111111", "222222222222"], accounts.Select(a => a.Id));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1481830215), accounts[0].JoinedTimestamp);
        Assert.Equal("SUSPENDED", accounts[1].State);
        Assert.Equal(3, handler.Requests.Count);
        var last = handler.Requests[2];
        Assert.Equal("AWSOrganizationsV20161128.ListAccounts", last.Headers["X-Amz-Target"]);
        Assert.Equal("application/x-amz-json-1.1", last.Headers["Content-Type"]);
        Assert.Equal("t2", JsonDocument.Parse(last.Body).RootElement.GetProperty("NextToken").GetString());
        Assert.Contains("/us-east-1/organizations/aws4_request", last.Headers["Authorization"]);
    }

    [Fact]
    public async Task IdentityCenter_speaks_to_the_instance_region_signed_as_sso_and_pages_with_tokens()
    {
        var handler = new ScriptedHandler()
            .Then(HttpStatusCode.OK, """{"AccountAssignments":[{"AccountId":"111111111111","PermissionSetArn":"arn:aws:sso:::permissionSet/ssoins-1/ps-1","PrincipalType":"GROUP","PrincipalId":"g-1"}],"NextToken":"t1"}""")
            .Then(HttpStatusCode.OK, """{"AccountAssignments":[{"AccountId":"111111111111","PermissionSetArn":"arn:aws:sso:::permissionSet/ssoins-1/ps-1","PrincipalType":"USER","PrincipalId":"u-1"}]}""")
            .Then(HttpStatusCode.OK, """{"GroupMemberships":[{"IdentityStoreId":"d-1","MembershipId":"m-1","GroupId":"g-1","MemberId":{"UserId":"u-2"}}]}""");
        using var http = TestClients.Http(handler);
        var client = new IdentityCenterClient(http);
        var instance = new IdentityCenterInstance("arn:aws:sso:::instance/ssoins-1", "d-1", "eu-central-1");

        var assignments = await client.ListAccountAssignmentsAsync(instance, "111111111111", "arn:aws:sso:::permissionSet/ssoins-1/ps-1", CancellationToken.None);
        var members = await client.ListGroupMembersAsync(instance, "g-1", CancellationToken.None);

        Assert.Equal(["GROUP g-1", "USER u-1"], assignments.Select(a => $"{a.PrincipalType} {a.PrincipalId}"));
        Assert.Equal(["u-2"], members);
        Assert.Equal("SWBExternalService.ListAccountAssignments", handler.Requests[0].Headers["X-Amz-Target"]);
        Assert.Contains("/eu-central-1/sso/aws4_request", handler.Requests[0].Headers["Authorization"]);
        var second = JsonDocument.Parse(handler.Requests[1].Body).RootElement;
        Assert.Equal(("t1", "111111111111", 100), (second.GetProperty("NextToken").GetString(), second.GetProperty("AccountId").GetString(), second.GetProperty("MaxResults").GetInt32()));
        Assert.Equal("AWSIdentityStore.ListGroupMemberships", handler.Requests[2].Headers["X-Amz-Target"]);
        Assert.Contains("/eu-central-1/identitystore/aws4_request", handler.Requests[2].Headers["Authorization"]);
    }

    [Fact]
    public async Task Organizations_NotInUse_IsAPermanentError()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.BadRequest,
            """{"__type":"AWSOrganizationsNotInUseException","Message":"Your account is not a member of an organization."}""");
        using var http = TestClients.Http(handler);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => new OrganizationsClient(http).DescribeOrganizationAsync(CancellationToken.None));

        Assert.Equal("AWSOrganizationsNotInUseException", e.ErrorCode);
        Assert.Equal("organizations:DescribeOrganization", e.Operation.IamAction);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Organizations_DescribeOrganization_KeepsOnlyEnabledPolicyTypes()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.OK, """
            {"Organization":{"Id":"o-exampleorgid","Arn":"arn:aws:organizations::111111111111:organization/o-exampleorgid","FeatureSet":"ALL",
             "MasterAccountArn":"arn:aws:organizations::111111111111:account/o-exampleorgid/111111111111","MasterAccountId":"111111111111",
             "MasterAccountEmail":"bill@example.com","AvailablePolicyTypes":[{"Type":"SERVICE_CONTROL_POLICY","Status":"ENABLED"},{"Type":"TAG_POLICY","Status":"PENDING_ENABLE"}]}}
            """);
        using var http = TestClients.Http(handler);

        var org = await new OrganizationsClient(http).DescribeOrganizationAsync(CancellationToken.None);

        Assert.Equal(new[] { "SERVICE_CONTROL_POLICY" }, org.EnabledPolicyTypes);
        Assert.Equal("111111111111", org.ManagementAccountId);
    }

    [Fact]
    public async Task Account_UnsetAlternateContact_IsNull_AndOwnAccountIsNotNamed()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.NotFound,
            """{"message":"No contact of the inputted alternate contact type found."}""", "application/json",
            ("x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.coral.service/"));
        using var http = TestClients.Http(handler);

        var contact = await new AccountClient(http).GetAlternateContactAsync("SECURITY", null, CancellationToken.None);

        Assert.Null(contact);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("/getAlternateContact", request.Uri.AbsolutePath);
        Assert.Equal("""{"AlternateContactType":"SECURITY"}""", request.Body);
        Assert.Equal("application/json", request.Headers["Content-Type"]);
    }

    [Fact]
    public async Task Account_AlternateContactAndContactInformation_Parse()
    {
        var handler = new ScriptedHandler()
            .Then(HttpStatusCode.OK, """{"AlternateContact":{"AlternateContactType":"SECURITY","EmailAddress":"sec@example.com","Name":"Sec Team","PhoneNumber":"+1-555-0100","Title":"CISO"}}""", "application/json")
            .Then(HttpStatusCode.OK, """{"ContactInformation":{"FullName":"Jane Doe","AddressLine1":"1 Main St","City":"Seattle","PostalCode":"98101","CountryCode":"US","PhoneNumber":"+12065550100","CompanyName":"Example Corp"}}""", "application/json");
        using var http = TestClients.Http(handler);
        var client = new AccountClient(http);

        var contact = await client.GetAlternateContactAsync("SECURITY", "222222222222", CancellationToken.None);
        var info = await client.GetContactInformationAsync(null, CancellationToken.None);

        Assert.Equal(new AlternateContactInfo("SECURITY", "Sec Team", "sec@example.com", "+1-555-0100"), contact);
        Assert.Equal(new ContactInformationInfo("Jane Doe", "+12065550100", "Example Corp", "US"), info);
        Assert.Contains("\"AccountId\":\"222222222222\"", handler.Requests[0].Body);
    }

    [Fact]
    public async Task Account_AccessDenied_IsAnError_NotAnUnsetContact()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.Forbidden, """{"message":"not authorized"}""", "application/json",
            ("x-amzn-ErrorType", "AccessDeniedException"));
        using var http = TestClients.Http(handler);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() =>
            new AccountClient(http).GetAlternateContactAsync("SECURITY", "222222222222", CancellationToken.None));

        Assert.Equal("AccessDeniedException", e.ErrorCode);
    }

    [Fact]
    public async Task CloudTrail_TrailsStatusAndSelectors_ArePerRegionAndByArn()
    {
        var handler = new ScriptedHandler()
            .Then(HttpStatusCode.OK, """{"trailList":[{"Name":"org","S3BucketName":"logs","IncludeGlobalServiceEvents":true,"IsMultiRegionTrail":true,"HomeRegion":"us-east-1","TrailARN":"arn:aws:cloudtrail:us-east-1:111111111111:trail/org","LogFileValidationEnabled":true,"CloudWatchLogsLogGroupArn":"arn:aws:logs:us-east-1:111111111111:log-group:trail:*","CloudWatchLogsRoleArn":"arn:aws:iam::111111111111:role/TrailToLogs","SnsTopicName":"deliveries","SnsTopicARN":"arn:aws:sns:us-east-1:111111111111:deliveries","KmsKeyId":"arn:aws:kms:us-east-1:111111111111:key/0f1e2d3c-aaaa-4bbb-8ccc-123456789abc","HasCustomEventSelectors":true,"HasInsightSelectors":false,"IsOrganizationTrail":true}]}""")
            .Then(HttpStatusCode.OK, """{"IsLogging":true,"LatestDeliveryTime":1.70000001E9}""")
            .Then(HttpStatusCode.OK, """{"TrailARN":"arn:aws:cloudtrail:us-east-1:111111111111:trail/org","AdvancedEventSelectors":[{"Name":"mgmt","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]}]}""");
        using var http = TestClients.Http(handler);
        var client = new CloudTrailClient(http);

        var trail = Assert.Single(await client.DescribeTrailsAsync("eu-west-1", CancellationToken.None));
        var logging = await client.GetTrailIsLoggingAsync(trail.Arn, "eu-west-1", CancellationToken.None);
        var selectors = await client.GetEventSelectorsAsync(trail.Arn, "eu-west-1", CancellationToken.None);

        Assert.True(trail.IsOrganizationTrail && trail.IsMultiRegion && logging);
        // Everything the trail needs to keep and deliver its logs, so that MA0101 can tell it from a workload.
        Assert.Equal(("logs", "arn:aws:iam::111111111111:role/TrailToLogs", "arn:aws:sns:us-east-1:111111111111:deliveries", "arn:aws:kms:us-east-1:111111111111:key/0f1e2d3c-aaaa-4bbb-8ccc-123456789abc"),
            (trail.S3BucketName, trail.CloudWatchLogsRoleArn, trail.SnsTopicArn, trail.KmsKeyId));
        Assert.Equal("mgmt", Assert.Single(selectors.Advanced).Name);
        Assert.All(handler.Requests, r => Assert.Contains("/eu-west-1/cloudtrail/aws4_request", r.Headers["Authorization"]));
        Assert.Equal("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.GetTrailStatus", handler.Requests[1].Headers["X-Amz-Target"]);
        Assert.Contains(trail.Arn, handler.Requests[1].Body);
    }

    [Fact]
    public async Task EventBridge_RulesAndTargets_Page()
    {
        var handler = new ScriptedHandler()
            .Then(HttpStatusCode.OK, """{"Rules":[{"Name":"root","Arn":"arn:aws:events:us-east-1:111111111111:rule/root","EventPattern":"{\"detail\":{\"userIdentity\":{\"type\":[\"Root\"]}}}","State":"ENABLED","EventBusName":"default"}],"NextToken":"n"}""")
            .Then(HttpStatusCode.OK, """{"Rules":[]}""")
            .Then(HttpStatusCode.OK, """{"Targets":[{"Id":"sns","Arn":"arn:aws:sns:us-east-1:111111111111:alerts"}]}""");
        using var http = TestClients.Http(handler);
        var client = new EventBridgeClient(http);

        var rule = Assert.Single(await client.ListRulesAsync("us-east-1", CancellationToken.None));
        var targets = await client.ListTargetsByRuleAsync(rule.Name, "us-east-1", CancellationToken.None);

        Assert.Contains("Root", rule.EventPattern);
        Assert.Single(targets);
        Assert.Equal("AWSEvents.ListTargetsByRule", handler.Requests[2].Headers["X-Amz-Target"]);
    }

    [Fact]
    public async Task CloudWatchLogs_MetricFilters_UseLowerCamelTokens()
    {
        var handler = new ScriptedHandler()
            .Then(HttpStatusCode.OK, """{"metricFilters":[{"filterName":"root","filterPattern":"{$.userIdentity.type=\"Root\"}","metricTransformations":[{"metricName":"RootUsage","metricNamespace":"CIS","metricValue":"1"}],"creationTime":1700000000000,"logGroupName":"trail"}],"nextToken":"x"}""")
            .Then(HttpStatusCode.OK, """{"metricFilters":[]}""");
        using var http = TestClients.Http(handler);

        var filter = Assert.Single(await new CloudWatchLogsClient(http).DescribeMetricFiltersAsync("us-east-1", CancellationToken.None));

        Assert.Equal(new MetricFilterInfo("trail", "root", "{$.userIdentity.type=\"Root\"}", "RootUsage", "CIS"), filter);
        Assert.Contains("\"nextToken\":\"x\"", handler.Requests[1].Body);
        Assert.Equal("Logs_20140328.DescribeMetricFilters", handler.Requests[1].Headers["X-Amz-Target"]);
    }
}
