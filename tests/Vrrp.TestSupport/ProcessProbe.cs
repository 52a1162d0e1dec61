namespace Vrrp.TestSupport;

/// <summary>Asks whether a process still runs, for tests that check a child was killed or a namespace owner is gone.</summary>
internal static class ProcessProbe
{
    /// <summary>Returns whether <paramref name="pid"/> names a process that has not exited.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            using Process process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
