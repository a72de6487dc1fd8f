using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace PolicyEngine.Pipeline;

/// <summary>
/// Where a run's time and memory go, phase by phase, logged at Debug level (`evaluate --timings`): wall time, CPU
/// time of the whole process (all threads), time spent compiling methods (JIT), time every thread stood still for the
/// garbage collector, bytes allocated and the managed heap
/// after the phase. A profile of the whole process in one line per phase, for benchmarks and for slow nightly runs.
/// </summary>
public sealed class PhaseTimings(ILogger logger)
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private TimeSpan _cpu;
    private TimeSpan _jit;
    private long _allocated;
    private long _methods;
    private TimeSpan _paused;
    private TimeSpan _sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;

    /// <summary>The first phase reported is the process's start-up: from its start to the run's.</summary>
    public void Start() => End("start-up");

    /// <summary>Logs the phase that ends now and starts the next one.</summary>
    public void End(string phase)
    {
        if (!logger.IsEnabled(LogLevel.Debug)) return;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var jit = System.Runtime.JitInfo.GetCompilationTime();
        var allocated = GC.GetTotalAllocatedBytes();
        var methods = System.Runtime.JitInfo.GetCompiledMethodCount();
        var paused = GC.GetTotalPauseDuration();
        logger.LogDebug("Phase {Phase}: {WallMs} ms wall, {CpuMs} ms CPU, {JitMs} ms JIT ({JitMethods} methods), {GcPauseMs} ms paused for GC, {AllocatedMiB} MiB allocated, {Collections} collections (gen0/1/2), {HeapMiB} MiB heap, {PeakWorkingSetMiB} MiB peak working set",
            phase, (long)(_wall.Elapsed + _sinceStart).TotalMilliseconds, (long)(cpu - _cpu).TotalMilliseconds, (long)(jit - _jit).TotalMilliseconds, methods - _methods,
            (long)(paused - _paused).TotalMilliseconds, (allocated - _allocated) >> 20, $"{GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}", GC.GetTotalMemory(false) >> 20, Process.GetCurrentProcess().PeakWorkingSet64 >> 20);
        _wall.Restart();
        _sinceStart = TimeSpan.Zero;
        _cpu = cpu;
        _jit = jit;
        _allocated = allocated;
        _methods = methods;
        _paused = paused;
    }
}
