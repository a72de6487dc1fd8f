using System.Text.Json;
using PolicyEngine.Aws.Tests.Support;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Results;
using PolicyEngine.Evaluation;
using PolicyEngine.Rules;
using PolicyEngine.Tests;
using Xunit.Abstractions;

namespace PolicyEngine.Aws.Tests.Integration;

/// <summary>
/// An organization built to follow every automated recommendation (Moto/seed-compliant.py: an organization trail to a
/// bucket named corp-audit-trail-7f3k, an EventBridge rule on root activity in us-east-1, delegated administrators where
/// AWS supports them, CloudTrail kept in the management account), collected from moto through the stub proxy for what
/// moto lacks (root's credential-report row with MFA and no keys, IAM's organization features, the contact
/// information), then judged by the shipped rules: no automated rule may fail or be unknown.
/// </summary>
public sealed class CompliantOrganizationTests(ITestOutputHelper output)
{
    [MotoFact]
    public async Task AnOrganizationFollowingEveryAutomatedRecommendation_FailsNoAutomatedRule()
    {
        using var moto = MotoProcess.Start();
        var script = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Moto", "seed-compliant.py"));
        using var seed = JsonDocument.Parse(moto.Python($"import sys\nsys.argv = ['seed-compliant.py', '{moto.Endpoint.ToString().TrimEnd('/')}']\n" + script));
        var region = seed.RootElement.GetProperty("region").GetString()!;
        // Cloud Control (which moto lacks) lists what the seed created that is not a workload: the trail's own bucket.
        var bucket = seed.RootElement.GetProperty("bucket").GetString()!;
        var inventory = new InventoryStub();
        inventory.Add("AWS::S3::Bucket", region, bucket, $$"""{"BucketName":"{{bucket}}"}""");
        await using var proxy = new AwsStubProxy(moto.Endpoint).WithMotoGaps(inventory: inventory);

        var snapshot = await new PolicyEngine.Aws.Collection.OrganizationCollector().CollectAsync(MotoCollectionTestBase.OptionsFor(proxy, region), null, CancellationToken.None);
        var rules = YamlRuleCompiler.CompileDirectory(Repo.Path("rules"), new CompileOptions
        {
            // The one automated rule that needs to be told something: which e-mail domains are the company's.
            ParameterOverrides = new Dictionary<string, IReadOnlyDictionary<string, object>>
            {
                ["MA0202"] = new Dictionary<string, object> { ["corporateDomains"] = new List<string> { "example.com" } },
            },
        });
        Assert.False(rules.HasErrors);
        var results = new Evaluator(rules).Evaluate(snapshot.Facts);

        foreach (var line in CollectionError.Summarize(snapshot.Facts.CollectionErrors)) output.WriteLine("Not collected: " + line);
        foreach (var result in results)
            output.WriteLine($"{result.Status.ToString().ToUpperInvariant(),-8} {result.RuleId} {result.Resource}: {result.Message}{string.Concat(result.Evidence.Select(e => "\n           evidence: " + e))}");

        var automated = rules.Rules.Where(r => !r.Descriptor.FactTypes.Any(t => FactCatalog.Find(t)?.IsAttestation ?? false)).Select(r => r.Id).ToHashSet();
        Assert.Empty(snapshot.Facts.CollectionErrors);
        Assert.Empty(results.Where(r => automated.Contains(r.RuleId) && r.Status is not (ResultStatus.Pass or ResultStatus.NotApplicable)).Select(r => $"{r.RuleId} {r.Status}: {r.Message}"));
        // Every automated rule judged something, so the passes are real.
        Assert.Equal(automated.Order(), results.Where(r => automated.Contains(r.RuleId)).Select(r => r.RuleId).Distinct().Order());
        // The trail's bucket, named as we chose, is recognised as the trail's and shown.
        Assert.Contains(results.Single(r => r.RuleId == "MA0101").Evidence, e => e.Contains("corp-audit-trail-7f3k", StringComparison.Ordinal));
    }
}
