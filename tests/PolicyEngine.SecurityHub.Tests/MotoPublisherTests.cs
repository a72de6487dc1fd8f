using Amazon.Runtime;
using PolicyEngine.Aws.Http;
using static PolicyEngine.SecurityHub.Tests.PublisherHarness;

namespace PolicyEngine.SecurityHub.Tests;

[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoServer>
{
    public const string Name = "moto";
}

/// <summary>The publisher against moto's Security Hub, over HTTP, as it would talk to AWS.</summary>
[Collection(MotoCollection.Name)]
public sealed class MotoPublisherTests(MotoServer moto) : IAsyncLifetime
{
    private readonly TestClock _clock = new(FirstRun);

    public Task InitializeAsync() => MotoProcess.SkipReason is not null ? Task.CompletedTask : moto.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private SecurityHubPublisher Publisher() => new(Api(moto.Endpoint), Target, Fast, _clock);

    /// <summary>Everything moto holds, read with a plain GetFindings, page by page.</summary>
    private async Task<List<AsffFinding>> AllFindingsAsync()
    {
        var api = Api(moto.Endpoint);
        var all = new List<AsffFinding>();
        string? token = null;
        do
        {
            var page = await api.GetFindingsAsync(new GetFindingsRequest(null, token, 100), CancellationToken.None);
            all.AddRange(page.Findings);
            token = page.NextToken;
        } while (!string.IsNullOrEmpty(token));
        return all;
    }

    [MotoFact]
    public async Task A_run_and_a_rerun_keep_Security_Hub_in_step()
    {
        var first = ReportFixture.Create();
        var run1 = await Publisher().PublishAsync(first, CancellationToken.None);
        Assert.True(run1.Succeeded, string.Join("\n", run1.Failed));
        var afterFirst = await AllFindingsAsync();
        Assert.Equal(first.Results.Count, afterFirst.Count);
        foreach (var finding in afterFirst)
            AsffAssert.Valid(System.Text.Json.JsonSerializer.SerializeToNode(finding, new System.Text.Json.JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull })!.AsObject());

        _clock.Now = FirstRun.AddHours(24);
        var second = first with
        {
            Rules = RulesExcept("MA0801"),
            Results = first.Results
                .Where(r => r.RuleId is not ("MA0801" or "MA0201"))
                .Select(r => r.RuleId == "MA0101" ? r with { Status = ResultStatus.Pass } : r)
                .ToList(),
        };
        var run2 = await Publisher().PublishAsync(second, CancellationToken.None);

        Assert.True(run2.Succeeded, string.Join("\n", run2.Failed));
        Assert.Equal(first.Results.Count, run2.ExistingFindings);
        var afterSecond = (await AllFindingsAsync()).ToDictionary(f => f.ProductFields!["PolicyEngine/RuleId"] + "|" + f.ProductFields["PolicyEngine/AccountId"]);
        Assert.Equal(afterFirst.Count, afterSecond.Count); // updated in place, no duplicates

        var resolved = afterSecond["MA0101|" + ReportFixture.Management];
        Assert.Equal(("PASSED", "ARCHIVED"), (resolved.Compliance!.Status, resolved.RecordState));
        Assert.Equal(("2026-11-20T02:30:00.000Z", "2026-11-21T02:30:00.000Z"), (resolved.CreatedAt, resolved.UpdatedAt));
        Assert.Equal("ARCHIVED", afterSecond["MA0201|" + ReportFixture.Management].RecordState);
        Assert.Equal(("ACTIVE", "2026-11-20T02:30:00.000Z"), (afterSecond["MA0801|" + ReportFixture.Management].RecordState, afterSecond["MA0801|" + ReportFixture.Management].UpdatedAt));
        Assert.Equal("SUPPRESSED", afterSecond["MA0401|" + ReportFixture.Sandbox].Workflow!.Status);
    }

    [MotoFact]
    public async Task Hundreds_of_findings_go_in_batches_and_read_back_across_pages()
    {
        var report = ManyAccounts(250);
        var run1 = await Publisher().PublishAsync(report, CancellationToken.None);
        Assert.True(run1.Succeeded, string.Join("\n", run1.Failed));
        Assert.Equal(250, (await AllFindingsAsync()).Count);

        _clock.Now = FirstRun.AddHours(1);
        var run2 = await Publisher().PublishAsync(report, CancellationToken.None);

        Assert.Equal(250, run2.ExistingFindings); // GetFindings followed moto's NextToken over 3 pages
        Assert.Equal(250, run2.Delivered.Count);
        Assert.Equal(250, (await AllFindingsAsync()).Count);
        Assert.All(await AllFindingsAsync(), f => Assert.Equal("2026-11-20T02:30:00.000Z", f.CreatedAt));
    }

    [MotoFact]
    public async Task The_shared_signed_AWS_client_publishes_too()
    {
        // The path the CLI takes: SigV4-signed by PolicyEngine.Aws, endpoint overridden to moto as AWS_ENDPOINT_URL would.
        var options = new AwsClientOptions { Region = "us-east-1", Endpoints = new AwsEndpoints(moto.Endpoint, new Dictionary<string, Uri>()) };
        using var client = new AwsHttpClient(options, new BasicAWSCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        var publisher = new SecurityHubPublisher(new AwsSecurityHubApi(client), Target, Fast, _clock);

        var result = await publisher.PublishAsync(ReportFixture.Create(), CancellationToken.None);

        Assert.True(result.Succeeded, string.Join("\n", result.Failed));
        Assert.Equal(ReportFixture.Create().Results.Count, (await AllFindingsAsync()).Count);
    }

    [MotoFact]
    public async Task A_dry_run_against_moto_reads_but_does_not_write()
    {
        var path = Path.Combine(Repository.TempDirectory(), "dry.json");
        var publisher = new SecurityHubPublisher(Api(moto.Endpoint), Target, Fast with { DryRunPath = path }, _clock);

        var result = await publisher.PublishAsync(ReportFixture.Create(), CancellationToken.None);

        Assert.Equal(ReportFixture.Create().Results.Count, result.Delivered.Count);
        Assert.Empty(await AllFindingsAsync());
        Assert.Equal("BatchImportFindings", (string?)JsonNode.Parse(File.ReadAllText(path))!["requests"]![0]!["operation"]);
    }
}
