using System.Reflection;
using System.Text.Json;
using PolicyEngine.Aws.Collection;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Inventory;

namespace PolicyEngine.Aws.Tests.Policy;

/// <summary>
/// docs/iam-policy.json grants exactly what the collectors need: the actions the clients declare (first statement) and
/// the permissions the Cloud Control list handlers of the default resource types need (second statement), nothing more.
/// </summary>
public sealed class IamPolicyTests
{
    [Fact]
    public void FirstStatementGrantsExactlyTheDeclaredOperations()
    {
        var declared = DeclaredOperations().Select(o => o.IamAction).ToHashSet(StringComparer.Ordinal);
        var granted = GrantedActions("PolicyEngineCollectors").ToHashSet(StringComparer.Ordinal);

        Assert.Empty(declared.Except(granted));
        Assert.Empty(granted.Except(declared));
        Assert.Contains("cloudformation:ListResources", declared);
        Assert.Contains("ce:GetCostAndUsage", declared);
        Assert.True(declared.Count >= 26, $"only {declared.Count} operations were found by reflection");
    }

    [Fact]
    public void SecondStatementGrantsExactlyTheListHandlersOfTheDefaultTypes()
    {
        var needed = WorkloadResourceTypes.Default.SelectMany(t => t.Permissions).ToHashSet(StringComparer.Ordinal);
        var granted = GrantedActions("WorkloadInventoryListHandlers").ToHashSet(StringComparer.Ordinal);

        Assert.Equal(needed.Order(), granted.Order());
        Assert.All(WorkloadResourceTypes.Default, t => Assert.NotEmpty(t.Permissions));
    }

    [Fact]
    public void PolicyIsReadOnlyAndUnconditional()
    {
        using var policy = Policy();
        var statements = policy.RootElement.GetProperty("Statement").EnumerateArray().ToList();
        Assert.Equal(2, statements.Count);
        Assert.All(statements, s => Assert.Equal("Allow", s.GetProperty("Effect").GetString()));
        Assert.All(statements, s => Assert.False(s.TryGetProperty("Condition", out _)));
        // GenerateCredentialReport is the one non-read verb: it only refreshes the report IAM keeps. API Gateway's
        // read permission is the HTTP verb GET.
        Assert.All(statements.SelectMany(s => s.GetProperty("Action").EnumerateArray().Select(a => a.GetString()!)),
            action => Assert.Matches(@"^[a-z0-9-]+:(Get|List|Describe|GenerateCredentialReport|GET$)", action));
    }

    /// <summary>Every public static AwsOperation field of the collector assembly: the operations the code can call.</summary>
    internal static IEnumerable<AwsOperation> DeclaredOperations() =>
        typeof(OrganizationCollector).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.FieldType == typeof(AwsOperation))
            .Select(f => (AwsOperation)f.GetValue(null)!);

    private static JsonDocument Policy() => JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "iam-policy.json")));

    private static List<string> GrantedActions(string sid)
    {
        using var policy = Policy();
        return policy.RootElement.GetProperty("Statement").EnumerateArray()
            .Where(s => s.GetProperty("Sid").GetString() == sid)
            .SelectMany(s => s.GetProperty("Action").EnumerateArray().Select(a => a.GetString()!))
            .ToList();
    }
}
