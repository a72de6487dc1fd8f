using System.Text;
using Amazon.Runtime;
using PolicyEngine.Aws.Http;

namespace PolicyEngine.Aws.Tests.Signing;

/// <summary>Vectors of the AWS SigV4 test suite (aws4_testsuite): credentials AKIDEXAMPLE, 2015-08-30T12:36:00Z, us-east-1, service "service".</summary>
public sealed class SigV4TestSuiteTests
{
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string SessionToken =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
    private static readonly DateTime SignedAt = new(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);

    [Fact]
    public void GetVanilla()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "https://example.amazonaws.com/");

        SigV4RequestSigner.Sign(request, [], "service", "us-east-1", new ImmutableCredentials("AKIDEXAMPLE", SecretKey, null), SignedAt);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            Header(request, "Authorization"));
        Assert.Equal("20150830T123600Z", Header(request, "X-Amz-Date"));
        Assert.False(request.Headers.Contains("X-Amz-Security-Token"));
    }

    [Fact]
    public void PostStsHeaderBefore_SignsTheSessionToken()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "https://example.amazonaws.com/");

        SigV4RequestSigner.Sign(request, [], "service", "us-east-1", new ImmutableCredentials("AKIDEXAMPLE", SecretKey, SessionToken), SignedAt);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead",
            Header(request, "Authorization"));
        Assert.Equal(SessionToken, Header(request, "X-Amz-Security-Token"));
    }

    [Fact]
    public void PostFormUrlEncoded_SignsTheContentTypeAndBody()
    {
        var body = Encoding.UTF8.GetBytes("Param1=value1");
        var request = new HttpRequestMessage(HttpMethod.Post, "https://example.amazonaws.com/") { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");

        SigV4RequestSigner.Sign(request, body, "service", "us-east-1", new ImmutableCredentials("AKIDEXAMPLE", SecretKey, null), SignedAt);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
            Header(request, "Authorization"));
    }

    [Fact]
    public void ChangingTheBodyChangesTheSignature()
    {
        string Sign(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var request = new HttpRequestMessage(HttpMethod.Post, "https://example.amazonaws.com/") { Content = new ByteArrayContent(bytes) };
            SigV4RequestSigner.Sign(request, bytes, "service", "us-east-1", new ImmutableCredentials("AKIDEXAMPLE", SecretKey, null), SignedAt);
            return Header(request, "Authorization");
        }

        Assert.NotEqual(Sign("Param1=value1"), Sign("Param1=value2"));
    }

    private static string Header(HttpRequestMessage request, string name) => string.Join(",", request.Headers.GetValues(name));
}
