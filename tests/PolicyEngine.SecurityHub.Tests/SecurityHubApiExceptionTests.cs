namespace PolicyEngine.SecurityHub.Tests;

public sealed class SecurityHubApiExceptionTests
{
    [Theory]
    [InlineData(429, "LimitExceededException", false, true)]
    [InlineData(429, "Anything", false, true)]
    [InlineData(503, "ServiceUnavailable", false, true)]
    [InlineData(0, "NetworkError", false, true)]
    [InlineData(400, "InvalidInputException", false, false)]
    [InlineData(401, "InvalidAccessException", false, false)]
    [InlineData(429, "LimitExceededException", true, false)]
    public void Throttling_and_transient_failures_are_retryable_once(int status, string code, bool retriedByTransport, bool retryable)
    {
        Assert.Equal(retryable, new SecurityHubApiException(status, code, "m", retriedByTransport: retriedByTransport).IsRetryable);
    }
}
