namespace PolicyEngine.Aws.Http;

/// <summary>
/// A token bucket that paces callers to a rate. A caller that finds the bucket empty reserves the next token and sleeps
/// until it is due, so waiting callers are served in arrival order without polling.
/// The rate adapts like TCP congestion control: when more than a tenth of a second's attempts (and at least three) are
/// throttled, it halves; it climbs back by 5 % of the configured rate per second. So a configured rate above what AWS
/// allows converges on what it does allow instead of burning retries, while a stray throttle (AWS sheds some load at
/// any rate) costs one retry, not the pace.
/// </summary>
public sealed class TokenBucket
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private const double RecoveryPerSecond = 0.05;
    private const double FloorShare = 0.05;
    private const int ThrottlesToSlowDown = 3;
    private const double ThrottledShareToSlowDown = 0.1;

    private readonly double _maxRate;
    private readonly double _burst;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private double _rate;
    private double _tokens;
    private long _lastRefill;
    private long _windowStart;
    private int _windowAttempts;
    private int _windowThrottles;

    public TokenBucket(double ratePerSecond, int burst = 1, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        _maxRate = _rate = ratePerSecond;
        _burst = burst;
        _time = time ?? TimeProvider.System;
        _tokens = burst;
        _lastRefill = _windowStart = _time.GetTimestamp();
    }

    /// <summary>The rate in force now (at most the configured one).</summary>
    public double RatePerSecond
    {
        get { lock (_lock) return _rate; }
    }

    public Task WaitAsync(CancellationToken ct)
    {
        TimeSpan wait;
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            var elapsed = _time.GetElapsedTime(_lastRefill, now).TotalSeconds;
            _rate = Math.Min(_maxRate, _rate + _maxRate * RecoveryPerSecond * elapsed);
            _tokens = Math.Min(_burst, _tokens + elapsed * _rate);
            _lastRefill = now;
            RollWindow(now);
            _windowAttempts++;
            _tokens -= 1;
            wait = _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _rate);
        }
        return wait == TimeSpan.Zero ? Task.CompletedTask : Task.Delay(wait, _time, ct);
    }

    /// <summary>The service said "too fast": halve the rate if this window's throttles are more than stray ones.</summary>
    public void SlowDown()
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            RollWindow(now);
            _windowThrottles++;
            if (_windowThrottles < ThrottlesToSlowDown || _windowThrottles < ThrottledShareToSlowDown * _windowAttempts) return;
            _rate = Math.Max(_maxRate * FloorShare, _rate / 2);
            _windowStart = now;
            _windowAttempts = _windowThrottles = 0;
        }
    }

    private void RollWindow(long now)
    {
        if (_time.GetElapsedTime(_windowStart, now) < Window) return;
        _windowStart = now;
        _windowAttempts = _windowThrottles = 0;
    }
}
