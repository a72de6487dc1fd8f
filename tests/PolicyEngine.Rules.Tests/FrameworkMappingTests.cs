using PolicyEngine.Core.Frameworks;
using PolicyEngine.Diagnostics;
using PolicyEngine.Rules.Frameworks;
using PolicyEngine.Rules.Syntax;
using PolicyEngine.Syntax;

namespace PolicyEngine.Rules.Tests;

/// <summary>
/// Rule mappings are checked like code: an unknown framework or version, a malformed or unknown requirement ID and a
/// repeated mapping are errors at their line and column with a stable ID and a suggestion; framework files are
/// checked the same way.
/// </summary>
public class FrameworkMappingTests
{
    private static string Mapping(string body) => RuleSource.Valid(extra: "mappings:\n" + body);

    [Fact]
    public void Shipped_frameworks_read_without_diagnostics_and_both_page_versions_name_recommendations()
    {
        Assert.Empty(FrameworkLoader.ShippedDiagnostics);
        var catalog = FrameworkLoader.Shipped.Catalog;
        Assert.Equal(["aws-mgmt-account@v1", "aws-mgmt-account@v2"], catalog.RecommendationSources.Select(f => f.Key));
        Assert.Equal("aws-mgmt-account@v2", catalog.FindRecommendation("bp_mgmt-acct_default-controls")!.Value.Framework.Key);
        Assert.Equal(9 + 3, catalog.RecommendationOrder("bp_mgmt-acct_avoid-deploying"));
        Assert.Equal(
            ["aws-iam-root-user@2026-11", "aws-mgmt-account@v1", "aws-mgmt-account@v2", "aws-securityhub-controls@2026-11",
             "cis-aws-foundations@1.4.0", "cis-aws-foundations@3.0.0", "cis-aws-foundations@7.0.0"],
            catalog.All.Select(f => f.Key).Order(StringComparer.Ordinal));
        // The rewritten page's six anchors, exactly as AWS publishes them (the last one ends in an underscore).
        Assert.Equal(
            ["bp_mgmt-acct_limit-access", "bp_mgmt-acct_review-access", "bp_mgmt-acct_use-mgmt", "bp_mgmt-acct_avoid-deploying",
             "bp_mgmt-acct_default-controls", "bp_mgmt-acct_"],
            catalog.Find("aws-mgmt-account", "v2")!.Requirements.Select(r => r.Id));
    }

    [Fact]
    public void A_valid_mapping_becomes_structured_mappings_after_the_recommendation()
    {
        var rules = RuleSource.Compile(Mapping("""
  - framework: aws-securityhub-controls
    requirements: [IAM.9]
  - framework: cis-aws-foundations
    version: 3.0.0
    requirements: ["1.5"]

"""));
        Assert.Empty(rules.Diagnostics);
        var d = Assert.Single(rules.Rules).Descriptor;
        Assert.Equal(
            [("aws-mgmt-account@v1", "best-practices_mgmt-acct_mfa"), ("aws-securityhub-controls@2026-11", "IAM.9"), ("cis-aws-foundations@3.0.0", "1.5")],
            d.Mappings.Select(m => (m.FrameworkKey, m.RequirementId)));
        Assert.Equal("MFA should be enabled for the root user", d.Mappings[1].Title);
        Assert.Equal(
            ["AWS management account best practices v1 best-practices_mgmt-acct_mfa", "Security Hub IAM.9", "CIS AWS Foundations Benchmark v3.0.0 1.5"],
            d.RelatedRequirements);
    }

    [Fact]
    public void Unknown_framework_is_an_error_with_a_suggestion()
    {
        var error = Assert.Single(RuleSource.Errors(Mapping("  - framework: cis-aws-foundation\n    version: 3.0.0\n    requirements: [\"1.5\"]\n")));
        Assert.StartsWith("rules/mfa/MA9901-test.yaml(9,16): error PE1701: 'cis-aws-foundation' is not a known framework; known: ", error);
        Assert.EndsWith("Did you mean 'cis-aws-foundations'?", error);
    }

    [Fact]
    public void A_framework_in_several_versions_needs_its_version_and_an_unknown_version_is_an_error()
    {
        var missing = Assert.Single(RuleSource.Errors(Mapping("  - framework: cis-aws-foundations\n    requirements: [\"1.5\"]\n")));
        Assert.Equal("rules/mfa/MA9901-test.yaml(9,16): error PE1702: The framework 'cis-aws-foundations' is loaded in several versions (1.4.0, 3.0.0, 7.0.0); add 'version:' naming the one this rule checks.", missing);
        var unknown = Assert.Single(RuleSource.Errors(Mapping("  - framework: cis-aws-foundations\n    version: 3.0.1\n    requirements: [\"1.5\"]\n")));
        Assert.StartsWith("rules/mfa/MA9901-test.yaml(10,14): error PE1702: The framework 'cis-aws-foundations' has no version '3.0.1'; loaded: 1.4.0, 3.0.0, 7.0.0.", unknown);
        Assert.EndsWith("Did you mean '3.0.0'?", unknown);
    }

    [Theory]
    [InlineData("aws-securityhub-controls", "iam-9", "a control ID, a service and a number such as IAM.9")]
    [InlineData("aws-securityhub-controls", "Security Hub IAM.9", "a control ID, a service and a number such as IAM.9")]
    [InlineData("aws-mgmt-account\n    version: v2", "#bp_mgmt-acct_limit-access", "an anchor of the page, such as bp_mgmt-acct_limit-access")]
    [InlineData("aws-iam-root-user", "https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html#ru-bp-mfa", "an anchor of the page, such as ru-bp-mfa")]
    public void Malformed_requirement_id_is_an_error_that_says_the_form(string framework, string id, string form)
    {
        var error = Assert.Single(RuleSource.Errors(Mapping($"  - framework: {framework}\n    requirements: [\"{id}\"]\n")));
        Assert.Contains($"error PE1703: '{id}' is not a requirement ID of ", error);
        Assert.EndsWith($": {form}.", error);
    }

    [Fact]
    public void Unknown_requirement_is_an_error_at_its_position_with_a_suggestion()
    {
        var error = Assert.Single(RuleSource.Errors(Mapping("  - framework: aws-mgmt-account\n    version: v2\n    requirements: [bp_mgmt-acct_limit-acess]\n")));
        Assert.Equal("rules/mfa/MA9901-test.yaml(11,20): error PE1704: aws-mgmt-account@v2 has no requirement 'bp_mgmt-acct_limit-acess'. Did you mean 'bp_mgmt-acct_limit-access'?", error);
    }

    [Fact]
    public void The_seed_anchors_are_not_requirements_of_the_rewritten_page()
    {
        var error = Assert.Single(RuleSource.Errors(Mapping("  - framework: aws-mgmt-account\n    version: v2\n    requirements: [best-practices_mgmt-use]\n")));
        Assert.Contains("error PE1703: 'best-practices_mgmt-use' is not a requirement ID of aws-mgmt-account@v2", error);
    }

    [Fact]
    public void A_repeated_mapping_is_an_error()
    {
        var error = Assert.Single(RuleSource.Errors(Mapping("  - framework: aws-securityhub-controls\n    requirements: [IAM.9, IAM.9]\n")));
        Assert.StartsWith("rules/mfa/MA9901-test.yaml(10,27): error PE1706: 'aws-securityhub-controls@2026-11 IAM.9' is already listed at rules/mfa/MA9901-test.yaml(10,20)", error);
    }

    [Fact]
    public void Mapping_structure_is_checked_like_the_rest_of_the_rule()
    {
        Assert.Contains(RuleSource.Errors(Mapping("  - framework: aws-securityhub-controls\n    requirement: [IAM.9]\n")),
            e => e.Contains("error PE1002: Unknown key 'requirement' in a mapping. Did you mean 'requirements'?", StringComparison.Ordinal));
        Assert.Contains(RuleSource.Errors(Mapping("  - framework: aws-securityhub-controls\n    requirements: []\n")),
            e => e.Contains("error PE1009: 'requirements' must not be empty.", StringComparison.Ordinal));
        // The free-text list that mappings replaced is refused, not silently ignored.
        Assert.Contains(RuleSource.Errors(RuleSource.Valid(extra: "relatedRequirements: [Security Hub IAM.9]\n")),
            e => e.Contains("error PE1002: Unknown key 'relatedRequirements'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rules_folder_adds_frameworks_and_its_files_are_checked()
    {
        var folder = Directory.CreateTempSubdirectory("frameworks-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "mfa"));
            Directory.CreateDirectory(Path.Combine(folder.FullName, "frameworks"));
            File.WriteAllText(Path.Combine(folder.FullName, "frameworks", "internal.yaml"), """
id: acme-cloud-standard
version: "2026"
name: ACME cloud standard
label: ACME CS-2026
requirementPattern: 'CS-[0-9]{3}'
requirementFormat: a control such as CS-001
requirements:
  - id: CS-001
    title: Root user has MFA
  - id: cs-2
    title: Malformed
  - id: CS-001
    title: Listed twice
""");
            File.WriteAllText(Path.Combine(folder.FullName, "mfa", "MA9901-test.yaml"),
                Mapping("  - framework: acme-cloud-standard\n    requirements: [CS-001]\n"));
            var rules = YamlRuleCompiler.CompileDirectory(folder.FullName);
            var ids = rules.Diagnostics.Select(d => d.Id).ToList();
            Assert.Contains("PE1703", ids); // cs-2 does not have the framework's own form
            Assert.Contains("PE1706", ids); // CS-001 twice
            // The broken framework is left out, so the rule's mapping to it is an unknown framework, not a silent pass.
            Assert.Contains("PE1701", ids);
            Assert.Empty(rules.Rules);

            File.WriteAllText(Path.Combine(folder.FullName, "frameworks", "internal.yaml"), """
id: acme-cloud-standard
version: "2026"
name: ACME cloud standard
label: ACME CS-2026
requirementPattern: 'CS-[0-9]{3}'
requirementFormat: a control such as CS-001
requirements:
  - id: CS-001
    title: Root user has MFA
""");
            rules = YamlRuleCompiler.CompileDirectory(folder.FullName);
            Assert.Empty(rules.Diagnostics);
            Assert.Contains(rules.Frameworks.All, f => f.Key == "acme-cloud-standard@2026");
            Assert.Contains(rules.Frameworks.All, f => f.Key == "aws-mgmt-account@v2"); // the shipped ones stay known
            Assert.Equal("ACME CS-2026 CS-001", Assert.Single(rules.Rules).Descriptor.RelatedRequirements[1]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("requirementPattern: 'CS-(a'", "PE1005")]
    [InlineData("id: CIS", "PE1005")]
    [InlineData("version: 3.0.0 beta", "PE1005")]
    [InlineData("requirements: []", "PE1009")]
    [InlineData("colour: red", "PE1002")]
    public void Framework_files_are_checked(string line, string id)
    {
        var fields = new Dictionary<string, string>
        {
            ["id"] = "id: acme", ["version"] = "version: v1", ["name"] = "name: ACME", ["label"] = "label: ACME",
            ["requirementPattern"] = "requirementPattern: 'CS-[0-9]+'", ["requirementFormat"] = "requirementFormat: CS-1",
            ["requirements"] = "requirements:\n  - id: CS-1\n    title: One",
        };
        var key = line[..line.IndexOf(':')];
        fields[key] = line;
        var diagnostics = new DiagnosticBag();
        var document = YamlSource.Parse(string.Join("\n", fields.Values) + "\n", "rules/frameworks/acme.yaml", diagnostics)!;
        Assert.Null(FrameworkReader.Read(document, diagnostics));
        Assert.Contains(diagnostics.Items, d => d.Id == id && d.Location.Path == "rules/frameworks/acme.yaml" && d.Location.Line > 0);
    }

    [Fact]
    public void A_requirement_pattern_that_backtracks_badly_is_refused_after_one_timeout()
    {
        // Nested repetition against a long run of 'a's with no 'b' backtracks exponentially: the first ID times out,
        // the others are not tried against the pattern again (30 timeouts would take 6 s), and the pattern itself is reported.
        var ids = string.Concat(Enumerable.Range(0, 30).Select(i => $"  - id: {new string('a', 40 + i)}\n    title: T{i}\n"));
        var yaml = $"id: acme\nversion: v1\nname: ACME\nlabel: ACME\nrequirementPattern: '(a+)+b'\nrequirementFormat: a's then b\nrequirements:\n{ids}";
        var diagnostics = new DiagnosticBag();
        var document = YamlSource.Parse(yaml, "rules/frameworks/acme.yaml", diagnostics)!;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Null(FrameworkReader.Read(document, diagnostics));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        var pattern = Assert.Single(diagnostics.Items, d => d.Id == "PE1005");
        Assert.Equal(5, pattern.Location.Line);
        Assert.Contains("took longer than 200 ms", pattern.Message);
        Assert.Equal(30, diagnostics.Items.Count(d => d.Message.Contains("a's then b")));
    }

    [Theory]
    [InlineData("cis-aws-foundations@3.0.0", "cis-aws-foundations@3.0.0", null)]
    [InlineData("aws-securityhub-controls", "aws-securityhub-controls@2026-11", null)]
    [InlineData("cis-aws-foundations", null, "framework 'cis-aws-foundations' is loaded in 3 versions; name one: cis-aws-foundations@1.4.0, cis-aws-foundations@3.0.0, cis-aws-foundations@7.0.0.")]
    [InlineData("cis-aws-foundations@9.9.9", null, "framework 'cis-aws-foundations' has no version '9.9.9'; known: cis-aws-foundations@1.4.0, cis-aws-foundations@3.0.0, cis-aws-foundations@7.0.0.")]
    [InlineData("pci", null, "'pci' is not a known framework; known: ")]
    public void Framework_references_resolve_by_id_and_version(string reference, string? key, string? problem)
    {
        var found = FrameworkLoader.Shipped.Catalog.Resolve(reference, out var message);
        Assert.Equal(key, found?.Key);
        if (problem is null) Assert.Null(message);
        else Assert.StartsWith(problem, message);
    }
}
