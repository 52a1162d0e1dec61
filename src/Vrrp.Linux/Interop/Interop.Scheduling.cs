using System.Runtime.InteropServices;

namespace Vrrp.Linux;

internal static partial class Interop
{
    internal const int SCHED_OTHER = 0;
    internal const int SCHED_RR = 2;
    internal const int RLIMIT_RTTIME = 15;
    internal const int MCL_CURRENT = 1;
    internal const int MCL_FUTURE = 2;
    internal const int SIGXCPU = 24;

    [StructLayout(LayoutKind.Sequential)]
    internal struct SchedParam
    {
        public int Priority;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    /// <summary>sched_setscheduler(2); a <paramref name="tid"/> of 0 is the calling thread (Linux schedules threads, not processes).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "sched_setscheduler", SetLastError = true)]
    internal static partial int SchedSetScheduler(int tid, int policy, in SchedParam param);

    /// <summary>sched_getscheduler(2): the policy of a thread (0: the calling one), or -1.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "sched_getscheduler", SetLastError = true)]
    internal static partial int SchedGetScheduler(int tid);

    /// <summary>sched_getparam(2): the realtime priority of a thread (0: the calling one).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "sched_getparam", SetLastError = true)]
    internal static partial int SchedGetParam(int tid, out SchedParam param);

    [LibraryImport(Libraries.Libc, EntryPoint = "getrlimit", SetLastError = true)]
    internal static partial int GetRLimit(int resource, out RLimit limit);

    [LibraryImport(Libraries.Libc, EntryPoint = "setrlimit", SetLastError = true)]
    internal static partial int SetRLimit(int resource, in RLimit limit);

    [LibraryImport(Libraries.Libc, EntryPoint = "mlockall", SetLastError = true)]
    internal static partial int MLockAll(int flags);

    /// <summary>gettid(2): the kernel id of the calling thread (/proc/self/task/TID).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "gettid")]
    internal static partial int GetTid();
}
