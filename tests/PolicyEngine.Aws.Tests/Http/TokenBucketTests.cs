using PolicyEngine.Aws.Http;

namespace PolicyEngine.Aws.Tests.Http;

public sealed class TokenBucketTests
{
    /// <summary>A clock that moves only when told to.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => _ticks;
        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    [Fact]
    public void AStrayThrottle_KeepsThePace()
    {
        var clock = new ManualClock();
        var bucket = new TokenBucket(50, burst: 100, clock);
        for (var i = 0; i < 50; i++) _ = bucket.WaitAsync(CancellationToken.None);

        bucket.SlowDown();

        Assert.Equal(50, bucket.RatePerSecond);
    }

    [Fact]
    public void ManyThrottles_HalveThePace_WhichThenRecoversToTheConfiguredRate()
    {
        var clock = new ManualClock();
        var bucket = new TokenBucket(50, burst: 100, clock);
        for (var i = 0; i < 10; i++) _ = bucket.WaitAsync(CancellationToken.None);

        for (var i = 0; i < 3; i++) bucket.SlowDown();
        Assert.Equal(25, bucket.RatePerSecond);

        clock.Advance(TimeSpan.FromSeconds(4));
        _ = bucket.WaitAsync(CancellationToken.None);
        Assert.Equal(35, bucket.RatePerSecond, precision: 6);

        clock.Advance(TimeSpan.FromSeconds(60));
        _ = bucket.WaitAsync(CancellationToken.None);
        Assert.Equal(50, bucket.RatePerSecond);
    }

    [Fact]
    public void AnEmptyBucket_MakesTheCallerWaitForTheNextToken()
    {
        var clock = new ManualClock();
        var bucket = new TokenBucket(10, burst: 1, clock);

        Assert.True(bucket.WaitAsync(CancellationToken.None).IsCompleted);
        Assert.False(bucket.WaitAsync(CancellationToken.None).IsCompleted);
    }
}
