using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace PolicyEngine.Rules.Runtime;

/// <summary>
/// Bounds the time each rule may spend evaluating, over a whole run. NRules evaluates conditions inside Insert and
/// Fire, on the caller's thread, so the budget is checked from inside the conditions themselves: a condition that
/// iterates starts its rule's clock (<see cref="Enter"/>), every lambda iteration checks it (<see cref="Tick{T}"/>),
/// and the condition stops it (<see cref="Exit"/>). A rule that has used up its budget throws from then on, which
/// the evaluator records as the rule's evaluation error: its results become unknown, other rules are untouched, and
/// a run with a runaway rule still ends. Without an active budget (compilation, tools) the checks do nothing.
/// </summary>
public sealed class EvaluationBudget
{
    public static readonly TimeSpan DefaultPerRule = TimeSpan.FromSeconds(30);

    [ThreadStatic] private static EvaluationBudget? t_active;
    [ThreadStatic] private static RuleClock? t_running;
    [ThreadStatic] private static long t_since;

    private readonly ConcurrentDictionary<string, RuleClock> _clocks = new(StringComparer.Ordinal);
    private readonly long _limit;

    public EvaluationBudget(TimeSpan perRule)
    {
        if (perRule <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(perRule), "The time budget per rule must be positive.");
        PerRule = perRule;
        _limit = (long)(perRule.TotalSeconds * Stopwatch.Frequency);
    }

    public TimeSpan PerRule { get; }

    /// <summary>Makes this budget the one conditions on the current thread are timed against, until disposed.</summary>
    public Activation Activate()
    {
        var previous = t_active;
        Stop();
        t_active = this;
        return new Activation(previous);
    }

    /// <summary>Starts timing a rule; throws when the rule has already used up its budget.</summary>
    public static bool Enter(string ruleId)
    {
        if (t_active is not { } budget) return true;
        Stop();
        var clock = budget._clocks.GetOrAdd(ruleId, _ => new RuleClock());
        // Spent time also grows without checkpoints: a helper that runs into its regular-expression timeout, say.
        if (clock.Exhausted || Interlocked.Read(ref clock.Spent) > budget._limit)
        {
            clock.Exhausted = true;
            throw budget.Exceeded();
        }
        t_running = clock;
        t_since = Stopwatch.GetTimestamp();
        return true;
    }

    /// <summary>Stops timing, passing the condition's result through.</summary>
    public static bool Exit(bool result)
    {
        Stop();
        return result;
    }

    /// <summary>A checkpoint inside every lambda of a rule expression: passes the value through, or throws once the budget is used up.</summary>
    public static T Tick<T>(T value)
    {
        if (t_running is not { } clock || t_active is not { } budget) return value;
        if (Interlocked.Read(ref clock.Spent) + (Stopwatch.GetTimestamp() - t_since) > budget._limit)
        {
            clock.Exhausted = true;
            Stop();
            throw budget.Exceeded();
        }
        return value;
    }

    private static void Stop()
    {
        if (t_running is not { } clock) return;
        Interlocked.Add(ref clock.Spent, Stopwatch.GetTimestamp() - t_since);
        t_running = null;
    }

    private EvaluationBudgetExceededException Exceeded() => new(string.Format(CultureInfo.InvariantCulture,
        "it used up its evaluation time budget of {0:0.###} s (--rule-time-budget), so its conditions were stopped", PerRule.TotalSeconds));

    private sealed class RuleClock
    {
        public long Spent;
        public volatile bool Exhausted;
    }

    public readonly struct Activation(EvaluationBudget? previous) : IDisposable
    {
        public void Dispose()
        {
            Stop();
            t_active = previous;
        }
    }
}

/// <summary>A rule used up its evaluation time budget.</summary>
public sealed class EvaluationBudgetExceededException(string message) : Exception(message);
