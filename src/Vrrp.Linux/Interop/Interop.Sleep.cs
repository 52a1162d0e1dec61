using System.Runtime.InteropServices;

namespace Vrrp.Linux;

internal static partial class Interop
{
    internal const int CLOCK_MONOTONIC = 1;

    [StructLayout(LayoutKind.Sequential)]
    internal struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>clock_nanosleep(2) on a relative time; returns 0 or the error number (EINTR when a signal woke it).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "clock_nanosleep")]
    internal static partial int ClockNanosleep(int clock, int flags, in Timespec request, IntPtr remaining);
}
