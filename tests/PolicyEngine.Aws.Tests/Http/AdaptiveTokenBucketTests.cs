using System.Diagnostics;
using PolicyEngine.Aws.Resilience;
using PolicyEngine.Aws.Tests.Support;

namespace PolicyEngine.Aws.Tests.Http;

public sealed class AdaptiveTokenBucketTests
{
    [Fact]
    public void AStrayThrottle_KeepsThePace()
    {
        var clock = new ManualClock();
        using var bucket = new AdaptiveTokenBucket(50, burst: 100, clock);
        for (var i = 0; i < 50; i++) _ = bucket.AcquireAsync(1);

        bucket.Throttled();

        Assert.Equal(50, bucket.RatePerSecond);
        Assert.Equal(50, bucket.LowestRatePerSecond);
    }

    [Fact]
    public void ManyThrottles_HalveThePace_WhichThenRecoversToTheConfiguredRate()
    {
        var clock = new ManualClock();
        using var bucket = new AdaptiveTokenBucket(50, burst: 100, clock);
        for (var i = 0; i < 10; i++) _ = bucket.AcquireAsync(1);

        for (var i = 0; i < 3; i++) bucket.Throttled();
        Assert.Equal(25, bucket.RatePerSecond);

        clock.Advance(TimeSpan.FromSeconds(4));
        _ = bucket.AcquireAsync(1);
        Assert.Equal(35, bucket.RatePerSecond, precision: 6);

        clock.Advance(TimeSpan.FromSeconds(60));
        _ = bucket.AcquireAsync(1);
        Assert.Equal(50, bucket.RatePerSecond);
        Assert.Equal(25, bucket.LowestRatePerSecond); // what the throttling did stays visible after the recovery
    }

    [Fact]
    public void AnEmptyBucket_MakesTheCallerWaitForTheNextToken()
    {
        var clock = new ManualClock();
        using var bucket = new AdaptiveTokenBucket(10, burst: 1, clock);

        Assert.True(bucket.AcquireAsync(1).IsCompleted);
        Assert.False(bucket.AcquireAsync(1).IsCompleted);
    }

    [Fact]
    public async Task A_full_bucket_allows_the_burst_then_holds_to_the_rate()
    {
        using var bucket = new AdaptiveTokenBucket(ratePerSecond: 20, burst: 10);
        var watch = Stopwatch.StartNew();
        // The burst is granted at once, without waiting: a question of tokens, not of how fast this machine runs.
        for (var i = 0; i < 10; i++)
        {
            using var lease = bucket.AttemptAcquire(1);
            Assert.True(lease.IsAcquired, $"call {i + 1} of the burst was refused");
        }
        for (var i = 0; i < 10; i++) (await bucket.AcquireAsync(1)).Dispose();

        // 10 more tokens at 20 per second need at least 0.5 s (less a little for timer granularity).
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(470), $"20 calls took {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Callers_waiting_when_the_pace_halves_are_served_at_the_new_pace()
    {
        using var bucket = new AdaptiveTokenBucket(ratePerSecond: 40, burst: 1);
        (await bucket.AcquireAsync(1)).Dispose();
        var waiting = Enumerable.Range(0, 5).Select(_ => bucket.AcquireAsync(1).AsTask()).ToList();
        var watch = Stopwatch.StartNew();

        for (var i = 0; i < 3; i++) bucket.Throttled();
        var leases = await Task.WhenAll(waiting);

        Assert.All(leases, lease => Assert.True(lease.IsAcquired));
        Assert.Equal(20, bucket.RatePerSecond);
        // At least four of them wait for the new bucket, which starts with one token and adds one per 50 ms.
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(140), $"took {watch.Elapsed.TotalMilliseconds} ms");
    }
}
