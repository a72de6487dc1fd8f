using System.Collections.Concurrent;

namespace PolicyEngine.Aws.Http;

/// <summary>
/// Admits one attempt at a time through two limits: a concurrency slot shared by all services and a token from the
/// service's own rate bucket. Shared by the hand-written clients and the SDK adapters so both obey the same limits.
/// </summary>
public sealed class CallGate(AwsClientOptions options, TimeProvider? time = null) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrency, options.MaxConcurrency);
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public CallStatistics Statistics { get; } = new();

    /// <summary>Waits for a rate token and a slot; dispose the result to free the slot.</summary>
    public async Task<IDisposable> EnterAsync(AwsService service, CancellationToken ct)
    {
        await Bucket(service).WaitAsync(ct).ConfigureAwait(false);
        await _slots.WaitAsync(ct).ConfigureAwait(false);
        Statistics.RecordAttempt(service);
        return new Slot(_slots);
    }

    public async Task<T> RunAsync<T>(AwsService service, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        using (await EnterAsync(service, ct).ConfigureAwait(false))
            return await call(ct).ConfigureAwait(false);
    }

    /// <summary>A throttled answer: the service's pace drops (see <see cref="TokenBucket.SlowDown"/>).</summary>
    public void Throttled(AwsService service)
    {
        Statistics.RecordThrottle(service);
        Bucket(service).SlowDown();
    }

    public double CurrentRate(AwsService service) => Bucket(service).RatePerSecond;

    private TokenBucket Bucket(AwsService service) =>
        _buckets.GetOrAdd(service.Id, _ => new TokenBucket(options.RateFor(service), options.Burst, _time));

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}

/// <summary>Counts of attempts, retries and throttled answers per service, for progress, logs and the benchmark.</summary>
public sealed class CallStatistics
{
    private readonly ConcurrentDictionary<string, Counters> _byService = new(StringComparer.Ordinal);

    public long Attempts => _byService.Values.Sum(c => Interlocked.Read(ref c.Attempts));
    public long Retries => _byService.Values.Sum(c => Interlocked.Read(ref c.Retries));
    public long Throttled => _byService.Values.Sum(c => Interlocked.Read(ref c.Throttled));

    public IReadOnlyDictionary<string, (long Attempts, long Retries, long Throttled)> ByService =>
        _byService.ToDictionary(kv => kv.Key, kv => (kv.Value.Attempts, kv.Value.Retries, kv.Value.Throttled));

    internal void RecordAttempt(AwsService service) => Interlocked.Increment(ref For(service).Attempts);
    internal void RecordRetry(AwsService service) => Interlocked.Increment(ref For(service).Retries);
    internal void RecordThrottle(AwsService service) => Interlocked.Increment(ref For(service).Throttled);

    private Counters For(AwsService service) => _byService.GetOrAdd(service.Id, _ => new Counters());

    private sealed class Counters
    {
        public long Attempts;
        public long Retries;
        public long Throttled;
    }
}
