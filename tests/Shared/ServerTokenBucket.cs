using System.Diagnostics;

namespace PolicyEngine.Tests;

/// <summary>
/// What a service's "rate with a burst" means on the server side: a continuous token bucket, full at the start, that
/// refuses a request when it holds less than one token. The local endpoints of the tests and benchmarks enforce it.
/// </summary>
internal sealed class ServerTokenBucket(double ratePerSecond, double burst)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private readonly double _burst = burst;
    private double _tokens = burst;
    private double _last;

    public bool TryTake()
    {
        lock (_lock)
        {
            var now = _clock.Elapsed.TotalSeconds;
            _tokens = Math.Min(_burst, _tokens + (now - _last) * ratePerSecond);
            _last = now;
            if (_tokens < 1) return false;
            _tokens -= 1;
            return true;
        }
    }
}
