using System.Text.Json;

namespace PolicyEngine.Cli.Tests;

/// <summary>
/// Canary credentials against an endpoint that echoes every request in its error bodies: no copy of them (raw,
/// JSON-escaped, percent-encoded) may appear on stdout, stderr or in any file the run writes, in text or JSON logs,
/// for collect, evaluate --aws, publish and --push, through the hand-written and the official SDK clients alike.
/// </summary>
public sealed class SecretLeakTests : IDisposable
{
    private const string AccessKey = "AKIACANARYLEAKTEST01";
    private const string SecretKey = "canary/Secret+Key=ThatMustNeverLeak/000001";
    private const string SessionToken = "IQoJb3JpZ2luX2VjEOr//canary+session/token==ThatMustNeverLeak0000000001";

    private readonly MisbehavingEndpoint _echo = new(Misbehaviour.EchoRequest);
    private readonly Workspace _workspace = new();

    public void Dispose()
    {
        _echo.Dispose();
        _workspace.Dispose();
    }

    private Dictionary<string, string> Environment => new()
    {
        ["AWS_ACCESS_KEY_ID"] = AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
        ["AWS_SESSION_TOKEN"] = SessionToken,
        ["AWS_REGION"] = "eu-west-1",
        ["AWS_ENDPOINT_URL"] = _echo.Url.ToString(),
        ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_workspace.Root, "no-credentials"),
        ["AWS_CONFIG_FILE"] = Path.Combine(_workspace.Root, "no-config"),
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    /// <summary>Every form a canary could take on its way out.</summary>
    private static IEnumerable<string> Copies()
    {
        foreach (var secret in new[] { AccessKey, SecretKey, SessionToken })
        {
            yield return secret;
            yield return JsonSerializer.Serialize(secret).Trim('"');
            yield return Uri.EscapeDataString(secret);
            yield return Uri.EscapeDataString(secret).ToLowerInvariant();
            yield return secret.Replace("/", "\\/");
        }
        yield return "canary";
    }

    private void AssertNothingLeaked(CliRun run)
    {
        var outputs = new Dictionary<string, string> { ["stdout"] = run.Stdout, ["stderr"] = run.Stderr };
        foreach (var file in Directory.GetFiles(_workspace.Root, "*", SearchOption.AllDirectories))
            outputs[Path.GetRelativePath(_workspace.Root, file)] = File.ReadAllText(file);
        foreach (var (where, text) in outputs)
        foreach (var copy in Copies())
            Assert.False(text.Contains(copy, StringComparison.OrdinalIgnoreCase), $"{where} contains '{copy}':\n{text}");
        Assert.NotEqual(0, _echo.Requests);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public void Collect_keeps_echoed_credentials_out_of_logs_errors_and_the_snapshot(string logFormat)
    {
        var run = _workspace.RunWith(Environment, "collect", "--out", "snapshot.json", "--log-format", logFormat);

        Assert.True(run.ExitCode == 3, $"exit {run.ExitCode}\n{run.Stderr}");
        AssertNothingLeaked(run);
        var snapshot = File.ReadAllText(Path.Combine(_workspace.Root, "snapshot.json"));
        // The echoes were recorded (so this test can fail), masked: through every hand-written client, the inventory's included.
        Assert.Contains("[REDACTED]", snapshot);
        using var document = JsonDocument.Parse(snapshot);
        var apis = document.RootElement.GetProperty("facts").GetProperty("collectionErrors").EnumerateArray()
            .Select(e => e.GetProperty("api").GetString()).ToHashSet();
        Assert.Contains("organizations:DescribeOrganization", apis);
        Assert.Contains("account:ListRegions", apis);
        Assert.Contains("ce:GetCostAndUsage", apis);
        Assert.Contains("[REDACTED]", run.Stderr);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public void Evaluate_aws_keeps_echoed_credentials_out_of_logs_and_reports(string logFormat)
    {
        var run = _workspace.RunWith(Environment, "evaluate", "--aws", "--log-format", logFormat,
            "--report", "json=results.json", "--report", "sarif=results.sarif", "--report", "markdown=results.md", "--report", "console");

        Assert.True(run.ExitCode == 3, $"exit {run.ExitCode}\n{run.Stderr}");
        AssertNothingLeaked(run);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public void Publish_and_push_keep_echoed_credentials_out_of_logs(string logFormat)
    {
        _workspace.Write("facts.json", Workspace.Facts(mfa: false));
        var evaluate = _workspace.RunWith(Environment, "evaluate", "--facts", "facts.json", "--report", "json=results.json",
            "--push", "securityhub", "--log-format", logFormat);
        Assert.True(evaluate.ExitCode == 3, $"exit {evaluate.ExitCode}\n{evaluate.Stderr}");
        AssertNothingLeaked(evaluate);

        var publish = _workspace.RunWith(Environment, "publish", "securityhub", "--results", "results.json", "--log-format", logFormat);

        Assert.True(publish.ExitCode == 3, $"exit {publish.ExitCode}\n{publish.Stderr}");
        AssertNothingLeaked(publish);
        Assert.Contains("[REDACTED]", publish.Stderr);
    }
}
