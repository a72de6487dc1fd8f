using PolicyEngine.Aws.Http;
using System.Diagnostics;
using static PolicyEngine.SecurityHub.Tests.PublisherHarness;

namespace PolicyEngine.SecurityHub.Tests;

/// <summary>The publisher against <see cref="StubSecurityHub"/>: batching, limits, throttling, partial failures, re-runs, dry run.</summary>
public sealed class PublisherTests
{
    private readonly StubSecurityHub _hub = new();
    private readonly TestClock _clock = new(FirstRun);

    private Task<PublishResult> PublishAsync(EvaluationReport report, SecurityHubPublisherOptions? options = null, AwsClientOptions? client = null) =>
        Publisher(_hub, _clock, options, client).PublishAsync(report, CancellationToken.None);

    private JsonObject Stored(string ruleId, string account) => _hub.Findings.Values.Single(f =>
        (string?)f["ProductFields"]!["PolicyEngine/RuleId"] == ruleId && (string?)f["ProductFields"]!["PolicyEngine/AccountId"] == account);

    [Fact]
    public async Task Every_result_is_delivered_in_batches_of_at_most_100()
    {
        var report = ManyAccounts(450);

        var result = await PublishAsync(report);

        Assert.True(result.Succeeded, string.Join("\n", result.Failed));
        Assert.Equal(450, result.Delivered.Count);
        Assert.Equal(450, _hub.Findings.Count);
        Assert.Equal([50, 100, 100, 100, 100], _hub.Successful("BatchImportFindings").Select(c => c.Findings).Order());
        Assert.Equal(1 + 5, result.Requests);
    }

    [Fact]
    public async Task Large_findings_are_split_to_stay_under_6_MB_per_call()
    {
        // ~150 KB per finding (a very long resource identifier): 100 of them would be 15 MB.
        var report = ManyAccounts(60, i => $"arn:aws:s3:::bucket-{i}/" + new string('k', 150_000));

        var result = await PublishAsync(report);

        Assert.True(result.Succeeded, string.Join("\n", result.Failed));
        var imports = _hub.Successful("BatchImportFindings").ToList();
        Assert.True(imports.Count >= 2, $"{imports.Count} call(s)");
        Assert.All(imports, c => Assert.InRange(c.Bytes, 1, 6_000_000));
        Assert.Equal(60, imports.Sum(c => c.Findings));
    }

    [Fact]
    public async Task A_finding_over_240_KB_is_named_and_the_rest_delivered()
    {
        var report = ManyAccounts(5, i => i == 2 ? "arn:aws:s3:::" + new string('h', 300_000) : ReportFixture.Root((100000000000L + i).ToString()));

        var result = await PublishAsync(report);

        var failed = Assert.Single(result.Failed);
        Assert.Equal(("FindingTooLarge", "MA0401", "100000000002"), (failed.ErrorCode, failed.RuleId, failed.AccountId));
        Assert.Equal(4, _hub.Findings.Count);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task Throttled_calls_are_retried_with_backoff()
    {
        _hub.ThrottleImportsFirst = 4;

        var result = await PublishAsync(ManyAccounts(150));

        Assert.True(result.Succeeded, string.Join("\n", result.Failed));
        Assert.Equal(150, _hub.Findings.Count);
        Assert.Equal(4, _hub.Calls.Count(c => c.Status == 429));
        Assert.Equal(1 + 2 + 4, result.Requests);
    }

    [Fact]
    public async Task A_Retry_After_from_the_service_is_honoured()
    {
        _hub.ThrottleImportsFirst = 1;
        _hub.RetryAfterSeconds = 1;

        Assert.True((await PublishAsync(ReportFixture.Create())).Succeeded);

        var imports = _hub.Calls.Where(c => c.Operation == "BatchImportFindings").ToList();
        Assert.Equal([429, 200], imports.Select(c => c.Status));
        Assert.True(imports[1].At - imports[0].At >= TimeSpan.FromMilliseconds(950), $"retried after {(imports[1].At - imports[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Throttling_that_never_ends_names_every_finding()
    {
        _hub.ThrottleImportsAlways = true;

        var result = await PublishAsync(ReportFixture.Create(), client: FastClient with { MaxAttempts = 3 });

        Assert.False(result.Succeeded);
        Assert.Empty(result.Delivered);
        Assert.Equal(ReportFixture.Create().Results.Count, result.Failed.Count);
        Assert.All(result.Failed, f => Assert.Equal("LimitExceededException", f.ErrorCode));
        Assert.Equal(3, _hub.Calls.Count(c => c.Operation == "BatchImportFindings"));
    }

    [Fact]
    public async Task Failed_findings_are_sent_again_and_those_that_keep_failing_are_named()
    {
        var report = ReportFixture.Create();
        var ids = report.Results.Select(AsffFindingFactory.FindingId).ToList();
        _hub.FailOnce.UnionWith(ids.Take(3));
        _hub.FailAlways.Add(ids[5]);

        var result = await PublishAsync(report);

        var failed = Assert.Single(result.Failed);
        Assert.Equal(ids[5], failed.Id);
        Assert.Equal((report.Results[5].RuleId, report.Results[5].AccountId, report.Results[5].Resource), (failed.RuleId, failed.AccountId, failed.Resource));
        Assert.Equal("InternalFailure", failed.ErrorCode);
        Assert.Equal(ids.Count - 1, _hub.Findings.Count);
        // First round: every finding; second: the 3 that failed once and the one that always fails; third: that one.
        Assert.Equal([ids.Count, 4, 1], _hub.Successful("BatchImportFindings").Select(c => c.Findings));
    }

    [Fact]
    public async Task A_rerun_updates_keeps_CreatedAt_archives_what_passes_or_is_gone_and_leaves_other_rules_alone()
    {
        var first = ReportFixture.Create();
        Assert.True((await PublishAsync(first)).Succeeded);
        var countAfterFirst = _hub.Findings.Count;

        _clock.Now = FirstRun.AddDays(1);
        var second = first with
        {
            Rules = RulesExcept("MA0801"), // MA0801 did not run this time
            Results = first.Results
                .Where(r => r.RuleId != "MA0801" && r.RuleId != "MA0201") // MA0201's subject is gone
                .Select(r => r.RuleId == "MA0401" && r.AccountId == ReportFixture.Management ? r with { Status = ResultStatus.Pass } : r)
                .ToList(),
        };
        var result = await PublishAsync(second);

        Assert.True(result.Succeeded, string.Join("\n", result.Failed));
        Assert.Equal(countAfterFirst, _hub.Findings.Count); // no duplicates
        Assert.Equal(countAfterFirst, result.ExistingFindings);

        var kept = Stored("MA0101", ReportFixture.Management);
        Assert.Equal("2026-11-20T02:30:00.000Z", (string?)kept["CreatedAt"]);
        Assert.Equal("2026-11-21T02:30:00.000Z", (string?)kept["UpdatedAt"]);

        var resolved = Stored("MA0401", ReportFixture.Management);
        Assert.Equal(("PASSED", "ARCHIVED", "2026-11-20T02:30:00.000Z"),
            ((string?)resolved["Compliance"]!["Status"], (string?)resolved["RecordState"], (string?)resolved["CreatedAt"]));

        var gone = Stored("MA0201", ReportFixture.Management);
        Assert.Equal(("ARCHIVED", "2026-11-21T02:30:00.000Z", "NOT_AVAILABLE", "INFORMATIONAL", "HIGH"),
            ((string?)gone["RecordState"], (string?)gone["UpdatedAt"], (string?)gone["Compliance"]!["Status"],
             (string?)gone["FindingProviderFields"]!["Severity"]!["Label"], (string?)gone["FindingProviderFields"]!["Severity"]!["Original"]));
        Assert.Equal("2026-11-20T02:30:00.000Z", (string?)gone["CreatedAt"]);

        var untouched = Stored("MA0801", ReportFixture.Management);
        Assert.Equal(("ACTIVE", "2026-11-20T02:30:00.000Z"), ((string?)untouched["RecordState"], (string?)untouched["UpdatedAt"]));

        Assert.Equal(
            new[] { AsffFindingFactory.FindingId(first.Results.Single(r => r.RuleId == "MA0201")), (string)resolved["Id"]! }.Order(),
            result.Archived.Order());
    }

    [Fact]
    public async Task A_rerun_in_the_same_millisecond_still_updates()
    {
        Assert.True((await PublishAsync(ReportFixture.Create())).Succeeded);
        var changed = ReportFixture.Create() with { Results = ReportFixture.Create().Results.Select(r => r with { Message = "changed" }).ToList() };

        Assert.True((await PublishAsync(changed)).Succeeded);

        var finding = Stored("MA0101", ReportFixture.Management);
        Assert.Equal("changed", (string?)finding["Description"]);
        Assert.Equal("2026-11-20T02:30:00.001Z", (string?)finding["UpdatedAt"]);
    }

    [Fact]
    public async Task A_new_suppression_on_an_existing_finding_sets_the_workflow_and_its_end_reopens_it()
    {
        var report = ReportFixture.Create();
        RuleResult Workloads(EvaluationReport r) => r.Results.Single(x => x.RuleId == "MA0401" && x.AccountId == ReportFixture.Workloads);
        await PublishAsync(report);
        Assert.Null(Stored("MA0401", ReportFixture.Workloads)["Workflow"]);

        _clock.Now = FirstRun.AddDays(1);
        var suppression = new Suppression("Account is being closed.", "ops@acme.example", null);
        var suppressed = report with { Results = report.Results.Select(r => r == Workloads(report) ? r with { Status = ResultStatus.Suppressed, Suppression = suppression } : r).ToList() };
        Assert.True((await PublishAsync(suppressed)).Succeeded);
        var finding = Stored("MA0401", ReportFixture.Workloads);
        Assert.Equal("SUPPRESSED", (string?)finding["Workflow"]!["Status"]);
        Assert.Equal("Suppressed: Account is being closed. (owner ops@acme.example)", (string?)finding["Note"]!["Text"]);

        _clock.Now = FirstRun.AddDays(2);
        Assert.True((await PublishAsync(report)).Succeeded);
        Assert.Equal("NEW", (string?)Stored("MA0401", ReportFixture.Workloads)["Workflow"]!["Status"]);
        Assert.Equal(2, _hub.Successful("BatchUpdateFindings").Count());
    }

    [Fact]
    public async Task A_dry_run_writes_the_requests_and_changes_nothing()
    {
        await PublishAsync(ReportFixture.Create());
        var before = _hub.Findings.ToDictionary(f => f.Key, f => f.Value.ToJsonString());
        _clock.Now = FirstRun.AddDays(1);
        var path = Path.Combine(Repository.TempDirectory(), "dry-run.json");

        var result = await PublishAsync(ReportFixture.Create() with { Results = ReportFixture.Create().Results.Where(r => r.RuleId != "MA0201").ToList() }, Fast with { DryRunPath = path });

        Assert.Equal(path, result.DryRunPath);
        Assert.Equal(before, _hub.Findings.ToDictionary(f => f.Key, f => f.Value.ToJsonString()));
        var requests = JsonNode.Parse(File.ReadAllText(path))!["requests"]!.AsArray();
        var import = Assert.Single(requests)!;
        Assert.Equal(("BatchImportFindings", "POST", "/findings/import"), ((string?)import["operation"], (string?)import["method"], (string?)import["path"]));
        var findings = import["body"]!["Findings"]!.AsArray();
        Assert.Equal(ReportFixture.Create().Results.Count, findings.Count); // 14 current results + the gone MA0201, archived
        Assert.Contains(findings, f => (string?)f!["RecordState"] == "ARCHIVED" && (string?)f["ProductFields"]!["PolicyEngine/RuleId"] == "MA0201");
        Assert.All(findings, f => Assert.Equal("2026-11-20T02:30:00.000Z", (string?)f!["CreatedAt"]));
    }

    [Fact]
    public async Task A_dry_run_needs_no_Security_Hub()
    {
        var path = Path.Combine(Repository.TempDirectory(), "dry-run.json");
        var publisher = new SecurityHubPublisher(null, Target, Fast with { DryRunPath = path }, _clock);

        var result = await publisher.PublishAsync(ManyAccounts(120), CancellationToken.None);

        Assert.Equal(120, result.Delivered.Count);
        var requests = JsonNode.Parse(File.ReadAllText(path))!["requests"]!.AsArray();
        Assert.Equal([100, 20], requests.Select(r => r!["body"]!["Findings"]!.AsArray().Count));
    }

    [Fact]
    public async Task When_existing_findings_cannot_be_read_nothing_is_sent_and_everything_is_named()
    {
        _hub.FailGetFindings = true;

        var result = await PublishAsync(ReportFixture.Create());

        Assert.Equal(ReportFixture.Create().Results.Count, result.Failed.Count);
        Assert.All(result.Failed, f => Assert.Equal("InvalidAccessException", f.ErrorCode));
        Assert.DoesNotContain(_hub.Calls, c => c.Operation == "BatchImportFindings");
        Assert.Single(_hub.Calls); // a 400 is not retried
    }

    [Fact]
    public async Task Existing_findings_are_read_page_by_page()
    {
        _hub.PageSize = 7;
        await PublishAsync(ManyAccounts(30));
        _clock.Now = FirstRun.AddDays(1);

        var result = await PublishAsync(ManyAccounts(30));

        Assert.Equal(30, result.ExistingFindings);
        // The first run reads one empty page; the second reads 30 findings 7 at a time: 5 pages.
        Assert.Equal(1 + 5, _hub.Successful("GetFindings").Count());
    }

    [Fact]
    public async Task A_NextToken_that_repeats_stops_the_publish_instead_of_looping()
    {
        _hub.LoopNextToken = true;

        var result = await PublishAsync(ReportFixture.Create());

        Assert.All(result.Failed, f => Assert.Equal("InvalidResponse", f.ErrorCode));
        Assert.Equal(ReportFixture.Create().Results.Count, result.Failed.Count);
        Assert.Equal(2, _hub.Calls.Count(c => c.Operation == "GetFindings"));
    }

    [Fact]
    public async Task Requests_are_paced_by_the_token_bucket()
    {
        var watch = Stopwatch.StartNew();
        // 1 GetFindings + 6 imports = 7 requests with a burst of 2 at 10 per second: at least 0.5 s.
        var result = await PublishAsync(ManyAccounts(600), client: FastClient with
        {
            RatesPerSecond = new Dictionary<string, double> { ["SECURITYHUB"] = 10 },
            Bursts = new Dictionary<string, int> { ["SECURITYHUB"] = 2 },
        });

        Assert.True(result.Succeeded);
        Assert.Equal(7, result.Requests);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(480), $"took {watch.Elapsed.TotalMilliseconds} ms");
    }
}
