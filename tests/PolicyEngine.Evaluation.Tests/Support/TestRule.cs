namespace PolicyEngine.Evaluation.Tests.Support;

/// <summary>Minimal rule files for engine tests: one subject over accounts, the conditions under test, and their messages.</summary>
internal static class TestRule
{
    /// <summary>The management account's root user has no MFA.</summary>
    public const string NoMfa = """
  - fact: RootCredential
    as: credential
    where: [ "credential.AccountId == account.Id", "!credential.MfaActive" ]
""";

    public static string Yaml(string id, string subjectWhere, string when, string message = "\"{account.Id} fails\"", string passMessage = "") => $"""
id: {id}
title: Test {id}
severity: high
category: Test
recommendation: best-practices_mgmt-acct_mfa
rationale: r
remediation: r
subject:
  fact: Account
  as: account
  where: '{subjectWhere}'
when:
{when}
message: {message}
{passMessage}
""";
}
