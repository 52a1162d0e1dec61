using System.Runtime.InteropServices;

namespace Vrrp.Linux;

internal static partial class Interop
{
    internal const int SIGHUP = 1;
    internal const int SIGWINCH = 28;
    internal static readonly IntPtr SIG_DFL = 0;
    internal static readonly IntPtr SIG_IGN = 1;

    /// <summary>signal(2): sets a signal's disposition; returns the previous one (SIG_ERR, -1, on error).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "signal")]
    internal static partial IntPtr Signal(int signal, IntPtr handler);

    /// <summary>kill(2): sends a signal to a process; 0 or -1 with errno.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
