using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vrrp.Platform;

namespace Vrrp.Linux.Scheduling;

/// <summary>
/// keepalived's <c>vrrp_rt_priority</c>, <c>vrrp_rlimit_rttime</c> and <c>vrrp_no_swap</c> for this process: the
/// settings are process-wide (one daemon, one configuration), the realtime policy is set per thread, by each
/// time-keeping thread on itself, so the thread pool and the garbage collector keep normal scheduling and cannot
/// starve the machine. Each failure is logged once as a warning and the daemon runs on, as keepalived does.
/// </summary>
/// <remarks>
/// RLIMIT_RTTIME: keepalived dies of the SIGXCPU a realtime thread gets when it runs past the limit without blocking.
/// A .NET thread compiles code the first time it runs it (the first state change takes longer than keepalived's
/// 10 ms default), so here SIGXCPU drops the realtime threads to normal scheduling for a second instead: a runaway
/// thread gets at most the limit per second of a core, and a thread that only compiled gets its priority back.
/// </remarks>
internal static class RealtimeScheduling
{
    private static VrrpSchedulingSettings s_settings = VrrpSchedulingSettings.Default;
    private static ILogger s_logger = NullLogger.Instance;
    private static int s_threadWarned;
    private static int s_limitSet;
    private static int s_memoryLocked;
    private static int s_overrunWarned;
    private static readonly HashSet<int> s_threads = [];
    private static PosixSignalRegistration? s_overrun;
    private static Timer? s_restore;

    /// <summary>Gets how long realtime threads stay at normal scheduling after they ran past RLIMIT_RTTIME.</summary>
    internal static TimeSpan OverrunPause { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the settings in force.</summary>
    public static VrrpSchedulingSettings Settings => Volatile.Read(ref s_settings);

    /// <summary>Takes the settings for threads that start from now on; locks memory and sets RLIMIT_RTTIME once per process.</summary>
    public static void Configure(VrrpSchedulingSettings settings, ILogger logger)
    {
        s_logger = logger;
        Volatile.Write(ref s_settings, settings);
        if (settings.LockMemory && Interlocked.Exchange(ref s_memoryLocked, 1) == 0
            && Interop.MLockAll(Interop.MCL_CURRENT | Interop.MCL_FUTURE) != 0)
        {
            logger.MemoryLockFailed(Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
        }

        if (settings.RealtimePriority is not null && Interlocked.Exchange(ref s_limitSet, 1) == 0)
        {
            SetRuntimeLimit(settings.RealtimeRuntimeLimit, logger);
        }
    }

    /// <summary>Gives the calling thread SCHED_RR at the configured priority, if one is configured; true when it has it.</summary>
    public static bool ApplyToCurrentThread()
    {
        if (Settings.RealtimePriority is not { } priority)
        {
            return false;
        }

        // 0 is the calling thread: Linux schedules threads, and a realtime process would take the GC and pool with it.
        if (Interop.SchedSetScheduler(0, Interop.SCHED_RR, new Interop.SchedParam { Priority = priority }) == 0)
        {
            lock (s_threads)
            {
                s_threads.Add(Interop.GetTid());
            }

            return true;
        }

        string error = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
        if (Interlocked.Exchange(ref s_threadWarned, 1) == 0)
        {
            s_logger.RealtimePriorityFailed(priority, Thread.CurrentThread.Name ?? "?", error);
        }

        return false;
    }

    /// <summary>Forgets the calling thread before it ends, so its id, once reused, is never given realtime scheduling.</summary>
    public static void LeaveCurrentThread()
    {
        lock (s_threads)
        {
            s_threads.Remove(Interop.GetTid());
        }
    }

    private static void OnOverrun(PosixSignalContext context)
    {
        context.Cancel = true;
        SetPolicy(Interop.SCHED_OTHER, 0);
        if (Interlocked.Exchange(ref s_overrunWarned, 1) == 0)
        {
            s_logger.RealtimeOverrun((long)(Settings.RealtimeRuntimeLimit.Ticks / TimeSpan.TicksPerMicrosecond), OverrunPause.TotalSeconds);
        }

        s_restore ??= new Timer(_ => SetPolicy(Interop.SCHED_RR, Settings.RealtimePriority ?? 0));
        s_restore.Change(OverrunPause, Timeout.InfiniteTimeSpan);
    }

    private static void SetPolicy(int policy, int priority)
    {
        if (policy == Interop.SCHED_RR && priority == 0)
        {
            return;
        }

        lock (s_threads)
        {
            foreach (int tid in s_threads)
            {
                _ = Interop.SchedSetScheduler(tid, policy, new Interop.SchedParam { Priority = priority });
            }
        }
    }

    private static void SetRuntimeLimit(TimeSpan limit, ILogger logger)
    {
        // RLIMIT_RTTIME counts µs of CPU a realtime thread uses without blocking: the soft limit sends SIGXCPU, which
        // ends the process as keepalived's would end, instead of a spinning realtime thread owning a core.
        ulong microseconds = (ulong)Math.Max(1, limit.Ticks / TimeSpan.TicksPerMicrosecond);
        if (Interop.GetRLimit(Interop.RLIMIT_RTTIME, out Interop.RLimit current) == 0)
        {
            var next = new Interop.RLimit { Current = Math.Min(microseconds, current.Maximum), Maximum = current.Maximum };
            if (Interop.SetRLimit(Interop.RLIMIT_RTTIME, next) == 0)
            {
                s_overrun = PosixSignalRegistration.Create((PosixSignal)Interop.SIGXCPU, OnOverrun);
                return;
            }
        }

        logger.RealtimeLimitFailed((long)microseconds, Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
    }
}
