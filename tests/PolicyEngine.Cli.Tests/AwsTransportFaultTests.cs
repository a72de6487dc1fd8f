using System.Text.Json;

namespace PolicyEngine.Cli.Tests;

/// <summary>
/// The nightly job's most common failures, through the CLI: endpoints that refuse connections, do not resolve, are
/// malformed, or answer 200 with something that is not AWS's answer. Each ends with a message naming the endpoint and
/// the error, the facts affected recorded as collection errors, exit 3 (2 for a setting that cannot be used), and
/// never a stack trace.
/// </summary>
public sealed class AwsTransportFaultTests : IDisposable
{
    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private Dictionary<string, string> Environment(string endpoint, string? stsEndpoint = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIAFAULTTESTING0001",
            ["AWS_SECRET_ACCESS_KEY"] = "fault/test/secret/key/000000000000000001",
            ["AWS_REGION"] = "eu-west-1",
            ["AWS_ENDPOINT_URL"] = endpoint,
            ["AWS_MAX_ATTEMPTS"] = "2",
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_workspace.Root, "no-credentials"),
            ["AWS_CONFIG_FILE"] = Path.Combine(_workspace.Root, "no-config"),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };
        if (stsEndpoint is not null) environment["AWS_ENDPOINT_URL_STS"] = stsEndpoint;
        return environment;
    }

    private static void AssertNoCrash(CliRun run)
    {
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.DoesNotContain("Unhandled exception", run.Stderr);
    }

    /// <summary>Collects, and returns the snapshot's collection errors by API.</summary>
    private Dictionary<string, (string Code, string Message)> CollectExpectingErrors(Dictionary<string, string> environment)
    {
        var run = _workspace.RunWith(environment, "collect", "--out", "snapshot.json");
        Assert.True(run.ExitCode == 3, $"exit {run.ExitCode}\n{run.Stderr}");
        AssertNoCrash(run);
        Assert.Contains("Not collected:", run.Stderr);
        using var snapshot = JsonDocument.Parse(File.ReadAllText(Path.Combine(_workspace.Root, "snapshot.json")));
        return snapshot.RootElement.GetProperty("facts").GetProperty("collectionErrors").EnumerateArray()
            .GroupBy(e => e.GetProperty("api").GetString()!)
            .ToDictionary(g => g.Key, g => (g.First().GetProperty("errorCode").GetString()!, g.First().GetProperty("message").GetString()!));
    }

    [Theory]
    [InlineData(Misbehaviour.HtmlPage, "UnparseableResponse", "HTML")]
    [InlineData(Misbehaviour.EmptyBody, "UnparseableResponse", "empty body")]
    [InlineData(Misbehaviour.WrongDocument, "UnparseableResponse", "is not what")]
    [InlineData(Misbehaviour.TruncatedBody, "NetworkError", "could not reach")]
    public void A_200_that_is_not_the_expected_answer_is_a_collection_error_naming_the_endpoint(Misbehaviour misbehaviour, string code, string says)
    {
        using var endpoint = new MisbehavingEndpoint(misbehaviour);

        var errors = CollectExpectingErrors(Environment(endpoint.Url.ToString()));

        // Hand-written clients of every protocol (JSON 1.1, query XML, REST-JSON); the official SDK client (STS) is covered below.
        foreach (var api in new[] { "organizations:DescribeOrganization", "iam:GetAccountSummary", "account:GetContactInformation", "account:ListRegions", "ce:GetCostAndUsage" })
        {
            Assert.True(errors.TryGetValue(api, out var error), $"{api} not among {string.Join(", ", errors.Keys)}");
            Assert.Equal(code, error.Code);
            Assert.Contains(endpoint.Url.ToString(), error.Message);
            Assert.Contains(says, error.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void A_refused_connection_is_a_collection_error_naming_the_endpoint()
    {
        using var sts = new MisbehavingEndpoint();
        var closed = $"http://127.0.0.1:{MotoProcess.FreePort()}/";

        var errors = CollectExpectingErrors(Environment(closed, stsEndpoint: sts.Url.ToString()));

        foreach (var api in new[] { "organizations:DescribeOrganization", "iam:GetAccountSummary", "account:ListRegions", "ce:GetCostAndUsage" })
        {
            Assert.True(errors.TryGetValue(api, out var error), $"{api} not among {string.Join(", ", errors.Keys)}");
            Assert.Equal("NetworkError", error.Code);
            Assert.Contains(closed, error.Message);
            Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void A_name_that_does_not_resolve_is_a_collection_error_naming_the_endpoint()
    {
        using var sts = new MisbehavingEndpoint();

        var errors = CollectExpectingErrors(Environment("http://aws-endpoint.invalid/", stsEndpoint: sts.Url.ToString()));

        var error = errors["organizations:DescribeOrganization"];
        Assert.Equal("NetworkError", error.Code);
        Assert.Contains("aws-endpoint.invalid", error.Message);
        Assert.Equal("NetworkError", errors["ce:GetCostAndUsage"].Code);
    }

    [Fact]
    public void When_STS_cannot_be_reached_the_run_stops_with_the_endpoint_and_the_error()
    {
        var closed = $"http://127.0.0.1:{MotoProcess.FreePort()}/";

        var run = _workspace.RunWith(Environment(closed), "collect", "--out", "snapshot.json");

        Assert.Equal(3, run.ExitCode);
        AssertNoCrash(run);
        Assert.Contains("sts:GetCallerIdentity", run.Stderr);
        Assert.Contains(closed, run.Stderr);
        Assert.False(File.Exists(Path.Combine(_workspace.Root, "snapshot.json")));
    }

    [Theory]
    [InlineData("AWS_ENDPOINT_URL", "htp:/127.0.0.1:5000")]
    [InlineData("AWS_ENDPOINT_URL", "http://")]
    [InlineData("AWS_ENDPOINT_URL_IAM", "http://exa mple.com")]
    [InlineData("AWS_ENDPOINT_URL_SECURITYHUB", "127.0.0.1:5000")]
    public void A_malformed_endpoint_URL_is_an_invalid_setting_for_every_AWS_command(string variable, string value)
    {
        var environment = Environment("http://127.0.0.1:9/");
        environment[variable] = value;
        _workspace.Write("facts.json", Workspace.Facts(mfa: false));

        foreach (var args in new[]
        {
            new[] { "collect", "--out", "snapshot.json" },
            ["evaluate", "--aws"],
            ["evaluate", "--facts", "facts.json", "--report", "json=pushed.json", "--push", "securityhub"],
        })
        {
            var run = _workspace.RunWith(environment, args);
            Assert.True(run.ExitCode == 2, $"{string.Join(' ', args)}: exit {run.ExitCode}\n{run.Stderr}");
            AssertNoCrash(run);
            Assert.Contains(variable, run.Stderr);
        }
        Assert.False(File.Exists(Path.Combine(_workspace.Root, "snapshot.json")));
        Assert.False(File.Exists(Path.Combine(_workspace.Root, "pushed.json")));
    }

    [Fact]
    public void A_region_that_is_not_a_region_name_is_an_invalid_setting()
    {
        var run = _workspace.RunWith(Environment("http://127.0.0.1:9/"), "collect", "--out", "snapshot.json", "--region", "eu west 1");

        Assert.Equal(2, run.ExitCode);
        AssertNoCrash(run);
        Assert.Contains("'eu west 1' is not an AWS region name", run.Stderr);
    }

    [Theory]
    [InlineData(Misbehaviour.HtmlPage)]
    [InlineData(Misbehaviour.WrongDocument)]
    [InlineData(Misbehaviour.TruncatedBody)]
    public void Publishing_to_an_endpoint_that_misbehaves_names_it_and_every_finding(Misbehaviour misbehaviour)
    {
        using var endpoint = new MisbehavingEndpoint(misbehaviour);
        _workspace.Write("facts.json", Workspace.Facts(mfa: false));
        var evaluate = _workspace.RunWith(Environment(endpoint.Url.ToString()), "evaluate", "--facts", "facts.json", "--report", "json=results.json");
        Assert.Equal(1, evaluate.ExitCode);

        var run = _workspace.RunWith(Environment(endpoint.Url.ToString()), "publish", "securityhub", "--results", "results.json");

        Assert.True(run.ExitCode == 3, $"exit {run.ExitCode}\n{run.Stderr}");
        AssertNoCrash(run);
        Assert.Contains("Not delivered to Security Hub", run.Stderr);
        Assert.Contains(endpoint.Url.ToString(), run.Stderr);
    }
}
