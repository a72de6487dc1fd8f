using PolicyEngine.Aws.Collection;
using PolicyEngine.Aws.Tests.Support;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Results;
using PolicyEngine.Evaluation;
using PolicyEngine.Rules;
using PolicyEngine.Tests;

namespace PolicyEngine.Aws.Tests.Integration;

/// <summary>
/// The workload inventory and the billing catch-all end to end: the collector against moto (organization, trail,
/// alarm, EventBridge rules) and <see cref="InventoryStub"/> (what moto lacks), then the shipped rules on the snapshot.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class MotoInventoryTests(MotoFixture moto) : MotoCollectionTestBase(moto)
{
    private const string Management = MotoFixture.ManagementAccountId;
    private static readonly Lazy<Evaluator> Rules = new(() => new Evaluator(YamlRuleCompiler.CompileDirectory(Repo.Path("rules"))));

    /// <summary>What the seed's organization plumbing looks like to Cloud Control: the trail's bucket and the alarm's topic.</summary>
    private InventoryStub Plumbing()
    {
        var stub = new InventoryStub();
        stub.Add("AWS::S3::Bucket", Moto.Seed.Region, "trail-bucket-policy-engine", """{"BucketName":"trail-bucket-policy-engine"}""");
        stub.Add("AWS::SNS::Topic", Moto.Seed.Region, $"arn:aws:sns:{Moto.Seed.Region}:{Management}:root-alerts",
            $$"""{"TopicArn":"arn:aws:sns:{{Moto.Seed.Region}}:{{Management}}:root-alerts"}""");
        return stub;
    }

    [MotoFact]
    public async Task ALambdaAnRdsInstanceAndAnEcsCluster_FailMA0101_AllThreeNamed()
    {
        var stub = Plumbing();
        stub.Add("AWS::Lambda::Function", Moto.Seed.Region, "invoice-export");
        stub.Add("AWS::RDS::DBInstance", Moto.Seed.Region, "billing-db");
        stub.Add("AWS::ECS::Cluster", "us-east-1", "batch", """{"Arn":"arn:aws:ecs:us-east-1:123456789012:cluster/batch"}""");
        await using var proxy = Proxy(stub);

        var facts = (await CollectAsync(Options(proxy) with { WorkloadRegions = null })).Facts;

        Assert.Empty(facts.CollectionErrors);
        Assert.Equal(5, facts.WorkloadResources.Count);
        Assert.Contains(facts.WorkloadResources, r => r is { ResourceType: "AWS::Lambda::Function", Name: "invoice-export" }
            && r.Arn == $"arn:aws:lambda:{Moto.Seed.Region}:{Management}:function:invoice-export");
        Assert.Contains(facts.WorkloadResources, r => r.Arn == $"arn:aws:rds:{Moto.Seed.Region}:{Management}:db:billing-db");
        Assert.Contains(facts.WorkloadResources, r => r is { Region: "us-east-1", Arn: "arn:aws:ecs:us-east-1:123456789012:cluster/batch" });
        // Every enabled region was listed (ap-southeast-5 is opted in; me-central-1 is disabled, af-south-1 disabling).
        Assert.Equal(["ap-southeast-5", "eu-west-1", "us-east-1"], stub.ListResourcesCalls.Select(c => c.Region).Distinct().Order());

        var result = Result(facts, "MA0101");
        Assert.Equal(ResultStatus.Fail, result.Status);
        Assert.Contains("holds 3 workload resource(s)", result.Message);
        Assert.Contains("AWS::ECS::Cluster (1): batch", result.Message);
        Assert.Contains("AWS::Lambda::Function (1): invoice-export", result.Message);
        Assert.Contains("AWS::RDS::DBInstance (1): billing-db", result.Message);
        Assert.Equal(3, result.Evidence.Count(e => e.StartsWith("arn:", StringComparison.Ordinal) && !e.Contains(' ', StringComparison.Ordinal)));
        Assert.Contains(result.Evidence, e => e.StartsWith("arn:aws:s3:::trail-bucket-policy-engine is not counted as a workload", StringComparison.Ordinal));
    }

    [MotoFact]
    public async Task OnlyTheOrganizationTrailAndItsAlerting_PassMA0101_WithEveryExemptionInTheEvidence()
    {
        await using var proxy = Proxy(Plumbing());

        var facts = (await CollectAsync(Options(proxy))).Facts;

        var result = Result(facts, "MA0101");
        Assert.Equal(ResultStatus.Pass, result.Status);
        Assert.Contains("(2 resource(s) listed", result.Message);
        Assert.Equal(
        [
            $"arn:aws:s3:::trail-bucket-policy-engine is not counted as a workload: it is the S3 bucket receiving its logs of trail {Moto.Seed.TrailArn}.",
            $"arn:aws:sns:{Moto.Seed.Region}:{Management}:root-alerts is not counted as a workload: it is the SNS topic notified by CloudWatch alarm arn:aws:cloudwatch:{Moto.Seed.Region}:{Management}:alarm:root-usage.",
        ], result.Evidence);
    }

    [MotoFact]
    public async Task UnsupportedTypesAndRegionsNotEnabled_AreGaps_DeniedListingsAreErrors()
    {
        var stub = Plumbing();
        stub.Unsupported.Add(("AWS::AppRunner::Service", "ap-southeast-5"));
        stub.Denied.Add(("AWS::SageMaker::Domain", "ap-southeast-5"));
        stub.Add("AWS::Lambda::Function", Moto.Seed.Region, "invoice-export");
        await using var proxy = Proxy(stub);

        var facts = (await CollectAsync(Options(proxy) with { WorkloadRegions = [Moto.Seed.Region, "ap-southeast-5", "me-central-1"] })).Facts;

        Assert.Contains(facts.InventoryGaps, g => g is { Region: "ap-southeast-5", ResourceType: "AWS::AppRunner::Service", Reason: "TypeNotFoundException" });
        Assert.Contains(facts.InventoryGaps, g => g is { Region: "me-central-1", ResourceType: null, Reason: "RegionNotEnabled" });
        Assert.DoesNotContain(stub.ListResourcesCalls, c => c.Region == "me-central-1");
        var error = Assert.Single(facts.CollectionErrors);
        Assert.Equal((nameof(WorkloadResource), "cloudformation:ListResources", "AccessDeniedException", "ap-southeast-5"),
            (error.FactType, error.Api, error.ErrorCode, error.Region));

        var result = Result(facts, "MA0101");
        Assert.Equal(ResultStatus.Fail, result.Status); // found in eu-west-1, so the denied listing does not make it unknown
        Assert.Contains("Not listed: regions me-central-1 (RegionNotEnabled); AWS::AppRunner::Service in ap-southeast-5 (TypeNotFoundException).", result.Message);
        Assert.Contains("Not read: WorkloadResource could not be collected in ap-southeast-5 (cloudformation:ListResources: AccessDeniedException)", result.Message);
    }

    [MotoFact]
    public async Task CostExplorer_NamesServicesOutsideThePlumbing_AndCanBeSwitchedOff()
    {
        var stub = Plumbing();
        stub.CostPeriods.Add([("AWS CloudTrail", "31.02"), ("Amazon SageMaker", "412.5"), ("AWS Lambda", "0.004")]);
        await using var proxy = Proxy(stub);

        var facts = (await CollectAsync(Options(proxy))).Facts;
        var off = (await CollectAsync(Options(proxy) with { CollectCosts = false })).Facts;

        Assert.Equal(["AWS CloudTrail", "AWS Lambda", "Amazon SageMaker"], facts.ServiceSpends.Select(s => s.Service).Order(StringComparer.Ordinal));
        Assert.Equal(30, facts.ServiceSpends[0].PeriodEnd.DayNumber - facts.ServiceSpends[0].PeriodStart.DayNumber);
        var fail = Result(facts, "MA0105");
        Assert.Equal(ResultStatus.Fail, fail.Status);
        Assert.Contains("paid for 1 service(s)", fail.Message);
        Assert.Contains("Amazon SageMaker 412.50 USD", fail.Message);
        Assert.Single(stub.CostRequests); // one billed request per run, not one per region or page of something else

        Assert.Empty(off.ServiceSpends);
        Assert.Equal(ResultStatus.Unknown, Result(off, "MA0105").Status);
        Assert.Contains("Cost Explorer is switched off", Assert.Single(off.CollectionErrors).Message);
    }

    private static RuleResult Result(FactSet facts, string ruleId) =>
        Assert.Single(Rules.Value.Evaluate(facts), r => r.RuleId == ruleId && r.AccountId == Management);
}
