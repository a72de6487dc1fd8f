namespace PolicyEngine.Rules.Tests;

/// <summary>Builds rule files for tests from a valid rule, replacing the parts a test is about.</summary>
internal static class RuleSource
{
    public const string Path = "rules/mfa/MA9901-test.yaml";

    public static string Valid(string id = "MA9901", string severity = "high", string recommendation = "best-practices_mgmt-acct_mfa",
        string when = DefaultWhen, string message = "\"Root of {account.Id} has no MFA\"", string extra = "") => $"""
id: {id}
title: Test rule
severity: {severity}
category: Identity
recommendation: {recommendation}
rationale: Because.
remediation: Fix it.
{extra}subject:
  fact: Account
  as: account
  where: account.IsManagement
when:
{when}
message: {message}
""";

    public const string DefaultWhen = """
  - fact: RootCredential
    as: credential
    where:
      - credential.AccountId == account.Id
      - "!credential.MfaActive"
""";

    public static RuleSet Compile(string text, string path = Path) =>
        YamlRuleCompiler.CompileSources(new Dictionary<string, string> { [path] = text });

    public static IReadOnlyList<string> Errors(string text) =>
        Compile(text).Diagnostics.Where(d => d.Severity == Diagnostics.DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
}
