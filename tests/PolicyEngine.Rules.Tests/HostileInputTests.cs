using System.Text;
using PolicyEngine.Diagnostics;

namespace PolicyEngine.Rules.Tests;

/// <summary>
/// Input written to crash or stall the compiler (deep nesting, long chains, type confusion, runaway work, nulls,
/// duplicate keys) gets a diagnostic with an ID and a position, never an exception.
/// </summary>
public class HostileInputTests
{
    private static string WithCondition(string condition) => RuleSource.Valid(when: $"""
  - fact: RootCredential
    as: credential
    where: '{condition.Replace("'", "''")}'
""");

    /// <summary>The only error of a rule; <see cref="WithCondition"/> puts the condition on line 15 from column 13.</summary>
    private static Diagnostic SingleError(string text)
    {
        var errors = RuleSource.Compile(text).Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        return Assert.Single(errors);
    }

    private static string Repeat(string text, int times) => new StringBuilder(text.Length * times).Insert(0, text, times).ToString();

    public static TheoryData<string, string> TooComplex => new()
    {
        { Repeat("(", 50_000) + "credential.MfaActive" + Repeat(")", 50_000), "nest more than" },
        { "credential.MfaActive" + Repeat(" && credential.MfaActive", 200_000), "levels of operators" },
        { Repeat("!", 100_000) + "credential.MfaActive", "nest more than" },
        { Repeat("credential.MfaActive ? true : ", 100_000) + "false", "nest more than" },
        { Repeat("credential.AccountId ?? ", 100_000) + "\"x\"", "nest more than" },
        { "credential.AccountId" + Repeat(" + \"x\"", 150_000) + " == \"y\"", "levels of operators" },
        { "credential.AccountId" + Repeat(".Trim()", 150_000) + " == \"y\"", "levels of operators" },
        { Repeat("Text.IsBlank(", 50_000) + "\"x\"" + Repeat(")", 50_000), "nest more than" },
    };

    [Theory]
    [MemberData(nameof(TooComplex))]
    public void Deep_or_long_expressions_get_PE1212_not_a_stack_overflow(string condition, string reason)
    {
        var error = SingleError(WithCondition(condition));
        Assert.Equal("PE1212", error.Id);
        Assert.Contains(reason, error.Message);
        Assert.Equal(15, error.Location.Line);
        Assert.True(error.Location.Column >= 13);
    }

    [Fact]
    public void An_expression_at_the_limits_still_compiles()
    {
        var condition = Repeat("(", 30) + "credential.MfaActive" + Repeat(")", 30) + Repeat(" || credential.MfaActive", 60);
        Assert.Empty(RuleSource.Errors(WithCondition(condition)));
    }

    [Fact]
    public void Three_hundred_thousand_nested_flow_sequences_get_PE1010()
    {
        var error = SingleError("id: MA9901\ntitle: " + Repeat("[", 300_000) + "\n");
        Assert.Equal("PE1010", error.Id);
        Assert.Equal(2, error.Location.Line);
        Assert.Equal(8 + YamlSourceDepth(), error.Location.Column);
    }

    // The root mapping is one level: the 64th '[' is the 65th level.
    private static int YamlSourceDepth() => PolicyEngine.Syntax.YamlSource.MaxDepth - 1;

    [Fact]
    public void Deep_block_nesting_gets_PE1010()
    {
        var text = new StringBuilder("id: MA9901\n");
        for (var i = 0; i < 200; i++) text.Append(new string(' ', 2 * i)).Append("k:\n");
        Assert.Equal("PE1010", SingleError(text.ToString()).Id);
    }

    [Fact]
    public void A_duplicate_key_gets_PE1006_at_the_second_key()
    {
        var text = RuleSource.Valid().Replace("title: Test rule\n", "title: Test rule\ntitle: Again\n");
        var error = SingleError(text);
        Assert.Equal("rules/mfa/MA9901-test.yaml(3,1): error PE1006: The key 'title' appears more than once.", error.ToString());
    }

    [Fact]
    public void A_duplicate_key_in_a_nested_flow_mapping_gets_PE1006()
    {
        var text = RuleSource.Valid(when: "  - { fact: RootCredential, as: credential, as: other }\n");
        var error = SingleError(text);
        Assert.Equal("PE1006", error.Id);
        Assert.Equal((13, 45), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void The_same_key_in_sibling_mappings_is_not_a_duplicate()
    {
        var when = RuleSource.DefaultWhen + "\n  - { fact: MfaDevice, as: device, where: 'device.AccountId == account.Id' }\n";
        Assert.Equal(new List<string>(), RuleSource.Errors(RuleSource.Valid(when: when)));
    }

    [Theory]
    [InlineData("credential.MfaActive == \"yes\"", "'==' cannot be applied to Boolean and String.", 34)]
    [InlineData("credential.MfaActive != 1", "'!=' cannot be applied to Boolean and Int32.", 34)]
    [InlineData("credential.AccountId > 5", "'>' cannot be applied to String and Int32.", 34)]
    [InlineData("credential.MfaActive && \"x\" != null && credential.AccountId", "'&&' cannot be applied to Boolean and String.", 49)]
    [InlineData("!credential.AccountId", "'!' needs true or false, but is applied to String.", 13)]
    [InlineData("credential.AccountId - 1 == 2", "'-' cannot be applied to String and Int32.", 34)]
    [InlineData("credential.PasswordEnabled == null", "'==' cannot be applied to Boolean and null.", 40)]
    [InlineData("Dates.Current(credential.AccountId, 30, today)", "Dates.Current cannot be called with (String, Int32, DateOnly)", 19)]
    [InlineData("Text.IsBlank(credential.AccountId, 1)", "Text.IsBlank takes 1 argument(s), not 2.", 18)]
    [InlineData("(credential.MfaActive ? 1 : \"x\") == 1", "the two results of '?:' must have the same type, but are Int32 and String.", 35)]
    [InlineData("Lists.Contains(\"a\", credential.AccountId)", "Lists.Contains cannot be called with (String, String)", 19)]
    public void Type_errors_are_found_by_the_binder_at_the_operator(string condition, string message, int column)
    {
        var error = SingleError(WithCondition(condition));
        Assert.Equal("PE1204", error.Id);
        Assert.Contains(message, error.Message);
        Assert.Equal((15, column), (error.Location.Line, error.Location.Column));
    }

    [Theory]
    [InlineData("Dates.Curent(credential.PasswordLastUsed, 1, now)", "'Dates' has no method 'Curent'.", "Did you mean 'Current'?")]
    [InlineData("credential.AccountId.Trimm() == \"\"", "'String' has no method 'Trimm'.", "Did you mean 'Trim'?")]
    [InlineData("credential.MfaActve", "'RootCredential' has no property 'MfaActve'.", "Did you mean 'MfaActive'?")]
    public void Unknown_members_are_resolved_against_the_symbol_table(string condition, string message, string suggestion)
    {
        var error = SingleError(WithCondition(condition));
        Assert.Equal("PE1203", error.Id);
        Assert.Equal(message, error.Message);
        Assert.Equal(suggestion, error.Suggestion);
    }

    [Theory]
    [InlineData("\"\".PadLeft(60000, 'a').All(x => x == 'a')", "PE1213", "PadLeft needs a constant width")]
    [InlineData("credential.AccountId.PadLeft(credential.AccountId.Length) != \"\"", "PE1213", "PadLeft needs a constant width")]
    [InlineData("credential.AccountId.All(x => x == 'a')", "PE1213", "treats text as a list")]
    [InlineData("credential.AccountId.Replace(\"a\", \"aaaaaaaa\") != \"\"", "PE1213", "Replace needs constant texts")]
    [InlineData("Lists.Missing(breakGlass, breakGlass).Any(a => Lists.Missing(breakGlass, breakGlass).Any(b => Lists.Missing(breakGlass, breakGlass).Any(c => Lists.Missing(breakGlass, breakGlass).Any(d => a == d))))",
        "PE1213", "lambdas nest more than 3 deep")]
    [InlineData("credential.AccountId.Normalize() != \"\"", "PE1206", "String.Normalize")]
    [InlineData("Enumerable.Range(0, 2000000000).Count() > 0", "PE1206", "Enumerable")]
    [InlineData("DateTime.Now.Year > 2000", "PE1206", "DateTime")]
    [InlineData("Math.BigMul(1, 2) > 0", "PE1206", "Math.BigMul")]
    public void Costly_or_unlisted_methods_are_refused_at_compile_time(string condition, string id, string message)
    {
        var text = WithCondition(condition).Replace("subject:", "parameters:\n  breakGlass: [a, b]\nsubject:");
        var error = SingleError(text);
        Assert.Equal(id, error.Id);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Unused_parameters_are_found_by_binding_not_by_searching_the_text()
    {
        // The parameters' names appear in a string literal and as a property name; neither uses them.
        var text = WithCondition("credential.AccountId != \"limit\" && credential.MfaActive && Lists.Missing(other, other).Count == 0")
            .Replace("subject:", "parameters:\n  limit: 3\n  MfaActive: true\n  other: [a]\nsubject:");
        var diagnostics = RuleSource.Compile(text).Diagnostics;
        Assert.Equal(["The parameter 'MfaActive' is not used by any expression of this rule.", "The parameter 'limit' is not used by any expression of this rule."],
            diagnostics.Select(d => d.Message).Order(StringComparer.Ordinal));
        Assert.All(diagnostics, d => Assert.Equal("PE1211", d.Id));
    }

    [Theory]
    [InlineData("credential.MfaActive =  true", "write '=='")]
    [InlineData("credential.MfaActive & true", "write '&&'")]
    [InlineData("credential.AccountId?.Length > 0", "'?.' is not supported")]
    [InlineData("credential.AccountId == \"unterminated", "not closed")]
    [InlineData("credential.MfaActive \u001b", "U+001B")]
    [InlineData("", "empty")]
    [InlineData("(credential.MfaActive", "')' is missing")]
    public void Syntax_errors_name_the_problem(string condition, string message)
    {
        var error = SingleError(WithCondition(condition));
        Assert.True(error.Id is "PE1202" or "PE1003", error.ToString());
        if (error.Id == "PE1202") Assert.Contains(message, error.Message);
    }

    /// <summary>Every value of a valid rule replaced by a null, a list holding a null, or a nested list: diagnostics, no exception.</summary>
    [Fact]
    public void Nulls_and_lists_of_nulls_anywhere_in_a_rule_file_are_diagnostics()
    {
        var lines = RuleSource.Valid().Split('\n');
        var checkedLines = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var colon = lines[i].IndexOf(": ", StringComparison.Ordinal);
            if (colon < 0) continue;
            foreach (var replacement in new[] { "~", "[~]", "[~, ~]", "[[~]]", "{ a: ~ }", "[ { fact: ~ } ]" })
            {
                var copy = (string[])lines.Clone();
                copy[i] = lines[i][..(colon + 2)] + replacement;
                var diagnostics = RuleSource.Compile(string.Join('\n', copy)).Diagnostics;
                Assert.All(diagnostics, d => Assert.Matches("^PE[0-9]{4}$", d.Id));
                Assert.Contains(diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Location.Line > 0);
            }
            checkedLines++;
        }
        Assert.True(checkedLines > 10);
    }

    [Fact]
    public void A_rule_with_too_many_conditions_elements_or_placeholders_is_refused_before_compiling_them()
    {
        var conditions = string.Concat(Enumerable.Repeat("      - credential.MfaActive\n", 100_000));
        var manyConditions = RuleSource.Valid(when: $"  - fact: RootCredential\n    as: credential\n    where:\n{conditions}");
        var error = SingleError(manyConditions);
        Assert.Equal("rules/mfa/MA9901-test.yaml(16,7): error PE1011: 'where' has 100000 items; a rule may have at most 32 here, since each one becomes part of the rule engine's network.", error.ToString());

        var elements = string.Concat(Enumerable.Range(0, 40).Select(i => $"  - fact: MfaDevice\n    as: d{i}\n"));
        Assert.Equal("PE1011", SingleError(RuleSource.Valid(when: elements)).Id);

        var message = "\"" + string.Concat(Enumerable.Repeat("{account.Id}", 40)) + "\"";
        var placeholders = SingleError(RuleSource.Valid(message: message));
        Assert.Equal("PE1212", placeholders.Id);
        Assert.Contains("more than 32 placeholders", placeholders.Message);
    }

    [Fact]
    public void A_huge_unknown_name_is_reported_briefly_and_quickly()
    {
        var name = new string('q', 500_000);
        var error = SingleError(WithCondition($"credential.MfaActive && {name} && credential.{name}"));
        Assert.Equal("PE1209", error.Id);
        Assert.Null(error.Suggestion);
        Assert.True(error.Message.Length < 200, error.Message);
    }

    [Theory]
    [InlineData("credential.AccountId[0] == 'a'", null)]
    [InlineData("np(credential.AccountId) != \"\"", null)]
    [InlineData("iif(credential.MfaActive, 1, 2) > 1", null)]
    [InlineData("credential.AccountId.CompareTo(\"a\") > 0", null)]
    [InlineData("credential.AccountId == 'ab'", "PE1202")]
    // Accepted by the binder (a number fits both overloads), ambiguous to the library: a diagnostic at the call, no exception.
    [InlineData("Math.Round(credential.AccountId.Length / 3) > 1", "PE1214")]
    public void What_the_binder_accepts_compiles_or_gets_a_diagnostic(string condition, string? id)
    {
        var rules = RuleSource.Compile(WithCondition(condition));
        if (id is null)
        {
            Assert.Empty(rules.Diagnostics);
            Assert.Single(rules.Rules);
            return;
        }
        var error = Assert.Single(rules.Diagnostics);
        Assert.Equal(id, error.Id);
        Assert.Equal(15, error.Location.Line);
        Assert.True(error.Location.Column > 13);
    }

    [Fact]
    public void A_second_yaml_document_is_refused_not_ignored()
    {
        var error = SingleError(RuleSource.Valid() + "\n---\nid: MA9902\n");
        Assert.Equal("PE1001", error.Id);
        Assert.Contains("one YAML document", error.Message);
    }

    /// <summary>Random token soup: whatever an expression is, compiling it ends in a rule or in diagnostics.</summary>
    [Fact]
    public void Random_expressions_never_crash_the_compiler()
    {
        string[] vocabulary =
        [
            "credential", "account", ".", "MfaActive", "AccountId", "Id", "Name", "(", ")", "[", "]", ",", "=>", "x", "!", "-",
            "+", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||", "??", "?", ":", "null", "true", "0", "1.5", "\"s\"", "'c'",
            "Text", "IsBlank", "Lists", "Any", "Count", "First", "Substring", "Length", "today", "now", "np", "iif", "it", "new",
            "Dates", "Current", "Select", "Where", "99999999999999999999", "\\", "@", "#", "$", "{", "}",
        ];
        var random = new Random(20261127);
        var sources = new Dictionary<string, string>();
        for (var n = 0; n < 400; n++)
        {
            var tokens = Enumerable.Range(0, random.Next(1, 16)).Select(_ => vocabulary[random.Next(vocabulary.Length)]);
            sources[$"rules/MA{1000 + n}-x.yaml"] = RuleSource.Valid(id: $"MA{1000 + n}", when: $"""
  - fact: RootCredential
    as: credential
    where: '{string.Join(" ", tokens).Replace("'", "''")}'
""", message: "\"{" + string.Join("", Enumerable.Range(0, random.Next(1, 6)).Select(_ => vocabulary[random.Next(vocabulary.Length)])).Replace("\"", "'").Replace("{", "").Replace("}", "") + "}\"");
        }
        var rules = YamlRuleCompiler.CompileSources(sources);
        Assert.All(rules.Diagnostics, d => Assert.Matches("^PE[0-9]{4}$", d.Id));
        Assert.NotEmpty(rules.Diagnostics);
    }
}
