namespace Vrrp.Cli;

/// <summary>Process exit codes of the <c>vrrp</c> command.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A file was missing, unreadable or not in the expected format.</summary>
    public const int BadInput = 1;

    /// <summary>
    /// The command line was wrong in a way a command checks itself (mixed modes, values out of range).
    /// System.CommandLine's own parse errors (unknown or missing options) exit with 1.
    /// </summary>
    public const int Usage = 2;

    /// <summary><c>vrrp run</c>: the process lacks CAP_NET_RAW or CAP_NET_ADMIN.</summary>
    public const int MissingCapability = 3;

    /// <summary><c>vrrp run</c>: the network layer failed (interface, netlink or socket error).</summary>
    public const int NetworkFailure = 4;

    /// <summary><c>vrrp run</c>: a pid file names a process that still runs (keepalived's "daemon is already running").</summary>
    public const int AlreadyRunning = 5;

    /// <summary><c>vrrp status</c>, <c>reload</c>, <c>watch</c>, <c>maintenance</c>: no daemon answers on the control socket.</summary>
    public const int NoDaemon = 6;
}
