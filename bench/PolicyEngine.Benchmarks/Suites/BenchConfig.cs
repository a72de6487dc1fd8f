using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace PolicyEngine.Benchmarks.Suites;

/// <summary>
/// Short runs: the machine has 2 cores and is shared, so one launch, 4 to 10 warm-up iterations (enough for tiered
/// compilation to settle: NRules' hot paths run tier-0 code for the first few evaluations) and 5 measured iterations
/// of one invocation each (every operation here takes tens of milliseconds or more). MemoryDiagnoser adds allocations per operation.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        // POLICYENGINE_BENCH_DRY=1 (set by `bench --dry`): one iteration, to check that everything runs.
        var dry = Environment.GetEnvironmentVariable("POLICYENGINE_BENCH_DRY") == "1";
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithMinWarmupCount(dry ? 1 : 4)
            .WithMaxWarmupCount(dry ? 2 : 10)
            .WithIterationCount(dry ? 1 : 5)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("Short"));
        AddDiagnoser(MemoryDiagnoser.Default);
        WithOptions(ConfigOptions.DisableLogFile);
    }
}
