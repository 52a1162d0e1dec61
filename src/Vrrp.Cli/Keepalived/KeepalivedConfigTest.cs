using Vrrp.Cli.Commands;
using Vrrp.Cli.ConfigCheck;
using Vrrp.Cli.Daemon;
using Vrrp.Config;

namespace Vrrp.Cli.Keepalived;

/// <summary>
/// keepalived's <c>-t</c>/<c>--config-test[=LOG_FILE]</c>: the check of <c>vrrp check-config</c>, read with keepalived's
/// exit codes: 0 clean, 4 cannot run, 5 would run with problems, 6 scripts without enable_script_security. keepalived's
/// source (lib/scheduler.h, keepalived/core/main.c) and Debian's 2.2.7 agree on 4, 5 and 6; its man page says 3, 4 and
/// 5 and is one off. A log file that cannot be opened exits 1, as keepalived (EXIT_FAILURE).
/// </summary>
/// <remarks>
/// keepalived keeps the last category of its list that any message falls in, so a file it cannot run exits 5 or 6 as
/// soon as anything lesser is also wrong (measured: a missing <c>}</c> with no <c>virtual_router_id</c> exits 5, and
/// 2.2.7 exits 0 for a missing file). vrrp puts "cannot run" first: a script that reloads on 5 must never reload a file
/// the daemon would refuse.
/// </remarks>
internal static class KeepalivedConfigTest
{
    /// <summary>Checks <paramref name="path"/>; messages go to <paramref name="error"/>, or are appended to <paramref name="logFile"/>.</summary>
    public static int Run(string path, string? configId, string? logFile, TextWriter error, KeepalivedHostEnvironment? host = null)
    {
        if (logFile is null)
        {
            return ExitCode(CheckConfigCommand.Check(path, json: false, configId, TextWriter.Null, error, host));
        }

        FileStream stream;
        try
        {
            // keepalived opens it O_APPEND | O_CREAT | O_NOFOLLOW, mode 0644.
            if (new FileInfo(logFile).LinkTarget is not null)
            {
                throw new IOException("it is a symbolic link");
            }

            stream = new FileStream(logFile, PidFile.WriteOptions(FileMode.Append));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"vrrp: -t: cannot open the config-test log file {logFile}: {ex.Message}");
            return ExitCodes.BadInput;
        }

        using var log = new StreamWriter(stream);
        return ExitCode(CheckConfigCommand.Check(path, json: false, configId, TextWriter.Null, log, host));
    }

    /// <summary>
    /// Maps what the check found to keepalived's <c>-t</c> exit code (lib/scheduler.h, enum chk_exit_code): cannot run,
    /// then script security, then problems it would run with, then clean.
    /// </summary>
    public static int ExitCode(ConfigCheckOutcome outcome) => outcome switch
    {
        // KEEPALIVED_CHK_EXIT_CONFIG (file not found, bad interface, fatal): for vrrp, anything `vrrp run` refuses.
        { Unreadable: true } or { Errors: > 0 } => 4,

        // KEEPALIVED_CHK_EXIT_CONFIG_TEST_SECURITY: scripts without enable_script_security ("SECURITY VIOLATION").
        { ScriptSecurityDisabled: true } => 6,

        // KEEPALIVED_CHK_EXIT_CONFIG_TEST: unknown keyword, value out of range, ...: warnings, parts ignored or corrected.
        { Warnings: > 0 } => 5,
        _ => ExitCodes.Success,
    };
}
