using PolicyEngine.Policies;

namespace PolicyEngine.Policies.Tests;

public sealed class PolicyDocumentTests
{
    [Fact]
    public void SingleValuesAndSingleStatements_AreReadAsLists()
    {
        var document = PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":{"Sid":"A","Effect":"Deny","NotAction":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false}}}}""");

        var statement = Assert.Single(document.Statements);
        Assert.Equal(("A", Effect.Deny, true), (statement.Sid, statement.Effect, statement.NotAction));
        Assert.Equal(["s3:*"], statement.Actions);
        Assert.Equal(new ConditionClause("Bool", "aws:SecureTransport", ["false"]), Assert.Single(statement.Conditions), new ClauseComparer());
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("{}", "no Statement")]
    [InlineData("""{"Statement":[{"Effect":"Permit","Action":"*"}]}""", "neither Allow nor Deny")]
    [InlineData("""{"Statement":[{"Effect":"Deny","Action":"*","NotAction":"s3:*"}]}""", "both Action and NotAction")]
    [InlineData("""{"Statement":[{"Effect":"Deny","Action":{"a":1}}]}""", "neither a string nor a list")]
    [InlineData("""{"Statement":[{"Effect":"Deny","Action":"*","Condition":{"StringEquals":"x"}}]}""", "does not map keys")]
    public void MalformedDocuments_SayWhatIsWrong(string json, string expected)
    {
        Assert.Null(PolicyDocument.TryParse(json, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void DeeplyNestedInput_IsRejected_NotAStackOverflow()
    {
        var json = """{"Statement":""" + new string('[', 10_000) + new string(']', 10_000) + "}";

        Assert.Null(PolicyDocument.TryParse(json, out var error));
        Assert.Contains("not valid JSON", error);
    }

    [Theory]
    [InlineData("*", "iam:CreateUser", true)]
    [InlineData("iam:*", "IAM:createuser", true)]
    [InlineData("iam:Create*", "iam:CreateUser", true)]
    [InlineData("iam:*User", "iam:CreateUser", true)]
    [InlineData("iam:?reateUser", "iam:CreateUser", true)]
    [InlineData("iam:Create", "iam:CreateUser", false)]
    [InlineData("iam:*Role", "iam:CreateUser", false)]
    [InlineData("*:*", "s3:GetObject", true)]
    [InlineData("s3*", "s3:GetObject", true)]
    [InlineData("", "s3:GetObject", false)]
    [InlineData("**a**b**", "xaxxbx", true)]
    public void WildcardsMatchAsIamDoes(string pattern, string action, bool expected) =>
        Assert.Equal(expected, Wildcard.Matches(pattern, action));

    [Fact]
    public void PathologicalPatterns_StayFast()
    {
        var value = new string('a', 5_000);
        var pattern = string.Concat(Enumerable.Repeat("*a", 200)) + "b";

        Assert.False(Wildcard.Matches(pattern, value));
    }

    private sealed class ClauseComparer : IEqualityComparer<ConditionClause>
    {
        public bool Equals(ConditionClause? x, ConditionClause? y) =>
            x!.Operator == y!.Operator && x.Key == y.Key && x.Values.SequenceEqual(y.Values);

        public int GetHashCode(ConditionClause obj) => obj.Key.GetHashCode(StringComparison.Ordinal);
    }
}
