using System.Reflection;
using System.Text.Json;
using PolicyEngine.Aws.Collection;
using PolicyEngine.Aws.Http;

namespace PolicyEngine.Aws.Tests.Policy;

/// <summary>docs/iam-policy.json lists exactly the actions the clients declare: nothing missing, nothing extra.</summary>
public sealed class IamPolicyTests
{
    [Fact]
    public void PolicyGrantsExactlyTheDeclaredOperations()
    {
        var declared = DeclaredOperations().Select(o => o.IamAction).ToHashSet(StringComparer.Ordinal);
        var granted = GrantedActions().ToHashSet(StringComparer.Ordinal);

        Assert.Empty(declared.Except(granted));
        Assert.Empty(granted.Except(declared));
        Assert.True(declared.Count >= 28, $"only {declared.Count} operations were found by reflection");
    }

    [Fact]
    public void PolicyIsReadOnlyAndUnconditional()
    {
        using var policy = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "iam-policy.json")));
        var statement = Assert.Single(policy.RootElement.GetProperty("Statement").EnumerateArray());
        Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
        // GenerateCredentialReport is the one non-read verb: it only refreshes the report IAM keeps.
        Assert.All(GrantedActions(), action => Assert.Matches(@"^[a-z0-9]+:(Get|List|Describe|GenerateCredentialReport)", action));
    }

    /// <summary>Every public static AwsOperation field of the collector assembly: the operations the code can call.</summary>
    internal static IEnumerable<AwsOperation> DeclaredOperations() =>
        typeof(OrganizationCollector).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.FieldType == typeof(AwsOperation))
            .Select(f => (AwsOperation)f.GetValue(null)!);

    private static IEnumerable<string> GrantedActions()
    {
        using var policy = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "iam-policy.json")));
        return policy.RootElement.GetProperty("Statement").EnumerateArray()
            .SelectMany(s => s.GetProperty("Action").EnumerateArray().Select(a => a.GetString()!))
            .ToList();
    }
}
