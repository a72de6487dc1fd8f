using Microsoft.Extensions.Logging;
using PolicyEngine.Aws.Http;

namespace PolicyEngine.Aws.Collection;

/// <summary>The result of a guarded call: <see cref="Ok"/> false means it failed and a collection error was recorded.</summary>
internal readonly record struct Outcome<T>(bool Ok, T Value);

/// <summary>What a service's error means as a fact ("none", "not enabled"), and how the log says it.</summary>
internal sealed record Answer<T>(T Value, string Description);

/// <summary>What every fact collector of one run shares: the clients, the sink, who is calling and from where.</summary>
internal sealed class CollectionContext(AwsClientSet clients, FactSink sink, string callerAccountId, string region,
    CollectorOptions options, ILogger logger, CancellationToken ct)
{
    /// <summary>Root sign-in events are delivered in us-east-1, so rules and alarms are looked for there as well.</summary>
    public const string GlobalEventsRegion = "us-east-1";

    public AwsClientSet Clients { get; } = clients;
    public FactSink Sink { get; } = sink;

    /// <summary>The account the credentials belong to: account-scoped facts (IAM, contacts, trails, …) are this account's.</summary>
    public string CallerAccountId { get; } = callerAccountId;

    public string Region { get; } = region;
    public CollectorOptions Options { get; } = options;
    public CancellationToken Ct { get; } = ct;

    /// <summary>
    /// Runs one call for one fact type. A call that fails for good (after retries) is recorded as a collection error for
    /// that fact type and account, and no fact is made from it. Cancellation still propagates.
    /// </summary>
    public async Task<Outcome<T>> TryAsync<T>(string factType, string? accountId, Func<CancellationToken, Task<T>> call)
    {
        try
        {
            return new Outcome<T>(true, await call(Ct).ConfigureAwait(false));
        }
        catch (AwsServiceException e)
        {
            Record(factType, accountId, e);
            return default;
        }
    }

    /// <summary>
    /// Runs one call whose errors may be the service's answer rather than a failure to read: "trusted access is not
    /// enabled", "no such trail", "not a delegated administrator". <paramref name="answer"/> turns such an error into the
    /// value it means (a fact: "no", "none", "not set up"); any other error is recorded as a collection error.
    /// </summary>
    public async Task<Outcome<T>> TryAsync<T>(string factType, string? accountId, Func<CancellationToken, Task<T>> call,
        Func<AwsServiceException, Answer<T>?> answer)
    {
        try
        {
            return new Outcome<T>(true, await call(Ct).ConfigureAwait(false));
        }
        catch (AwsServiceException e) when (answer(e) is { } meaning)
        {
            logger.LogInformation("{Action} answered {Code} for {Scope}: recorded as {Meaning}",
                e.Operation.IamAction, e.ErrorCode, accountId ?? "the organization", meaning.Description);
            return new Outcome<T>(true, meaning.Value);
        }
        catch (AwsServiceException e)
        {
            Record(factType, accountId, e);
            return default;
        }
    }

    public void Record(string factType, string? accountId, AwsServiceException e)
    {
        Sink.Error(factType, accountId, e);
        logger.LogWarning("Could not collect {FactType} for {Scope}: {Action} answered {Code}: {Message}",
            factType, accountId ?? "the organization", e.Operation.IamAction, e.ErrorCode, e.ErrorMessage);
    }

    /// <summary>One failure about one resource that several accounts depend on: an error for each, logged once.</summary>
    public void RecordFor(string factType, IReadOnlyList<string?> accountIds, string resource, AwsServiceException e)
    {
        foreach (var accountId in accountIds)
            Sink.Error(factType, accountId, e, resource);
        logger.LogWarning("Could not collect {FactType} {Resource} ({Accounts} account(s) depend on it): {Action} answered {Code}: {Message}",
            factType, resource, accountIds.Count, e.Operation.IamAction, e.ErrorCode, e.ErrorMessage);
    }

    /// <summary>
    /// Runs an action per item, as many at once as the pipeline lets through: the buckets pace each service, so a
    /// fan-out never waits for answers while its bucket has tokens.
    /// </summary>
    public Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> action) =>
        Parallel.ForEachAsync(items, Parallelism, async (item, _) => await action(item).ConfigureAwait(false));

    public Task ForEachAsync<T>(IAsyncEnumerable<T> items, Func<T, Task> action) =>
        Parallel.ForEachAsync(items, Parallelism, async (item, _) => await action(item).ConfigureAwait(false));

    private ParallelOptions Parallelism => new() { MaxDegreeOfParallelism = _concurrency, CancellationToken = Ct };

    private readonly int _concurrency = options.ToClientOptions(region).Concurrency;
}
