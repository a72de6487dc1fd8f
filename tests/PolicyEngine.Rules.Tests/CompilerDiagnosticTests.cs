using PolicyEngine.Diagnostics;

namespace PolicyEngine.Rules.Tests;

/// <summary>Every kind of bad rule input gets a diagnostic with a stable ID, a file position and, where it helps, a suggestion.</summary>
public class CompilerDiagnosticTests
{
    [Fact]
    public void A_valid_rule_compiles_without_diagnostics()
    {
        var rules = RuleSource.Compile(RuleSource.Valid());
        Assert.Empty(rules.Diagnostics);
        var rule = Assert.Single(rules.Rules);
        Assert.Equal("MA9901", rule.Id);
        Assert.Equal(["Account", "RootCredential"], rule.Descriptor.FactTypes);
    }

    [Fact]
    public void A_notApplicable_part_is_read_checked_and_bound_like_the_when_part()
    {
        const string part = """
notApplicable:
  when:
    - fact: RootCredential
      as: credential
      where: [ "credential.AccountId == account.Id", "credential.HasNoCredentials" ]
  message: "Root of {account.Id} has no credentials"

""";
        var rule = Assert.Single(RuleSource.Compile(RuleSource.Valid(extra: part)).Rules);
        Assert.NotNull(rule.NotApplicable);
        Assert.Equal(3, rule.Definitions.Count()); // violation, subject, not applicable (no evidence part)

        // Its keys are checked, its message is required, and its holes are bound against its own aliases.
        var misspelt = RuleSource.Errors(RuleSource.Valid(extra: part.Replace("  message:", "  mesage:")));
        Assert.Contains(misspelt, e => e.Contains("error PE1002: Unknown key 'mesage' in 'notApplicable'. Did you mean 'message'?", StringComparison.Ordinal));
        Assert.Contains(misspelt, e => e.Contains("error PE1004:", StringComparison.Ordinal));
        Assert.Contains("error PE1004:", Assert.Single(RuleSource.Errors(RuleSource.Valid(extra: part.Replace("  message: \"Root of {account.Id} has no credentials\"\n", "")))));
        var unbound = Assert.Single(RuleSource.Errors(RuleSource.Valid(extra: part.Replace("{account.Id}", "{device.SerialNumber}"))));
        Assert.StartsWith("rules/mfa/MA9901-test.yaml(13,", unbound);
        Assert.Contains("'device'", unbound);
    }

    [Fact]
    public void Malformed_yaml_reports_the_line_and_column()
    {
        var error = Assert.Single(RuleSource.Errors("id: MA9901\ntitle: [unclosed\nseverity: high\n"));
        Assert.StartsWith("rules/mfa/MA9901-test.yaml(2,8)", error); // where the unclosed flow sequence opens
        Assert.Contains("error PE1001:", error);
    }

    [Fact]
    public void Unknown_key_is_reported_with_a_suggestion()
    {
        var error = Assert.Single(RuleSource.Errors(RuleSource.Valid(extra: "remediaton: typo\n")));
        Assert.Equal("rules/mfa/MA9901-test.yaml(8,1): error PE1002: Unknown key 'remediaton' in the rule. Did you mean 'remediation'?", error);
    }

    [Fact]
    public void Wrong_value_type_names_the_key_and_what_was_expected()
    {
        var error = Assert.Single(RuleSource.Errors(RuleSource.Valid(extra: "references: https://example.com\n")));
        Assert.Contains("error PE1003: 'references' must be a list of text, but is the text 'https://example.com'.", error);
        Assert.StartsWith("rules/mfa/MA9901-test.yaml(8,13)", error);
    }

    [Fact]
    public void Missing_required_key_is_reported()
    {
        var text = RuleSource.Valid().Replace("title: Test rule\n", "");
        Assert.Contains(RuleSource.Errors(text), e => e.Contains("error PE1004: the rule is missing the required key 'title'.", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_severity_suggests_the_closest()
    {
        var error = Assert.Single(RuleSource.Errors(RuleSource.Valid(severity: "hihg")));
        Assert.Equal("rules/mfa/MA9901-test.yaml(3,11): error PE1005: 'hihg' is not a valid severity: use one of critical, high, medium, low, info. Did you mean 'high'?", error);
    }

    [Fact]
    public void Unknown_recommendation_is_reported()
    {
        var error = Assert.Single(RuleSource.Errors(RuleSource.Valid(recommendation: "best-practices_mgmt-acct_mfaa")));
        Assert.Contains("error PE1005: 'best-practices_mgmt-acct_mfaa' is not a valid recommendation", error);
        Assert.EndsWith("Did you mean 'best-practices_mgmt-acct_mfa'?", error);
    }

    [Fact]
    public void Unknown_fact_type_suggests_the_closest()
    {
        var when = RuleSource.DefaultWhen.Replace("fact: RootCredential", "fact: RootCredentials");
        var error = Assert.Single(RuleSource.Errors(RuleSource.Valid(when: when)));
        Assert.Equal("rules/mfa/MA9901-test.yaml(13,11): error PE1201: 'RootCredentials' is not a fact type. Did you mean 'RootCredential'?", error);
    }

    [Fact]
    public void Unknown_property_points_into_the_expression()
    {
        var when = RuleSource.DefaultWhen.Replace("!credential.MfaActive", "!credential.MfaActiv");
        var error = Assert.Single(RuleSource.Errors(RuleSource.Valid(when: when)));
        // Line 17 is `      - "!credential.MfaActiv"`: the quote is column 9, so 'MfaActiv' starts at column 22.
        Assert.Equal("rules/mfa/MA9901-test.yaml(17,22): error PE1203: 'RootCredential' has no property 'MfaActiv'. Did you mean 'MfaActive'?", error);
    }

    [Fact]
    public void Expression_syntax_error_is_reported_at_its_column()
    {
        var when = RuleSource.DefaultWhen.Replace("credential.AccountId == account.Id", "credential.AccountId == == account.Id");
        var error = Assert.Single(RuleSource.Errors(RuleSource.Valid(when: when)));
        Assert.Matches(@"\(16,\d+\): error PE1202: Syntax error in expression", error);
    }

    [Fact]
    public void Comparing_text_with_a_number_is_a_type_error()
    {
        var when = RuleSource.DefaultWhen.Replace("credential.AccountId == account.Id", "credential.AccountId == 12");
        var error = Assert.Single(RuleSource.Errors(RuleSource.Valid(when: when)));
        // Points at the operator: `      - credential.AccountId == 12` has '==' at column 30.
        Assert.Contains("(16,30)", error);
        Assert.Contains("error PE1204: Type error:", error);
        Assert.Contains("String", error);
    }

    [Fact]
    public void A_condition_that_is_not_boolean_is_rejected()
    {
        var when = RuleSource.DefaultWhen.Replace("\"!credential.MfaActive\"", "credential.AccountId");
        var error = Assert.Single(RuleSource.Errors(RuleSource.Valid(when: when)));
        Assert.Contains("error PE1207: A condition must be true or false, but this expression is of type 'String'.", error);
    }

    [Fact]
    public void Referring_to_an_alias_declared_later_is_an_error()
    {
        var when = """
  - fact: RootCredential
    as: credential
    where: credential.AccountId == device.AccountId
  - fact: MfaDevice
    as: device
""";
        var error = Assert.Single(RuleSource.Errors(RuleSource.Valid(when: when)));
        Assert.Equal("rules/mfa/MA9901-test.yaml(15,36): error PE1205: 'device' is declared by a later pattern; a condition may only use aliases declared before it.", error);
    }

    [Fact]
    public void Aliases_inside_a_not_group_are_not_visible_after_it()
    {
        var when = """
  - not:
      - fact: MfaDevice
        as: device
  - fact: RootCredential
    as: credential
    where: credential.AccountId == device.AccountId
""";
        Assert.Contains(RuleSource.Errors(RuleSource.Valid(when: when)), e => e.Contains("PE12", StringComparison.Ordinal) && e.Contains("'device'", StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_rule_ids_are_reported_with_the_first_location()
    {
        var rules = YamlRuleCompiler.CompileSources(new Dictionary<string, string>
        {
            ["rules/a/MA9901-a.yaml"] = RuleSource.Valid(),
            ["rules/b/MA9901-b.yaml"] = RuleSource.Valid(),
        });
        var error = Assert.Single(rules.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("rules/b/MA9901-b.yaml(1,5): error PE1301: The rule ID 'MA9901' is also used by rules/a/MA9901-a.yaml(1,5).", error.ToString());
        Assert.Single(rules.Rules);
    }

    [Theory]
    [InlineData("System.IO.File.Exists(\"/etc/passwd\")", "System")]
    [InlineData("Environment.GetEnvironmentVariable(\"AWS_SECRET_ACCESS_KEY\") != null", "Environment")]
    [InlineData("Type.GetType(\"System.IO.File\") != null", "Type")]
    [InlineData("credential.GetType().Assembly != null", "GetType")]
    [InlineData("account.Email.GetType().Name == \"String\"", "GetType")]
    [InlineData("Convert.ToBoolean(\"true\")", "Convert")]
    [InlineData("new System.Net.Http.HttpClient() != null", "new")]
    public void Expressions_cannot_reach_outside_the_sandbox(string expression, string named)
    {
        var when = $"""
  - fact: RootCredential
    as: credential
    where: '{expression}'
""";
        var errors = RuleSource.Errors(RuleSource.Valid(when: when));
        var error = Assert.Single(errors);
        Assert.Contains("error PE1206:", error);
        Assert.Contains(named, error);
    }

    [Fact]
    public void Unknown_name_suggests_an_alias_in_scope()
    {
        var when = RuleSource.DefaultWhen.Replace("credential.AccountId == account.Id", "credential.AccountId == acount.Id");
        var error = Assert.Single(RuleSource.Errors(RuleSource.Valid(when: when)));
        Assert.Contains("error PE1209: 'acount' is not an alias, parameter or helper in scope here. Did you mean 'account'?", error);
    }

    [Fact]
    public void Reserved_words_cannot_be_aliases()
    {
        var when = RuleSource.DefaultWhen.Replace("as: credential", "as: root").Replace("credential.", "root.");
        Assert.Contains(RuleSource.Errors(RuleSource.Valid(when: when)), e => e.Contains("error PE1210: 'root' cannot be used as an alias", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_in_a_file_is_reported_not_just_the_first()
    {
        var when = RuleSource.DefaultWhen.Replace("!credential.MfaActive", "!credential.MfaActiv").Replace("fact: RootCredential", "fact: RootCredential");
        var errors = RuleSource.Errors(RuleSource.Valid(severity: "urgent", when: when, extra: "colour: red\n"));
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Contains("PE1002", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("PE1005", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("PE1203", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_rules_folder_is_an_error()
    {
        var directory = Directory.CreateTempSubdirectory();
        try
        {
            var rules = YamlRuleCompiler.CompileDirectory(directory.FullName);
            var error = Assert.Single(rules.Diagnostics);
            Assert.Equal("PE1302", error.Id);
            Assert.True(rules.HasErrors);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_missing_rules_folder_is_an_error()
    {
        var rules = YamlRuleCompiler.CompileDirectory("/nonexistent/rules");
        Assert.Equal("PE1304", Assert.Single(rules.Diagnostics).Id);
    }

    [Fact]
    public void Yaml_aliases_are_refused()
    {
        var error = Assert.Single(RuleSource.Errors("id: &x MA9901\ntitle: *x\n"));
        Assert.Contains("PE1001", error);
        Assert.Contains("aliases", error);
    }

    [Fact]
    public void Message_placeholders_are_bound_like_conditions()
    {
        var error = Assert.Single(RuleSource.Errors(RuleSource.Valid(message: "\"Root of {account.Idd} has no MFA\"")));
        Assert.Contains("error PE1203: 'Account' has no property 'Idd'. Did you mean 'Id'?", error);
    }

    [Fact]
    public void A_block_scalar_expression_error_points_to_its_line()
    {
        var when = """
  - fact: RootCredential
    as: credential
    where: |
      credential.AccountId == account.Id
        && credential.MfaActiv == false
""";
        var error = Assert.Single(RuleSource.Errors(RuleSource.Valid(when: when)));
        // Line 17 is `        && credential.MfaActiv == false`; the block's indentation is 6, so 'MfaActiv' is at column 23.
        Assert.StartsWith("rules/mfa/MA9901-test.yaml(17,23)", error);
    }
}
