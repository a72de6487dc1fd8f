namespace PolicyEngine.Aws.Http;

/// <summary>
/// A token bucket that paces callers to a steady rate. A caller that finds the bucket empty reserves the next token
/// and sleeps until it is due, so waiting callers are served in arrival order without polling.
/// </summary>
public sealed class TokenBucket
{
    private readonly double _ratePerSecond;
    private readonly double _burst;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private double _tokens;
    private long _lastRefill;

    public TokenBucket(double ratePerSecond, int burst = 1, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        _ratePerSecond = ratePerSecond;
        _burst = burst;
        _time = time ?? TimeProvider.System;
        _tokens = burst;
        _lastRefill = _time.GetTimestamp();
    }

    public double RatePerSecond => _ratePerSecond;

    public Task WaitAsync(CancellationToken ct)
    {
        TimeSpan wait;
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_burst, _tokens + _time.GetElapsedTime(_lastRefill, now).TotalSeconds * _ratePerSecond);
            _lastRefill = now;
            _tokens -= 1;
            wait = _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _ratePerSecond);
        }
        return wait == TimeSpan.Zero ? Task.CompletedTask : Task.Delay(wait, _time, ct);
    }
}
