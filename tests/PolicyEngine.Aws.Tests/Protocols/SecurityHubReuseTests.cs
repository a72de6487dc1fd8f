using System.Net;
using System.Text.Json.Nodes;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Protocols;
using PolicyEngine.Aws.Tests.Support;

namespace PolicyEngine.Aws.Tests.Protocols;

/// <summary>The client is general: a Security Hub rest-json call is framed, signed and parsed like the collectors' calls.</summary>
public sealed class SecurityHubReuseTests
{
    private static readonly AwsOperation BatchImportFindings = new(AwsServices.SecurityHub, "BatchImportFindings");

    [Fact]
    public async Task BatchImportFindings_IsSignedForTheRegionalSecurityHubEndpoint()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.OK, """{"FailedCount":0,"SuccessCount":1,"FailedFindings":[]}""", "application/json");
        using var http = new AwsHttpClient(TestClients.FastOptions with { Endpoints = AwsEndpoints.None, Region = "eu-west-1" }, TestClients.Credentials, handler);

        var result = await new RestJsonProtocol(http).CallAsync(BatchImportFindings, HttpMethod.Post, "/findings/import",
            new JsonObject { ["Findings"] = new JsonArray() }, CancellationToken.None);

        Assert.Equal(1, result.GetProperty("SuccessCount").GetInt32());
        var request = Assert.Single(handler.Requests);
        Assert.Equal("https://securityhub.eu-west-1.amazonaws.com/findings/import", request.Uri.ToString());
        Assert.Contains("/eu-west-1/securityhub/aws4_request", request.Headers["Authorization"]);
    }

    [Fact]
    public async Task NotSubscribed_IsAnInvalidAccessError()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.Unauthorized,
            """{"Code":"InvalidAccessException","Message":"Account 123456789012 is not subscribed to AWS Security Hub"}""", "application/json",
            ("x-amzn-ErrorType", "InvalidAccessException"));
        using var http = TestClients.Http(handler);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => new RestJsonProtocol(http).CallAsync(BatchImportFindings, HttpMethod.Post,
            "/findings/import", new JsonObject(), CancellationToken.None));

        Assert.Equal(("InvalidAccessException", "securityhub:BatchImportFindings"), (e.ErrorCode, e.Operation.IamAction));
        Assert.Single(handler.Requests);
    }
}
