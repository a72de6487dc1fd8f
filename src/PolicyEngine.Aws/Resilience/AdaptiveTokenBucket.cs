using System.Threading.RateLimiting;

namespace PolicyEngine.Aws.Resilience;

/// <summary>
/// A token bucket (System.Threading.RateLimiting's <see cref="TokenBucketRateLimiter"/>) whose rate adapts like TCP
/// congestion control: when more than a tenth of a second's attempts (and at least three) are throttled, the rate
/// halves; it climbs back by 5 % of the configured rate per second. So a configured rate above what AWS allows
/// converges on what it does allow instead of burning retries, while a stray throttle (AWS sheds some load at any
/// rate) costs one retry, not the pace. A new rate is a new inner bucket; callers queued on the old one move over.
/// </summary>
public sealed class AdaptiveTokenBucket : RateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ShortestPeriod = TimeSpan.FromMilliseconds(20);
    private const double RecoveryPerSecond = 0.05;
    private const double FloorShare = 0.05;
    private const int ThrottlesToSlowDown = 3;
    private const double ThrottledShareToSlowDown = 0.1;

    private readonly double _maxRate;
    private readonly int _burst;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private TokenBucketRateLimiter _bucket;
    private double _rate;
    private double _lowestRate;
    private double _bucketRate;
    private long _lastUpdate;
    private long _windowStart;
    private int _windowAttempts;
    private int _windowThrottles;
    private bool _disposed;

    public AdaptiveTokenBucket(double ratePerSecond, int burst = 1, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        _maxRate = _rate = _bucketRate = _lowestRate = ratePerSecond;
        _burst = burst;
        _time = time ?? TimeProvider.System;
        _lastUpdate = _windowStart = _time.GetTimestamp();
        _bucket = Create(ratePerSecond, burst);
    }

    /// <summary>The rate in force now (at most the configured one).</summary>
    public double RatePerSecond
    {
        get { lock (_lock) return _rate; }
    }

    /// <summary>The lowest rate throttling brought it to so far: what the service's pushback did, after the rate recovered.</summary>
    public double LowestRatePerSecond
    {
        get { lock (_lock) return _lowestRate; }
    }

    public override TimeSpan? IdleDuration => Current.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => Current.GetStatistics();

    /// <summary>The service said "too fast": halve the rate if this window's throttles are more than stray ones.</summary>
    public void Throttled()
    {
        TokenBucketRateLimiter? replaced = null;
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            RollWindow(now);
            _windowThrottles++;
            if (_windowThrottles < ThrottlesToSlowDown || _windowThrottles < ThrottledShareToSlowDown * _windowAttempts) return;
            _rate = Math.Max(_maxRate * FloorShare, _rate / 2);
            _lowestRate = Math.Min(_lowestRate, _rate);
            _windowStart = _lastUpdate = now;
            _windowAttempts = _windowThrottles = 0;
            replaced = Rebuild();
        }
        replaced?.Dispose();
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        Admit();
        return Current.AttemptAcquire(permitCount);
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Admit();
        while (true)
        {
            var bucket = Current;
            RateLimitLease lease;
            try
            {
                lease = await bucket.AcquireAsync(permitCount, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectDisposedException) when (!ReferenceEquals(bucket, Current))
            {
                continue; // replaced between reading it and asking it
            }
            // A lease refused because the rate changed under it (its bucket was disposed) is asked again of the new bucket.
            if (lease.IsAcquired || ReferenceEquals(bucket, Current) || Volatile.Read(ref _disposed)) return lease;
            lease.Dispose();
        }
    }

    private TokenBucketRateLimiter Current
    {
        get { lock (_lock) return _bucket; }
    }

    /// <summary>Counts the attempt and lets the rate recover for the time that has passed.</summary>
    private void Admit()
    {
        TokenBucketRateLimiter? replaced;
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            var elapsed = _time.GetElapsedTime(_lastUpdate, now).TotalSeconds;
            _lastUpdate = now;
            _rate = Math.Min(_maxRate, _rate + _maxRate * RecoveryPerSecond * elapsed);
            RollWindow(now);
            _windowAttempts++;
            // Rebuild only for a change worth it: at most about once a second while recovering.
            replaced = Math.Abs(_rate - _bucketRate) >= _maxRate * RecoveryPerSecond ? Rebuild() : null;
        }
        replaced?.Dispose();
    }

    private TokenBucketRateLimiter Rebuild()
    {
        var old = _bucket;
        _bucket = Create(_rate, _burst);
        _bucketRate = _rate;
        return old;
    }

    /// <summary>
    /// One token per 1/rate seconds, but no shorter period than 20 ms (timer resolution): a faster rate adds several
    /// tokens per period, and the bucket holds at least that many.
    /// </summary>
    private static TokenBucketRateLimiter Create(double rate, int burst)
    {
        var period = TimeSpan.FromSeconds(1 / rate);
        var tokens = 1;
        if (period < ShortestPeriod)
        {
            tokens = (int)Math.Ceiling(rate * ShortestPeriod.TotalSeconds);
            period = TimeSpan.FromSeconds(tokens / rate);
        }
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(burst, tokens),
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    private void RollWindow(long now)
    {
        if (_time.GetElapsedTime(_windowStart, now) < Window) return;
        _windowStart = now;
        _windowAttempts = _windowThrottles = 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Volatile.Write(ref _disposed, true);
            Current.Dispose();
        }
        base.Dispose(disposing);
    }
}
