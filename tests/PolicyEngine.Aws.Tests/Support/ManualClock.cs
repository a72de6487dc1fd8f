namespace PolicyEngine.Aws.Tests.Support;

/// <summary>
/// A clock whose timestamps move only when told to. The rate's adaptation and its windows read it; timers (the inner
/// bucket's pacing, retry delays, attempt timeouts) stay real time, so a slow machine cannot split one burst of
/// throttles across two windows.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private long _ticks;
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    public override long GetTimestamp() => Interlocked.Read(ref _ticks);
    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
