using System.Runtime.InteropServices;

namespace HaproxyFailover.Interop;

/// <summary>The few libc calls the supervisor needs to watch a process it did not start.</summary>
internal static partial class ProcessInterop
{
    public const int SigTerm = 15;
    private const long SysPidfdOpen = 434; // the same number on x86-64 and arm64 (asm-generic)
    private const short PollIn = 0x1;
    private const int EIntr = 4;

    /// <summary>Opens a pidfd for <paramref name="pid"/> (Linux 5.3+): it becomes readable once the process has ended, zombie or not.</summary>
    /// <returns>The descriptor, or -1 with the errno (ESRCH: no such process).</returns>
    public static int PidfdOpen(int pid, out int errno)
    {
        int fd = (int)syscall(SysPidfdOpen, pid, 0);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd;
    }

    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> for <paramref name="fd"/> to become readable.</summary>
    /// <returns>True when readable (for a pidfd: the process has ended).</returns>
    public static bool WaitReadable(int fd, int timeoutMilliseconds)
    {
        var entry = new PollFd { Fd = fd, Events = PollIn };
        int result = poll(ref entry, 1, timeoutMilliseconds);
        if (result < 0 && Marshal.GetLastPInvokeError() != EIntr)
        {
            throw new IOException($"poll on pidfd {fd} failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return result > 0;
    }

    public static void Close(int fd) => _ = close(fd);

    public static bool Signal(int pid, int signal) => kill(pid, signal) == 0;

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, int pid, uint flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int poll(ref PollFd fds, nuint count, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    [LibraryImport("libc")]
    private static partial int close(int fd);
}
