using Vrrp.Cli.Commands;
using static Vrrp.Cli.Keepalived.KeepalivedOptionArgument;
using static Vrrp.Cli.Keepalived.KeepalivedOptionHandling;

namespace Vrrp.Cli.Keepalived;

/// <summary>
/// Every option of keepalived's command line (keepalived/core/main.c, its getopt_long table as of 2.3; Debian's 2.2.7
/// has the same but <c>--ignore-sigint</c> and <c>-O</c>), in keepalived's order, with what <c>vrrp</c> does with each.
/// The parser and <c>vrrp -h</c> read this list; a test holds the README table to it.
/// </summary>
internal static class KeepalivedOptionTable
{
    private const string DebugBuild = "a keepalived debugging option (only in builds made for it).";

    public static readonly KeepalivedOption UseFile = new('f', "use-file", Required, "FILE", Run, $"The configuration file (default {CheckConfigCommand.DefaultFile}): runs it as `vrrp run -f FILE`.");
    public static readonly KeepalivedOption LogDetail = new('D', "log-detail", None, null, Run, "Log at Debug level (`vrrp run --log-level debug`); given twice, Trace.");
    public static readonly KeepalivedOption LogFacility = new('S', "log-facility", Required, "[0-7]|local[0-7]|user|daemon", Noted, "vrrp logs to stderr (the journal under systemd), not to syslog: the facility is checked as keepalived does and otherwise ignored.");
    public static readonly KeepalivedOption Pid = new('p', "pid", Required, "FILE", Run, $"The pid file (default {KeepalivedRunSettings.DefaultPidFile}): `vrrp run --pid-file FILE`.");
    public static readonly KeepalivedOption VrrpPid = new('r', "vrrp_pid", Required, "FILE", Run, $"keepalived's VRRP child pid file (default {KeepalivedRunSettings.DefaultVrrpPidFile}): vrrp is one process, so its pid goes in both files.");
    public static readonly KeepalivedOption ConfigId = new('i', "config-id", Required, "ID", Run, "Match @ID / @^ID lines against ID (default: the short host name): `vrrp run --config-id ID`.");
    public static readonly KeepalivedOption Signum = new(null, "signum", Required, "SIGFUNC", ActsAndExits, "Print the signal number of STOP, RELOAD, DATA, STATS, STATS_CLEAR or JSON (keepalived's numbers) and exit.");
    public static readonly KeepalivedOption ConfigTest = new('t', "config-test", Optional, "LOG_FILE", ActsAndExits, "Check the configuration with `vrrp check-config` and exit 0 (clean), 4 (vrrp cannot run it), 5 (it would run, with problems) or 6 (scripts without enable_script_security); messages go to stderr or are appended to LOG_FILE.");
    public static readonly KeepalivedOption Version = new('v', "version", None, null, ActsAndExits, "Print vrrp's version and exit.");
    public static readonly KeepalivedOption Help = new('h', "help", None, null, ActsAndExits, "Print this list and exit.");

    /// <summary>Gets every option in keepalived's order.</summary>
    public static IReadOnlyList<KeepalivedOption> All { get; } =
    [
        UseFile,
        new('P', "vrrp", None, null, Accepted, "Only VRRP: that is all vrrp runs."),
        new('C', "check", None, null, Refused, "vrrp has no LVS/IPVS part (virtual_server, real_server, health checkers): keep keepalived -C for that."),
        new('B', "no_bfd", None, null, Accepted, "No BFD: vrrp runs none."),
        new(null, "all", None, null, Noted, "vrrp has only the VRRP part: there is nothing else to force."),
        new('l', "log-console", None, null, Accepted, "vrrp always logs to the console (stderr)."),
        LogDetail,
        LogFacility,
        new('g', "log-file", Optional, "FILE", Refused, "vrrp logs to stderr only: redirect it (systemd: StandardError=append:FILE)."),
        new('e', "all-config", None, null, Noted, "Not enforced: a missing include file stays a note, as keepalived without -e."),
        new(null, "flush-log-file", None, null, Noted, "vrrp writes no log file: nothing to flush."),
        new('G', "no-syslog", None, null, Accepted, "vrrp never logs to syslog."),
        new('u', "umask", Required, "MASK", Noted, "Ignored: vrrp sets the mode of each file it writes (pid files 0644)."),
        new('X', "release-vips", None, null, Accepted, "vrrp always removes the virtual addresses when an instance leaves Master."),
        new('V', "dont-release-vrrp", None, null, Refused, "vrrp always releases its virtual addresses on stop, so a stopped node never answers for them."),
        new('I', "dont-release-ipvs", None, null, Noted, "vrrp manages no IPVS: nothing to keep."),
        new('R', "dont-respawn", None, null, Accepted, "vrrp is one process: there is no child to respawn."),
        new('n', "dont-fork", None, null, Accepted, "vrrp never forks: it always runs in the foreground."),
        new('d', "dump-conf", None, null, Noted, "Not dumped at start: `vrrp check-config --json -f FILE` prints the effective options."),
        Pid,
        VrrpPid,
        new('T', "genhash", None, null, Refused, "genhash (digests for LVS HTTP checkers) is not part of vrrp: keep keepalived's genhash."),
        new('c', "checkers_pid", Required, "FILE", Noted, "vrrp has no checker process: FILE is not written."),
        new('a', "address-monitoring", None, null, Noted, "Address additions and removals are not logged."),
        new('b', "bfd_pid", Required, "FILE", Noted, "vrrp has no BFD process: FILE is not written."),
        new('x', "snmp", None, null, Refused, "vrrp has no SNMP subagent (the Vrrp meter and `vrrp status --json` give the same numbers)."),
        new('A', "snmp-agent-socket", Required, "FILE", Refused, "vrrp has no SNMP subagent."),
        new('m', "core-dump", None, null, Noted, "Ignored: .NET writes crash dumps when DOTNET_DbgEnableMiniDump=1."),
        new('M', "core-dump-pattern", Optional, "PATN", Noted, "Ignored: vrrp does not change kernel.core_pattern."),
        new(null, "no-mem-check", None, null, Refused, DebugBuild),
        new('L', "mem-check-log", None, null, Refused, DebugBuild),
        new('O', "openssl-mem-check", None, null, Refused, DebugBuild),
        new('s', "namespace", Required, "NAME", Refused, "vrrp does not enter namespaces: run it inside one (`ip netns exec NAME vrrp ...`)."),
        ConfigId,
        Signum,
        ConfigTest,
        new(null, "config-fd", Required, "FD", Refused, "internal to keepalived (how its parent hands the configuration to its children)."),
        new(null, "ignore-sigint", None, null, Refused, "SIGINT stops vrrp cleanly, like SIGTERM."),
        new(null, "perf", Optional, "all|run|end", Refused, DebugBuild),
        new(null, "debug", Optional, "OPTIONS", Refused, DebugBuild),
        Version,
        Help,
    ];

    /// <summary>Finds the option of a short form, or null.</summary>
    public static KeepalivedOption? FindShort(char letter)
    {
        foreach (KeepalivedOption option in All)
        {
            if (option.Short == letter)
            {
                return option;
            }
        }

        return null;
    }

    /// <summary>
    /// Finds the option of a long name as getopt_long does: the exact name, else the only option the name abbreviates
    /// (<c>--use</c> is <c>--use-file</c>). <paramref name="candidates"/> lists them when the abbreviation is ambiguous.
    /// </summary>
    public static KeepalivedOption? FindLong(string name, out IReadOnlyList<KeepalivedOption> candidates)
    {
        var matches = new List<KeepalivedOption>();
        foreach (KeepalivedOption option in All)
        {
            if (option.Long == name)
            {
                candidates = [option];
                return option;
            }

            if (name.Length > 0 && option.Long.StartsWith(name, StringComparison.Ordinal))
            {
                matches.Add(option);
            }
        }

        candidates = matches;
        return matches.Count == 1 ? matches[0] : null;
    }
}
