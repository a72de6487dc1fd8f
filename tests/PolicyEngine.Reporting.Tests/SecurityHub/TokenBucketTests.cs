using TokenBucket = PolicyEngine.Aws.Http.TokenBucket;
using System.Diagnostics;

namespace PolicyEngine.Reporting.Tests.SecurityHub;

public sealed class TokenBucketTests
{
    [Fact]
    public async Task A_full_bucket_allows_the_burst_then_holds_to_the_rate()
    {
        var bucket = new TokenBucket(ratePerSecond: 20, burst: 10);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 10; i++) await bucket.WaitAsync(CancellationToken.None);
        var burst = watch.Elapsed;
        for (var i = 0; i < 10; i++) await bucket.WaitAsync(CancellationToken.None);

        Assert.True(burst < TimeSpan.FromMilliseconds(300), $"the burst took {burst.TotalMilliseconds} ms");
        // 10 more tokens at 20 per second need at least 0.5 s (less a little for timer granularity).
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(470), $"20 calls took {watch.Elapsed.TotalMilliseconds} ms");
    }

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
