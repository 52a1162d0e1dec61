using System.Runtime.InteropServices;

namespace Vrrp.Linux;

/// <summary>Signal dispositions .NET has no API for (the vrrp command's SIGHUP and dump signals).</summary>
internal static class LinuxSignalDisposition
{
    /// <summary>SIGHUP on Linux.</summary>
    public const int Hangup = Interop.SIGHUP;

    /// <summary>
    /// Makes a signal the process inherited as ignored (nohup, a CI runner or a supervisor started under it) take its
    /// default action again, so that a <see cref="System.Runtime.InteropServices.PosixSignalRegistration"/> created
    /// next really installs a handler: .NET installs none for a signal ignored at start ("we respect ignored
    /// signals"), and the registration succeeds while the kernel discards every such signal. Call it before the
    /// first registration for the signal; a signal the process already handles is left alone.
    /// </summary>
    /// <param name="signal">The Linux signal number.</param>
    /// <returns>Whether the signal was ignored.</returns>
    public static bool HandleEvenIfIgnored(int signal)
    {
        IntPtr previous = Interop.Signal(signal, Interop.SIG_DFL);
        if (previous == Interop.SIG_IGN)
        {
            return true;
        }

        if (previous != Interop.SIG_DFL && previous != -1)
        {
            // Someone's handler: put it back (the runtime chains to it).
            Interop.Signal(signal, previous);
        }

        return false;
    }

    /// <summary>
    /// Sends the process a signal nobody acts on (SIGWINCH, ignored by default) through a
    /// <see cref="PosixSignalRegistration"/> and waits until its handler ran. The runtime hands a signal from its
    /// native signal thread to a new managed thread; the first signal of a process also attaches that native thread
    /// to the runtime and runs the dispatch code for the first time, which made a first SIGTERM reach its handler
    /// 3.7 ms after it was sent (docs/failover.md). Afterwards the first stop signal costs what the tenth does.
    /// </summary>
    /// <param name="timeout">How long to wait for the handler.</param>
    /// <returns>Whether the handler ran within <paramref name="timeout"/>.</returns>
    public static bool WarmUpDelivery(TimeSpan timeout)
    {
        // Ignored at start (inherited SIG_IGN), the runtime would install no handler and the wait would time out.
        HandleEvenIfIgnored(Interop.SIGWINCH);
        using var delivered = new ManualResetEventSlim();
        using PosixSignalRegistration registration = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => delivered.Set());
        return Interop.Kill(Environment.ProcessId, Interop.SIGWINCH) == 0 && delivered.Wait(timeout);
    }
}
