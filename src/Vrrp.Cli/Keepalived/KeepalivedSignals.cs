namespace Vrrp.Cli.Keepalived;

/// <summary>
/// keepalived's <c>--signum=SIGFUNC</c> (lib/signals.c): the signal that asks for each function, so that scripts such
/// as <c>kill -s $(keepalived --signum=RELOAD) $(cat /run/keepalived.pid)</c> keep working. The real-time ones are
/// glibc's numbering (SIGRTMIN is 34, SIGRTMAX 64), as Debian's keepalived 2.2.7 prints them.
/// </summary>
internal static class KeepalivedSignals
{
    private static readonly (string Name, int Number)[] s_signals =
    [
        ("STOP", 15),           // SIGTERM
        ("RELOAD", 1),          // SIGHUP
        ("DATA", 10),           // SIGUSR1
        ("STATS", 12),          // SIGUSR2
        ("STATS_CLEAR", 63),    // SIGRTMAX - 1
        ("JSON", 36),           // SIGRTMIN + 2
    ];

    /// <summary>Gets the function names, in keepalived's order.</summary>
    public static IEnumerable<string> Names => s_signals.Select(signal => signal.Name);

    /// <summary>Returns the signal number of a function name (exact, upper case as keepalived), or null.</summary>
    public static int? Find(string name)
    {
        foreach ((string known, int number) in s_signals)
        {
            if (known == name)
            {
                return number;
            }
        }

        return null;
    }
}
