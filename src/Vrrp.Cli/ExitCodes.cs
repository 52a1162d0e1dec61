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
}
