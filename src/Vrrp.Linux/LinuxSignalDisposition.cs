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
}
