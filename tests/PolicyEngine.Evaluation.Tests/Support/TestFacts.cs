using PolicyEngine.Core.Facts;

namespace PolicyEngine.Evaluation.Tests.Support;

/// <summary>Facts the engine tests build organizations from.</summary>
internal static class TestFacts
{
    /// <summary>The management account of every test organization.</summary>
    public const string Management = "111111111111";

    /// <summary>An active account of the test organization, named after its ID.</summary>
    public static Account Account(string id, bool management = false, string email = "aws@example.com") =>
        new(id, $"arn:aws:organizations::{Management}:account/o-x/{id}", $"acct-{id}", email, "ACTIVE", management);
}
