using System.Text.RegularExpressions;
using PolicyEngine.Rules.Binding;
using PolicyEngine.Rules.Helpers;

namespace PolicyEngine.Rules.Tests;

/// <summary>The helpers are one registered set: every helper class is registered, reachable, and listed in the README.</summary>
public partial class RuleHelpersTests
{
    private static readonly IReadOnlyList<Type> HelperClasses = typeof(RuleHelpers).Assembly.GetExportedTypes()
        .Where(t => t.Namespace == typeof(RuleHelpers).Namespace && t is { IsAbstract: true, IsSealed: true } && t != typeof(RuleHelpers))
        .ToList();

    [Fact]
    public void Every_public_static_class_in_Helpers_is_registered_and_every_registration_is_one()
    {
        Assert.Equal(HelperClasses.Select(t => t.Name).Order(StringComparer.Ordinal), RuleHelpers.All.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal(RuleHelpers.All.Count, RuleHelpers.All.Distinct().Count());
    }

    [Fact]
    public void The_sandbox_allows_exactly_the_registered_helpers_and_fact_types()
    {
        foreach (var helper in RuleHelpers.All)
        {
            Assert.True(Sandbox.Instance.Allows(helper), helper.Name);
            Assert.Equal(helper, Sandbox.Instance.ResolveType(helper.Name));
        }
        foreach (var type in Core.Facts.FactCatalog.All) Assert.Equal(type.ClrType, Sandbox.Instance.ResolveType(type.Name));
        Assert.Null(Sandbox.Instance.ResolveType(nameof(RuleHelpers)));
        Assert.Equal(RuleHelpers.All.Count + Core.Facts.FactCatalog.All.Count, Sandbox.Instance.GetCustomTypes().Count);
    }

    [Fact]
    public void The_README_names_every_registered_helper()
    {
        var readme = File.ReadAllText(Repo.Path("README.md"));
        var sentence = HelperSentence().Match(readme);
        Assert.True(sentence.Success, "README.md has lost its sentence listing the helpers ('and the helpers `Dates`, ...')");
        var listed = Regex.Matches(sentence.Value, "`([A-Za-z]+)`").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(RuleHelpers.All.Select(t => t.Name), listed);
    }

    [GeneratedRegex(@"the helpers (`[A-Za-z]+`,\s+)+`[A-Za-z]+`")]
    private static partial Regex HelperSentence();
}
