using PolicyEngine.Aws.Clients.Iam;

namespace PolicyEngine.Aws.Tests.Protocols;

public sealed class CredentialReportTests
{
    internal const string Header =
        "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

    internal const string RootRow =
        "<root_account>,arn:aws:iam::0123456789:root,2015-06-24T12:45:00+00:00,not_supported,2016-10-07T14:30:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";

    internal const string UserRow =
        "alice,arn:aws:iam::0123456789:user/alice,2020-01-01T00:00:00+00:00,true,no_information,2020-01-01T00:00:00+00:00,N/A,false,true,2020-01-02T00:00:00+00:00,2024-05-01T10:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";

    [Fact]
    public void RootRow_MapsNotSupportedAndNotApplicableToNull()
    {
        var report = CredentialReport.Parse($"{Header}\n{RootRow}\n{UserRow}\n");

        var root = Assert.IsType<CredentialReportRow>(report.Root);
        Assert.Null(root["password_enabled"]);
        Assert.Equal(new DateTimeOffset(2016, 10, 7, 14, 30, 0, TimeSpan.Zero), root.Date("password_last_used"));
        Assert.True(root.Flag("mfa_active"));
        Assert.False(root.Flag("access_key_1_active"));
        Assert.Null(root.Date("access_key_1_last_used_date"));
    }

    [Fact]
    public void UserRow_ReadsFlagsAndDates()
    {
        var alice = CredentialReport.Parse($"{Header}\r\n{UserRow}\r\n").ForUser("alice")!;

        Assert.True(alice.Flag("password_enabled"));
        Assert.Null(alice.Date("password_last_used"));
        Assert.True(alice.Flag("access_key_1_active"));
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), alice.Date("access_key_1_last_used_date"));
    }

    [Fact]
    public void ReportWithoutRootRow_HasNoRoot() =>
        Assert.Null(CredentialReport.Parse($"{Header}\n{UserRow}").Root);

    [Fact]
    public void NotACsvReport_IsRefused() =>
        Assert.Throws<FormatException>(() => CredentialReport.Parse("<html>oops</html>"));
}
