using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;
using PolicyEngine.Aws.Http;

namespace PolicyEngine.Aws.Resilience;

/// <summary>
/// The one resilience pipeline (Polly) every AWS call goes through: the hand-written clients, the official SDK clients
/// (whose own retries are off) and the Security Hub publisher. Per attempt, outermost first:
/// retry (jittered exponential backoff, or the service's Retry-After) → a token from the operation's adaptive bucket
/// (<see cref="AdaptiveTokenBucket"/>; rates are data in <see cref="AwsClientOptions"/>) → a slot of the shared
/// concurrency limit → the attempt timeout. Throttled answers, from any client, slow that bucket down.
/// The pipeline is safe to share between concurrent callers: a caller that runs calls in parallel (bounded by its own
/// degree of parallelism) is still held to the shared pace and concurrency.
/// </summary>
public sealed class AwsCallPipeline : IDisposable
{
    private static readonly ResiliencePropertyKey<AwsOperation> OperationKey = new("policyengine.aws.operation");

    private readonly ConcurrentDictionary<string, AdaptiveTokenBucket> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrencyLimiter _slots;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AwsCallPipeline(AwsClientOptions options, ILogger? logger = null, TimeProvider? time = null)
    {
        Options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _slots = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.Concurrency,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        var builder = new ResiliencePipelineBuilder { TimeProvider = _time };
        if (options.MaxAttempts > 1)
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseBackoff,
                MaxDelay = options.MaxBackoff,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is TimeoutRejectedException or AwsServiceException { IsRetryable: true }),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Exception)),
                OnRetry = args =>
                {
                    var operation = args.Context.Properties.GetValue(OperationKey, null!);
                    Statistics.RecordRetry(operation.Service);
                    _logger.LogDebug("{Action}: {Error} on attempt {Attempt}; retrying in {Delay} ms", operation.IamAction,
                        args.Outcome.Exception is AwsServiceException e ? e.ErrorCode : AwsErrorCodes.Timeout, args.AttemptNumber + 1, (int)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        builder.AddRateLimiter(new RateLimiterStrategyOptions
        {
            RateLimiter = args => Bucket(args.Context.Properties.GetValue(OperationKey, null!)).AcquireAsync(1, args.Context.CancellationToken),
        });
        builder.AddRateLimiter(_slots);
        builder.AddTimeout(options.AttemptTimeout);
        _pipeline = builder.Build();
    }

    public AwsClientOptions Options { get; }

    public CallStatistics Statistics { get; } = new();

    /// <summary>
    /// Runs <paramref name="attempt"/> (given its 1-based number) through the pipeline. A failure it gives up on is an
    /// <see cref="AwsServiceException"/> carrying the number of attempts; an attempt that outlives its timeout is one
    /// with code <see cref="AwsErrorCodes.Timeout"/> naming the endpoint. The caller's cancellation propagates as such.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(AwsOperation operation, string region, Func<int, CancellationToken, Task<T>> attempt, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(OperationKey, operation);
        var attempts = 0;
        try
        {
            return await _pipeline.ExecuteAsync(async c =>
            {
                var number = Interlocked.Increment(ref attempts);
                Statistics.RecordAttempt(operation.Service);
                try
                {
                    return await attempt(number, c.CancellationToken).ConfigureAwait(false);
                }
                catch (AwsServiceException e) when (e.IsThrottling)
                {
                    Statistics.RecordThrottle(operation.Service);
                    Bucket(operation).Throttled();
                    throw;
                }
            }, context).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            throw new AwsServiceException(operation, AwsErrorCodes.Timeout,
                $"no answer from {Options.Endpoints.Resolve(operation.Service, region)} within {Options.AttemptTimeout.TotalSeconds:0.###} s",
                region: region, attempts: attempts, inner: e) { Transient = true };
        }
        catch (AwsServiceException e) when (e.Attempts != attempts)
        {
            throw e.After(attempts);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The lowest pace throttling brought an operation to in this run, though the pace may have recovered since.</summary>
    public double LowestRate(AwsOperation operation) => Bucket(operation).LowestRatePerSecond;

    private AdaptiveTokenBucket Bucket(AwsOperation operation)
    {
        var key = Options.RateKey(operation);
        return _buckets.GetOrAdd(key, k => new AdaptiveTokenBucket(Options.RateFor(k), Options.BurstFor(k), _time));
    }

    /// <summary>The wait the service asked for (Retry-After), honoured up to <see cref="AwsClientOptions.MaxRetryAfter"/>; else the backoff.</summary>
    private TimeSpan? RetryAfter(Exception? exception) =>
        exception is AwsServiceException { RetryAfter: { } asked } && asked > TimeSpan.Zero
            ? TimeSpan.FromTicks(Math.Min(asked.Ticks, Options.MaxRetryAfter.Ticks))
            : null;

    public void Dispose()
    {
        _slots.Dispose();
        foreach (var bucket in _buckets.Values) bucket.Dispose();
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
