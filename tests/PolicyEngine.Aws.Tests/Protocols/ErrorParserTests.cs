using System.Net;
using System.Text;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Protocols;

namespace PolicyEngine.Aws.Tests.Protocols;

public sealed class ErrorParserTests
{
    private static readonly Dictionary<string, string> NoHeaders = [];

    [Theory]
    [InlineData("{\"__type\":\"AWSOrganizationsNotInUseException\",\"Message\":\"Your account is not a member of an organization.\"}",
        "AWSOrganizationsNotInUseException", "Your account is not a member of an organization.")]
    [InlineData("{\"__type\":\"com.amazonaws.cloudtrail.v20131101#TrailNotFoundException\",\"message\":\"Unknown trail\"}",
        "TrailNotFoundException", "Unknown trail")]
    [InlineData("{\"__type\":\"aws.protocoltests#FooError:http://internal.amazon.com/coral/\"}", "FooError", "HTTP 400 BadRequest")]
    public void Json_ReadsTypeAndMessage(string body, string code, string message)
    {
        var error = AwsErrorParser.Parse(AwsProtocol.Json, HttpStatusCode.BadRequest, NoHeaders, Encoding.UTF8.GetBytes(body));

        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Json_QueryCompatibleHeaderGivesTheQueryEraCode()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["x-amzn-query-error"] = "Throttling;Sender" };

        var error = AwsErrorParser.Parse(AwsProtocol.Json, HttpStatusCode.BadRequest, headers,
            "{\"__type\":\"com.amazonaws.cloudwatch#ThrottlingException\",\"message\":\"Rate exceeded\"}"u8);

        Assert.Equal("Throttling", error.Code);
    }

    [Fact]
    public void RestJson_PrefersTheErrorTypeHeader()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["x-amzn-ErrorType"] = "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/",
            ["x-amzn-RequestId"] = "req-1",
        };

        var error = AwsErrorParser.Parse(AwsProtocol.RestJson, HttpStatusCode.Forbidden, headers,
            "{\"message\":\"User is not authorized to perform: account:GetAlternateContact\"}"u8);

        Assert.Equal(new AwsError("AccessDeniedException", "User is not authorized to perform: account:GetAlternateContact", "req-1"), error);
    }

    [Fact]
    public void RestJson_FallsBackToBodyCode()
    {
        var error = AwsErrorParser.Parse(AwsProtocol.RestJson, HttpStatusCode.Unauthorized, NoHeaders,
            "{\"Code\":\"InvalidAccessException\",\"Message\":\"Account 123456789012 is not subscribed to AWS Security Hub\"}"u8);

        Assert.Equal("InvalidAccessException", error.Code);
        Assert.Equal("Account 123456789012 is not subscribed to AWS Security Hub", error.Message);
    }

    [Fact]
    public void Query_ReadsErrorResponse()
    {
        const string body = """
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The Password Policy with domain name 123456789012 cannot be found.</Message></Error>
              <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>
            </ErrorResponse>
            """;

        var error = AwsErrorParser.Parse(AwsProtocol.Query, HttpStatusCode.NotFound, NoHeaders, Encoding.UTF8.GetBytes(body));

        Assert.Equal(new AwsError("NoSuchEntity", "The Password Policy with domain name 123456789012 cannot be found.", "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE"), error);
    }

    [Theory]
    [InlineData(AwsProtocol.Query)]
    [InlineData(AwsProtocol.Json)]
    [InlineData(AwsProtocol.RestJson)]
    public void UnparseableBody_FallsBackToTheStatus(AwsProtocol protocol)
    {
        var error = AwsErrorParser.Parse(protocol, HttpStatusCode.BadGateway, NoHeaders, "<html>Bad Gateway</html"u8);

        Assert.Equal("Http502", error.Code);
    }

    [Theory]
    [InlineData("Throttling", 400, true)]
    [InlineData("TooManyRequestsException", 400, true)]
    [InlineData("LimitExceededException", 429, true)]
    [InlineData("Anything", 503, true)]
    [InlineData("LimitExceeded", 409, false)]
    [InlineData("AccessDeniedException", 403, false)]
    [InlineData("NoSuchEntity", 404, false)]
    public void RetryClassification(string code, int status, bool retryable) =>
        Assert.Equal(retryable, RetryClassifier.IsRetryable(code, status));
}
