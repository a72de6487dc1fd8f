using System.Net;
using System.Text;
using PolicyEngine.Aws.Clients.CloudWatch;
using PolicyEngine.Aws.Clients.Iam;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Tests.Support;

namespace PolicyEngine.Aws.Tests.Protocols;

/// <summary>The query/XML clients (IAM, CloudWatch) against real-shaped answers.</summary>
public sealed class QueryClientTests
{
    private const string Xmlns = "https://iam.amazonaws.com/doc/2010-05-08/";

    [Fact]
    public async Task Iam_AccountSummary_ReadsTheMap()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.OK, $"""
            <GetAccountSummaryResponse xmlns="{Xmlns}"><GetAccountSummaryResult><SummaryMap>
            <entry><key>AccountMFAEnabled</key><value>1</value></entry><entry><key>AccountAccessKeysPresent</key><value>0</value></entry>
            <entry><key>AccountSigningCertificatesPresent</key><value>0</value></entry></SummaryMap></GetAccountSummaryResult>
            <ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata></GetAccountSummaryResponse>
            """, "text/xml");
        using var http = TestClients.Http(handler);

        var summary = await new IamClient(http).GetAccountSummaryAsync(CancellationToken.None);

        Assert.Equal(1, summary["AccountMFAEnabled"]);
        Assert.Equal(0, summary["AccountAccessKeysPresent"]);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("Action=GetAccountSummary&Version=2010-05-08", request.Body);
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", request.Headers["Content-Type"]);
        Assert.Contains("/us-east-1/iam/aws4_request", request.Headers["Authorization"]);
    }

    [Fact]
    public async Task Iam_ListVirtualMfaDevices_FollowsMarkerWhileTruncated()
    {
        var handler = new ScriptedHandler()
            .Then(HttpStatusCode.OK, $"""
                <ListVirtualMFADevicesResponse xmlns="{Xmlns}"><ListVirtualMFADevicesResult><IsTruncated>true</IsTruncated><Marker>m1</Marker>
                <VirtualMFADevices><member><SerialNumber>arn:aws:iam::123456789012:mfa/root-account-mfa-device</SerialNumber><EnableDate>2021-10-20T20:49:03Z</EnableDate>
                <User><UserId>123456789012</UserId><Arn>arn:aws:iam::123456789012:root</Arn><CreateDate>2019-10-13T22:00:36Z</CreateDate></User></member></VirtualMFADevices>
                </ListVirtualMFADevicesResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListVirtualMFADevicesResponse>
                """, "text/xml")
            .Then(HttpStatusCode.OK, $"""
                <ListVirtualMFADevicesResponse xmlns="{Xmlns}"><ListVirtualMFADevicesResult><IsTruncated>false</IsTruncated>
                <VirtualMFADevices><member><SerialNumber>arn:aws:iam::123456789012:mfa/spare</SerialNumber></member></VirtualMFADevices>
                </ListVirtualMFADevicesResult></ListVirtualMFADevicesResponse>
                """, "text/xml");
        using var http = TestClients.Http(handler);

        var devices = await new IamClient(http).ListVirtualMfaDevicesAsync(CancellationToken.None);

        Assert.Equal(2, devices.Count);
        Assert.Equal("arn:aws:iam::123456789012:root", devices[0].UserArn);
        Assert.Equal(new DateTimeOffset(2021, 10, 20, 20, 49, 3, TimeSpan.Zero), devices[0].EnableDate);
        Assert.Null(devices[1].UserArn);
        Assert.Contains("Marker=m1", handler.Requests[1].Body);
        Assert.Contains("AssignmentStatus=Any", handler.Requests[1].Body);
    }

    [Fact]
    public async Task Iam_AuthorizationDetails_GathersEveryPartFromEveryPage_AndDecodesDocuments()
    {
        // Page one holds a user and a role; page two a group and the managed policy, whose default version is the second.
        var allowAll = Uri.EscapeDataString("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""");
        var trust = Uri.EscapeDataString("""{"Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"sts:AssumeRole"}]}""");
        var handler = new ScriptedHandler()
            .Then(HttpStatusCode.OK, Iam("GetAccountAuthorizationDetails", $"""
                <IsTruncated>true</IsTruncated><Marker>next</Marker>
                <UserDetailList><member><UserName>alice</UserName><Arn>arn:aws:iam::111111111111:user/alice</Arn><Path>/</Path>
                <GroupList><member>admins</member></GroupList>
                <UserPolicyList><member><PolicyName>p</PolicyName><PolicyDocument>{allowAll}</PolicyDocument></member></UserPolicyList>
                <AttachedManagedPolicies/></member></UserDetailList>
                <RoleDetailList><member><RoleName>partner</RoleName><Arn>arn:aws:iam::111111111111:role/partner</Arn><Path>/</Path>
                <AssumeRolePolicyDocument>{trust}</AssumeRolePolicyDocument>
                <AttachedManagedPolicies><member><PolicyName>Admin</PolicyName><PolicyArn>arn:aws:iam::111111111111:policy/Admin</PolicyArn></member></AttachedManagedPolicies>
                <RolePolicyList/></member></RoleDetailList>
                """), "text/xml")
            .Then(HttpStatusCode.OK, Iam("GetAccountAuthorizationDetails", $"""
                <IsTruncated>false</IsTruncated>
                <GroupDetailList><member><GroupName>admins</GroupName><Arn>arn:aws:iam::111111111111:group/admins</Arn><Path>/</Path>
                <AttachedManagedPolicies><member><PolicyArn>arn:aws:iam::aws:policy/AdministratorAccess</PolicyArn></member></AttachedManagedPolicies>
                <GroupPolicyList/></member></GroupDetailList>
                <Policies><member><PolicyName>Admin</PolicyName><Arn>arn:aws:iam::111111111111:policy/Admin</Arn><PolicyVersionList>
                <member><Document>{Uri.EscapeDataString("{\"Statement\":[]}")}</Document><VersionId>v1</VersionId><IsDefaultVersion>false</IsDefaultVersion></member>
                <member><Document>{allowAll}</Document><VersionId>v2</VersionId><IsDefaultVersion>true</IsDefaultVersion></member>
                </PolicyVersionList></member></Policies>
                """), "text/xml");
        using var http = TestClients.Http(handler);

        var details = await new IamClient(http).GetAccountAuthorizationDetailsAsync(CancellationToken.None);

        var alice = Assert.Single(details.Users);
        Assert.Equal(["admins"], alice.Groups);
        Assert.Equal("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""", Assert.Single(alice.InlineDocuments));
        Assert.Contains("222222222222", Assert.Single(details.Roles).TrustPolicy);
        Assert.Equal(["arn:aws:iam::aws:policy/AdministratorAccess"], Assert.Single(details.Groups).ManagedPolicyArns);
        Assert.Contains("\"Action\":\"*\"", details.PolicyDocuments["arn:aws:iam::111111111111:policy/Admin"]);
        Assert.Contains("Marker=next", handler.Requests[1].Body);
        Assert.Contains("MaxItems=1000", handler.Requests[0].Body);
    }

    [Fact]
    public async Task Iam_CredentialReport_GeneratesThenDecodesBase64Csv()
    {
        var csv = $"{CredentialReportTests.Header}\n{CredentialReportTests.RootRow}\n";
        var handler = new ScriptedHandler()
            .Then(HttpStatusCode.OK, Iam("GenerateCredentialReport", "<State>COMPLETE</State>"), "text/xml")
            .Then(HttpStatusCode.OK, Iam("GetCredentialReport",
                $"<Content>{Convert.ToBase64String(Encoding.UTF8.GetBytes(csv))}</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>2024-01-01T00:00:00Z</GeneratedTime>"), "text/xml");
        using var http = TestClients.Http(handler);

        var report = await new IamClient(http).GetCredentialReportAsync(CancellationToken.None);

        Assert.True(report.Root!.Flag("mfa_active"));
        Assert.Equal(["Action=GenerateCredentialReport&Version=2010-05-08", "Action=GetCredentialReport&Version=2010-05-08"],
            handler.Requests.Select(r => r.Body));
    }

    [Fact]
    public async Task Iam_ListOrganizationsFeatures_ServiceNotEnabledIsAnError()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.BadRequest, $"""
            <ErrorResponse xmlns="{Xmlns}"><Error><Type>Sender</Type><Code>ServiceAccessNotEnabledException</Code>
            <Message>Trusted access is not enabled for iam.amazonaws.com.</Message></Error><RequestId>r</RequestId></ErrorResponse>
            """, "text/xml");
        using var http = TestClients.Http(handler);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => new IamClient(http).ListOrganizationsFeaturesAsync(CancellationToken.None));

        Assert.Equal("ServiceAccessNotEnabledException", e.ErrorCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task CloudWatch_DescribeAlarms_PagesAndReadsActions()
    {
        const string ns = "http://monitoring.amazonaws.com/doc/2010-08-01/";
        var handler = new ScriptedHandler()
            .Then(HttpStatusCode.OK, $"""
                <DescribeAlarmsResponse xmlns="{ns}"><DescribeAlarmsResult><MetricAlarms><member><AlarmName>root-usage</AlarmName>
                <AlarmArn>arn:aws:cloudwatch:us-east-1:111111111111:alarm:root-usage</AlarmArn><MetricName>RootUsage</MetricName><Namespace>CIS</Namespace>
                <ActionsEnabled>true</ActionsEnabled><AlarmActions><member>arn:aws:sns:us-east-1:111111111111:alerts</member></AlarmActions>
                <StateValue>OK</StateValue></member></MetricAlarms><CompositeAlarms/><NextToken>page2</NextToken></DescribeAlarmsResult></DescribeAlarmsResponse>
                """, "text/xml")
            .Then(HttpStatusCode.OK, $"""<DescribeAlarmsResponse xmlns="{ns}"><DescribeAlarmsResult><MetricAlarms/></DescribeAlarmsResult></DescribeAlarmsResponse>""", "text/xml");
        using var http = TestClients.Http(handler);

        var alarm = Assert.Single(await new CloudWatchClient(http).DescribeMetricAlarmsAsync("us-east-1", CancellationToken.None));

        Assert.Equal(new[] { "arn:aws:sns:us-east-1:111111111111:alerts" }, alarm.AlarmActions);
        Assert.True(alarm.ActionsEnabled);
        Assert.Contains("NextToken=page2", handler.Requests[1].Body);
        Assert.Contains("AlarmTypes.member.1=MetricAlarm", handler.Requests[0].Body);
        Assert.Contains("/us-east-1/monitoring/aws4_request", handler.Requests[0].Headers["Authorization"]);
    }

    private static string Iam(string op, string result) =>
        $"<{op}Response xmlns=\"{Xmlns}\"><{op}Result>{result}</{op}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></{op}Response>";
}

public sealed class CredentialReportPollingTests
{
    private const string Xmlns = "https://iam.amazonaws.com/doc/2010-05-08/";

    [Fact]
    public async Task AReportStillBeingGenerated_IsWaitedFor()
    {
        var csv = $"{CredentialReportTests.Header}\n{CredentialReportTests.RootRow}\n";
        var handler = new ScriptedHandler()
            .Then(HttpStatusCode.OK, Iam("GenerateCredentialReport", "<State>STARTED</State><Description>No report exists. Starting a new report generation task</Description>"), "text/xml")
            .Then(HttpStatusCode.OK, Iam("GenerateCredentialReport", "<State>COMPLETE</State>"), "text/xml")
            .Then(HttpStatusCode.OK, Iam("GetCredentialReport", $"<Content>{Convert.ToBase64String(Encoding.UTF8.GetBytes(csv))}</Content>"), "text/xml");
        using var http = TestClients.Http(handler);

        var report = await new IamClient(http).GetCredentialReportAsync(CancellationToken.None);

        Assert.NotNull(report.Root);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task AReportThatNeverCompletes_GivesUp()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.OK, Iam("GenerateCredentialReport", "<State>INPROGRESS</State>"), "text/xml");
        using var http = TestClients.Http(handler);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() =>
            new IamClient(http) { ReportWaitLimit = TimeSpan.FromMilliseconds(1) }.GetCredentialReportAsync(CancellationToken.None));

        Assert.Equal("ReportInProgress", e.ErrorCode);
    }

    private static string Iam(string op, string result) =>
        $"<{op}Response xmlns=\"{Xmlns}\"><{op}Result>{result}</{op}Result></{op}Response>";
}
