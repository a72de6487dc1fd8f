using PolicyEngine.Tooling.Documentation;
using PolicyEngine.Rules;

namespace PolicyEngine.Tooling.Tests;

public class RuleDocumentationTests
{
    private const string Regenerate = "UPDATE_RULE_DOCS=1 dotnet test tests/PolicyEngine.Tooling.Tests --filter RuleDocumentationTests (or policy-engine rules docs)";

    [Fact]
    public void The_committed_rule_docs_are_current()
    {
        var rules = YamlRuleCompiler.CompileDirectory(Repo.Path("rules"));
        Assert.False(rules.HasErrors);
        var committed = Repo.Path("docs/rules");
        if (Environment.GetEnvironmentVariable("UPDATE_RULE_DOCS") == "1")
            RuleDocumentation.Write(rules, Repo.Path("rules"), committed);

        var temp = Directory.CreateTempSubdirectory("rule-docs-");
        try
        {
            var written = RuleDocumentation.Write(rules, Repo.Path("rules"), temp.FullName);
            Assert.Equal(rules.Rules.Count + 1, written);
            var expected = Directory.EnumerateFiles(temp.FullName).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            var actual = Directory.Exists(committed)
                ? Directory.EnumerateFiles(committed, "*.md").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()
                : [];
            Assert.True(expected.SequenceEqual(actual), $"docs/rules has other pages than the rules; regenerate with {Regenerate}");
            foreach (var name in expected)
            {
                var fresh = File.ReadAllText(Path.Combine(temp.FullName, name!));
                Assert.True(fresh == File.ReadAllText(Path.Combine(committed, name!)), $"docs/rules/{name} is stale; regenerate with {Regenerate}");
            }
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [Fact]
    public void Generation_is_deterministic_and_covers_every_rule()
    {
        var rules = YamlRuleCompiler.CompileDirectory(Repo.Path("rules"));
        var first = RuleDocumentation.Render(rules, Repo.Path("rules"));
        var second = RuleDocumentation.Render(rules, Repo.Path("rules"));
        Assert.Equal(first, second);
        var index = first[RuleDocumentation.IndexFileName];
        foreach (var rule in rules.Rules)
        {
            Assert.Contains($"[{rule.Id}]({rule.Id}.md)", index);
            var page = first[rule.Id + ".md"];
            Assert.Contains("## Why", page);
            Assert.Contains("## How to fix", page);
            Assert.Contains("## Parameters", page);
            Assert.Contains("| fail |", page);
            Assert.Contains("| pass |", page);
        }
    }
}
