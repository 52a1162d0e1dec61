using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Vrrp.Cli.Control;
using Vrrp.Cli.Daemon;
using Vrrp.Cli.Hosting;
using Vrrp.Cli.Status;
using Vrrp.Etcd.Hosting;
using Vrrp.Hosting;

namespace Vrrp.Cli.Commands;

/// <summary>
/// The command line of <c>vrrp run --interface IF --vrid N --priority N --vip ADDR[/LEN] ...</c> (one instance from
/// flags, <see cref="RunFlags"/>) and <c>vrrp run -f keepalived.conf</c> (every instance of a file). Both run through
/// <see cref="HostedRunCommand"/>: the same options, validator, host, log lines and status file.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var flags = new RunFlags();
        var etcd = new EtcdFlags();
        var file = new Option<string?>("--file", "-f") { Description = "Run every instance of a keepalived.conf instead of one instance from flags." };
        var configId = new Option<string?>("--config-id") { Description = "With -f: the id @id / @^id lines are matched against (default: the short host name)." };
        var naRouterFlag = new Option<string>("--na-router-flag") { Description = "The Router flag of unsolicited Neighbor Advertisements: auto (set when the interface forwards IPv6, as keepalived), on or off.", DefaultValueFactory = _ => "auto" };
        naRouterFlag.AcceptOnlyFromAmong("auto", "on", "off");
        var vipLease = new Option<string>("--vip-lease") { Description = "Bind the VIPs with a kernel lifetime the master renews as it sends adverts, so a killed or hung master loses them: auto (max(2, ceil(5 x advert + 1)) s), SECONDS, or off.", DefaultValueFactory = _ => "auto" };
        vipLease.Validators.Add(result =>
        {
            if (!TryParseLease(result.GetValueOrDefault<string>(), out _))
            {
                result.AddError($"--vip-lease must be auto, off or whole seconds from 1 to 86400; got '{result.GetValueOrDefault<string>()}'.");
            }
        });
        var pidFiles = new Option<string[]>("--pid-file") { Description = "Write this process's pid to FILE while it runs: refused when FILE names a running process, replaced when stale, removed on exit; repeat for more (keepalived's -p and -r)." };
        var logLevel = new Option<LogLevel>("--log-level") { Description = "The lowest level logged (keepalived's -D is debug).", DefaultValueFactory = _ => LogLevel.Information };
        var statusFile = new Option<string>("--status-file") { Description = $"The JSON status file vrrp status reads, written on every state change and every few seconds ('{StatusFileWriter.Disabled}': none).", DefaultValueFactory = _ => StatusFileWriter.DefaultPath };

        var controlSocket = new Option<string>("--control-socket") { Description = $"The control socket vrrp status, reload, watch and maintenance use ('{ControlSocketOptions.Disabled}': none).", DefaultValueFactory = _ => ControlSocketOptions.DefaultPath };
        var controlGroup = new Option<string?>("--control-group") { Description = "A group (name or gid) whose members may use the control socket too (mode 0660; default: root and this user only, 0600)." };
        var dumpDirectory = new Option<string>("--dump-dir") { Description = "Where SIGUSR1, SIGUSR2 and keepalived's JSON signal write keepalived.data, keepalived.stats and keepalived.json.", DefaultValueFactory = _ => DaemonControlOptions.DefaultDumpDirectory };

        var command = new Command("run", "Run one VRRP instance from flags, or every instance of a keepalived.conf with -f, in the foreground (Linux; needs CAP_NET_RAW and CAP_NET_ADMIN).");
        foreach (Option option in (Option[])[.. flags.All, .. etcd.All, file, configId, statusFile, naRouterFlag, vipLease, pidFiles, logLevel, controlSocket, controlGroup, dumpDirectory])
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            bool fromFile = result.GetResult(file) is not null;
            if (fromFile)
            {
                foreach (Option option in flags.All)
                {
                    if (result.GetResult(option) is { Implicit: false })
                    {
                        result.AddError($"{option.Name} cannot be combined with -f: the file sets it.");
                    }
                }
            }
            else
            {
                foreach (Option option in flags.Required)
                {
                    if (result.GetResult(option) is null)
                    {
                        result.AddError($"Option '{option.Name}' is required (or run a keepalived.conf with -f FILE).");
                    }
                }

                if (result.GetResult(configId) is not null)
                {
                    result.AddError("--config-id needs -f.");
                }
            }

            if (result.GetValue(controlGroup) is { } group && !UnixAccounts.TryFindGroup(group, out _))
            {
                result.AddError($"--control-group: no group '{group}' in /etc/group.");
            }
        });
        command.SetAction(parseResult =>
        {
            bool? routerFlag = RouterFlag(parseResult.GetRequiredValue(naRouterFlag));
            (bool On, TimeSpan? Duration) lease = TryParseLease(parseResult.GetRequiredValue(vipLease), out var parsed) ? parsed : (true, null);
            string? status = StatusFilePath(parseResult.GetRequiredValue(statusFile));
            DaemonControlOptions control = ControlOptions(parseResult.GetRequiredValue(controlSocket), parseResult.GetValue(controlGroup), parseResult.GetRequiredValue(dumpDirectory));
            void ConfigureHost(VrrpHostingOptions options)
            {
                options.NeighborAdvertisementRouterFlag = routerFlag;
                options.UseVipLease = lease.On;
                options.VipLeaseDuration = lease.Duration;
            }

            var etcdProblems = new List<string>();
            VrrpEtcdOptions? etcdOptions = etcd.Read(parseResult, EtcdRun.AppSettings(), etcdProblems);
            if (etcdProblems.Count > 0)
            {
                foreach (string problem in etcdProblems)
                {
                    Console.Error.WriteLine($"vrrp run: {problem}");
                }

                return ExitCodes.Usage;
            }

            LogLevel level = parseResult.GetValue(logLevel);
            using PidFile? pid = AcquirePidFiles(parseResult.GetValue(pidFiles) ?? [], Console.Error, out int refused);
            if (pid is null)
            {
                return refused;
            }

            if (parseResult.GetValue(file) is { } path)
            {
                return HostedRunCommand.Run(path, parseResult.GetValue(configId), Console.Error, status, ConfigureHost, level, control, etcdOptions);
            }

            return HostedRunCommand.Run(options => flags.Apply(parseResult, options), path => flags.FlagOf(parseResult, path), Console.Error, status, ConfigureHost, level, control, etcdOptions);
        });
        return command;
    }

    /// <summary>
    /// Writes this process's pid to every <c>--pid-file</c> before anything starts; null (and the exit code in
    /// <paramref name="exitCode"/>) when one names a running process or cannot be written.
    /// </summary>
    internal static PidFile? AcquirePidFiles(IReadOnlyList<string> paths, TextWriter error, out int exitCode)
    {
        PidFile? pid = PidFile.Acquire(paths, Environment.ProcessId, out PidFileProblem? problem);
        exitCode = problem?.ExitCode ?? ExitCodes.Success;
        if (problem is not null)
        {
            error.WriteLine($"vrrp run: {problem}");
        }
        else if (pid!.Paths.Count > 1)
        {
            // keepalived's parent and its VRRP child each write one; vrrp is one process, so both hold the same pid.
            error.WriteLine($"vrrp run: pid {Environment.ProcessId} written to {string.Join(" and ", pid.Paths)} (one process: the same pid in each).");
        }

        return pid;
    }

    /// <summary>Maps <c>--na-router-flag auto|on|off</c> to forced on, forced off, or null (follow the forwarding sysctl).</summary>
    internal static bool? RouterFlag(string value) => value switch
    {
        "on" => true,
        "off" => false,
        _ => null,
    };

    /// <summary>Parses <c>--vip-lease auto|off|SECONDS</c>: on with the default length, off, or on with that length.</summary>
    internal static bool TryParseLease(string? value, out (bool On, TimeSpan? Duration) lease)
    {
        lease = (true, null);
        switch (value)
        {
            case null or "auto":
                return true;
            case "off":
                lease = (false, null);
                return true;
            default:
                if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds is >= 1 and <= 86400)
                {
                    lease = (true, TimeSpan.FromSeconds(seconds));
                    return true;
                }

                return false;
        }
    }

    /// <summary>Maps <c>--control-socket PATH|none</c>, <c>--control-group</c> and <c>--dump-dir</c> to the daemon's control options.</summary>
    internal static DaemonControlOptions ControlOptions(string socket, string? group, string dumpDirectory) => new()
    {
        Socket = socket == ControlSocketOptions.Disabled ? null
            : new ControlSocketOptions { Path = socket, GroupId = group is not null && UnixAccounts.TryFindGroup(group, out uint gid) ? gid : null },
        DumpDirectory = dumpDirectory,
    };

    /// <summary>Maps <c>--status-file</c> to a path, or null for <c>none</c>.</summary>
    internal static string? StatusFilePath(string value) => value == StatusFileWriter.Disabled ? null : value;
}
