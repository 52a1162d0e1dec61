namespace Vrrp.Platform;

/// <summary>
/// How the platform schedules the threads that keep VRRP's time (the timer thread, the advert receive threads):
/// keepalived's <c>vrrp_rt_priority</c>, <c>vrrp_rlimit_rttime</c> and <c>vrrp_no_swap</c>. Only those threads get
/// realtime scheduling, never the whole process, so the thread pool and the garbage collector cannot starve the machine.
/// </summary>
public sealed record VrrpSchedulingSettings
{
    /// <summary>Gets keepalived's default CPU time a realtime thread may use without blocking (RLIMIT_RTTIME): 10 ms.</summary>
    public static TimeSpan DefaultRealtimeRuntimeLimit { get; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Gets the settings that change nothing: normal scheduling, memory not locked.</summary>
    public static VrrpSchedulingSettings Default { get; } = new();

    /// <summary>Gets the SCHED_RR priority (1-99) of the time-keeping threads, or <see langword="null"/> for normal scheduling.</summary>
    public int? RealtimePriority { get; init; }

    /// <summary>
    /// Gets the CPU time a realtime thread may use without blocking before the kernel signals the process
    /// (RLIMIT_RTTIME), so a runaway realtime thread is stopped instead of hanging the machine; used only with
    /// <see cref="RealtimePriority"/>.
    /// </summary>
    public TimeSpan RealtimeRuntimeLimit { get; init; } = DefaultRealtimeRuntimeLimit;

    /// <summary>Gets whether the process's memory is locked in RAM (mlockall), so a timer never waits for a page to be swapped in.</summary>
    public bool LockMemory { get; init; }
}
