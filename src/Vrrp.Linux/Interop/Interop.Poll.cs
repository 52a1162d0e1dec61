using System.Runtime.InteropServices;

namespace Vrrp.Linux;

internal static unsafe partial class Interop
{
    internal const short POLLIN = 0x1;
    internal const int EFD_CLOEXEC = 0x80000;
    internal const int EFD_NONBLOCK = 0x800;
    internal const int CLOCK_MONOTONIC = 1;
    internal const int TFD_CLOEXEC = 0x80000;
    internal const int TFD_NONBLOCK = 0x800;

    [StructLayout(LayoutKind.Sequential)]
    internal struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct Itimerspec
    {
        public Timespec Interval;
        public Timespec Value;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    /// <summary>eventfd(2): a counter a thread can wait on with poll and another can add to with write.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "eventfd", SetLastError = true)]
    internal static partial int EventFd(uint initialValue, int flags);

    /// <summary>ppoll(2) with a relative timeout in nanoseconds (<c>null</c>: none) and no signal mask.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "ppoll", SetLastError = true)]
    internal static partial int PPoll(PollFd* fds, nuint count, Timespec* timeout, IntPtr signalMask);

    /// <summary>timerfd_create(2): a timer whose expiry makes the descriptor readable.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "timerfd_create", SetLastError = true)]
    internal static partial int TimerFdCreate(int clockId, int flags);

    /// <summary>timerfd_settime(2); flags 0: <paramref name="value"/> is relative. Re-arming clears a pending expiry.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "timerfd_settime", SetLastError = true)]
    internal static partial int TimerFdSetTime(int fd, int flags, Itimerspec* value, Itimerspec* oldValue);

    [LibraryImport(Libraries.Libc, EntryPoint = "read", SetLastError = true)]
    internal static partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport(Libraries.Libc, EntryPoint = "write", SetLastError = true)]
    internal static partial nint Write(int fd, void* buffer, nuint count);
}
