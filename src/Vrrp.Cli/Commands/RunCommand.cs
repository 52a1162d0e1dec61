using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Threading;
using Microsoft.Extensions.Logging;
using Vrrp.Cli.Status;
using Vrrp.Diagnostics;
using Vrrp.Instances;
using Vrrp.Linux;
using Vrrp.Linux.Addresses;
using Vrrp.Packets;
using Vrrp.Platform;

namespace Vrrp.Cli.Commands;

/// <summary>
/// <c>vrrp run --interface IF --vrid N --priority N --vip ADDR[/LEN] ...</c>: runs one VRRP instance in the
/// foreground, logs every state change on one line with its reason, and on SIGTERM or SIGINT sends priority 0,
/// releases its virtual addresses and exits 0. <c>vrrp run -f keepalived.conf</c> runs a whole file instead
/// (<see cref="Hosting.ConfigRunCommand"/>).
/// </summary>
internal static class RunCommand
{
    /// <summary>Exit code when the process lacks CAP_NET_RAW or CAP_NET_ADMIN.</summary>
    public const int MissingCapability = 3;

    /// <summary>Exit code when the network layer failed (interface, netlink or socket error).</summary>
    public const int NetworkFailure = 4;

    public static Command Create()
    {
        var interfaceName = new Option<string>("--interface", "-i") { Description = "The interface to run on (keepalived's interface). Required without -f." };
        var vrid = new Option<int>("--vrid") { Description = "The virtual router id, 1 to 255. Required without -f." };
        var priority = new Option<int>("--priority") { Description = "The priority, 1 to 255 (255: address owner).", DefaultValueFactory = _ => 100 };
        var vips = new Option<string[]>("--vip") { Description = "A virtual address ADDR[/LEN]; repeat for more. Required without -f.", Arity = ArgumentArity.OneOrMore };
        var version = new Option<int?>("--version") { Description = "VRRP version 2 or 3 (default: 2 for IPv4 as keepalived, 3 for IPv6)." };
        var advertInterval = new Option<decimal>("--advert-interval") { Description = "The advertisement interval in seconds (whole seconds for v2; 0.01 steps for v3).", DefaultValueFactory = _ => 1m };
        var unicastSource = new Option<string?>("--unicast-src") { Description = "The source address of advertisements (keepalived's unicast_src_ip)." };
        var unicastPeers = new Option<string[]>("--unicast-peer") { Description = "A unicast peer; repeat for more. Without peers, multicast is used." };
        var authPass = new Option<string?>("--auth-pass") { Description = "VRRPv2 simple-text password (up to 8 characters)." };
        var noPreempt = new Option<bool>("--nopreempt") { Description = "Do not take over from a lower-priority master." };
        var preemptDelay = new Option<decimal>("--preempt-delay") { Description = "Seconds, counted from the first lower-priority advert heard, during which a lower-priority master is not preempted." };
        var name = new Option<string?>("--name") { Description = "The instance name used in the log (default VI_<vrid>)." };
        var garpDelay = new Option<decimal>("--garp-master-delay") { Description = "Seconds until the second burst of gratuitous ARPs (0: none).", DefaultValueFactory = _ => 5m };
        var garpRepeat = new Option<int>("--garp-master-repeat") { Description = "Gratuitous ARPs / NAs per address in each burst.", DefaultValueFactory = _ => 5 };
        var garpRefresh = new Option<decimal>("--garp-master-refresh") { Description = "Seconds between refresh announcements while master (0: off)." };
        var useVmac = new Option<string?>("--use-vmac") { Description = "Put the VIPs on a macvlan with the virtual router MAC 00:00:5e:00:01:VRID (keepalived's use_vmac [NAME]; default name vrrp.VRID).", Arity = ArgumentArity.ZeroOrOne };
        var vmacXmitBase = new Option<bool>("--vmac-xmit-base") { Description = "With --use-vmac: send adverts from the interface itself, not from the VMAC with the virtual MAC (keepalived's vmac_xmit_base)." };
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
        var statusFile = new Option<string>("--status-file") { Description = $"The JSON status file vrrp status reads, written on every state change and every few seconds ('{StatusFileWriter.Disabled}': none).", DefaultValueFactory = _ => StatusFileWriter.DefaultPath };

        var command = new Command("run", "Run one VRRP instance from flags, or every instance of a keepalived.conf with -f, in the foreground (Linux; needs CAP_NET_RAW and CAP_NET_ADMIN).")
        {
            interfaceName, vrid, priority, vips, version, advertInterval, unicastSource, unicastPeers, authPass, noPreempt, preemptDelay, name,
            garpDelay, garpRepeat, garpRefresh, useVmac, vmacXmitBase, file, configId, statusFile, naRouterFlag, vipLease,
        };
        Option[] flagMode = [interfaceName, vrid, priority, vips, version, advertInterval, unicastSource, unicastPeers, authPass, noPreempt, preemptDelay, name, garpDelay, garpRepeat, garpRefresh, useVmac, vmacXmitBase];
        command.Validators.Add(result =>
        {
            bool fromFile = result.GetResult(file) is not null;
            if (fromFile)
            {
                foreach (Option option in flagMode)
                {
                    if (result.GetResult(option) is { Implicit: false })
                    {
                        result.AddError($"{option.Name} cannot be combined with -f: the file sets it.");
                    }
                }
            }
            else
            {
                foreach (Option option in new Option[] { interfaceName, vrid, vips })
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
        });
        command.SetAction(parseResult =>
        {
            if (parseResult.GetValue(file) is { } path)
            {
                bool? routerFlag = RouterFlag(parseResult.GetRequiredValue(naRouterFlag));
                (bool On, TimeSpan? Duration) fileLease = TryParseLease(parseResult.GetRequiredValue(vipLease), out var parsed) ? parsed : (true, null);
                return Hosting.ConfigRunCommand.Run(path, parseResult.GetValue(configId), Console.Error, StatusFilePath(parseResult.GetRequiredValue(statusFile)), options =>
                {
                    options.NeighborAdvertisementRouterFlag = routerFlag;
                    options.UseVipLease = fileLease.On;
                    options.VipLeaseDuration = fileLease.Duration;
                });
            }

            var arguments = new RunArguments(
                parseResult.GetRequiredValue(interfaceName),
                parseResult.GetValue(vrid),
                parseResult.GetValue(priority),
                parseResult.GetValue(vips) ?? [],
                parseResult.GetValue(version),
                parseResult.GetValue(advertInterval),
                parseResult.GetValue(unicastSource),
                parseResult.GetValue(unicastPeers) ?? [],
                parseResult.GetValue(authPass),
                parseResult.GetValue(noPreempt),
                parseResult.GetValue(preemptDelay),
                parseResult.GetValue(name),
                parseResult.GetValue(garpDelay),
                parseResult.GetValue(garpRepeat),
                parseResult.GetValue(garpRefresh))
            {
                UseVirtualMac = parseResult.GetResult(useVmac) is not null,
                VirtualMacName = parseResult.GetValue(useVmac),
                VirtualMacTransmitBase = parseResult.GetValue(vmacXmitBase),
                StatusFile = StatusFilePath(parseResult.GetRequiredValue(statusFile)),
                RouterFlag = RouterFlag(parseResult.GetRequiredValue(naRouterFlag)),
                VipLease = TryParseLease(parseResult.GetRequiredValue(vipLease), out (bool On, TimeSpan? Duration) lease) ? lease : default,
            };
            return Run(arguments, Console.Out, Console.Error);
        });
        return command;
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

    /// <summary>Maps <c>--status-file</c> to a path, or null for <c>none</c>.</summary>
    internal static string? StatusFilePath(string value) => value == StatusFileWriter.Disabled ? null : value;

    public static int Run(RunArguments arguments, TextWriter output, TextWriter error)
    {
        if (!OperatingSystem.IsLinux())
        {
            error.WriteLine("vrrp run: only Linux is supported.");
            return ExitCodes.Usage;
        }

        List<string> problems = [];
        VrrpInstanceSettings? settings = BuildSettings(arguments, problems);
        if (settings is null || problems.Count > 0)
        {
            foreach (string problem in problems)
            {
                error.WriteLine($"vrrp run: {problem}");
            }

            return ExitCodes.Usage;
        }

        return RunLinux(settings, arguments, output, error);
    }

    [SupportedOSPlatform("linux")]
    private static int RunLinux(VrrpInstanceSettings settings, RunArguments arguments, TextWriter output, TextWriter error)
    {
        foreach (VrrpVirtualAddress vip in settings.VirtualAddresses)
        {
            foreach (string problem in LinuxVipBinder.Validate(vip, arguments.InterfaceName))
            {
                error.WriteLine($"vrrp run: {problem}");
                return ExitCodes.Usage;
            }
        }

        var announcement = new LinuxAnnouncementOptions
        {
            Delay = TimeSpan.FromSeconds((double)arguments.GarpMasterDelay),
            Repeat = arguments.GarpMasterRepeat,
            RefreshInterval = TimeSpan.FromSeconds((double)arguments.GarpMasterRefresh),
            RouterFlag = arguments.RouterFlag,
        };
        var logger = new LineLogger(error);
        var runner = new LinuxVrrpInstanceRunner(settings, announcement, TimeProvider.System, logger)
        {
            VirtualMac = arguments.UseVirtualMac ? new LinuxVirtualMacOptions { InterfaceName = arguments.VirtualMacName, TransmitOnBase = arguments.VirtualMacTransmitBase } : null,
            UseVipLease = arguments.VipLease.On,
            VipLeaseDuration = arguments.VipLease.Duration,
        };
        runner.StateChanged += (_, e) => output.WriteLine(
            $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {e.InstanceName}: {e.From} -> {e.To} reason={e.Reason} priority={e.Priority}: {e.Explanation}");
        using IDisposable metrics = VrrpMetrics.Shared.Register(new RunnerView(runner));
        using StatusFileWriter? status = arguments.StatusFile is null ? null
            : new StatusFileWriter(arguments.StatusFile, () => runner.Instance is { } instance ? [instance] : [], TimeProvider.System, StatusFileWriter.DefaultRefreshInterval, error);
        runner.StateChanged += (_, _) =>
        {
            // The file appears with the instance's first state, then follows every change.
            status?.Start();
            status?.RequestWrite();
        };

        using var stopping = new CancellationTokenSource();
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {settings.Name}: starting on {arguments.InterfaceName}, VRID {settings.VirtualRouterId}, priority {settings.Priority}, VRRPv{(int)settings.Version}, {(settings.UnicastPeers.Count > 0 ? "unicast" : "multicast")}, VIPs {string.Join(' ', settings.VirtualAddresses)}"));
        try
        {
            runner.RunAsync(stopping.Token).GetAwaiter().GetResult();
        }
        catch (MissingCapabilityException ex)
        {
            error.WriteLine($"vrrp run: {ex.Message}");
            return MissingCapability;
        }
        catch (Exception ex) when (ex is IOException or NetlinkException or SocketException or ArgumentException)
        {
            error.WriteLine($"vrrp run: {ex.Message}");
            return NetworkFailure;
        }

        output.WriteLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {settings.Name}: stopped");
        return ExitCodes.Success;

        void Stop(PosixSignalContext context)
        {
            // Handle the signal ourselves: the runner sends priority 0 and releases the addresses before exiting.
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    private static VrrpInstanceSettings? BuildSettings(RunArguments arguments, List<string> problems)
    {
        if (arguments.VirtualRouterId is < 1 or > 255)
        {
            problems.Add($"--vrid must be 1 to 255; got {arguments.VirtualRouterId}.");
        }

        if (arguments.Priority is < 1 or > 255)
        {
            problems.Add($"--priority must be 1 to 255; got {arguments.Priority}.");
        }

        var vips = new List<VrrpVirtualAddress>();
        foreach (string text in arguments.VirtualAddresses)
        {
            try
            {
                vips.Add(VrrpVirtualAddress.Parse(text));
            }
            catch (FormatException ex)
            {
                problems.Add($"--vip {ex.Message}");
            }
        }

        if (vips.Count == 0)
        {
            problems.Add("at least one --vip is required.");
            return null;
        }

        AddressFamily family = vips[0].Address.AddressFamily;
        IPAddress? source = ParseAddress(arguments.UnicastSource, "--unicast-src", problems);
        var peers = new List<IPAddress>();
        foreach (string peer in arguments.UnicastPeers)
        {
            if (ParseAddress(peer, "--unicast-peer", problems) is { } address)
            {
                peers.Add(address);
            }
        }

        int versionNumber = arguments.Version ?? (family == AddressFamily.InterNetworkV6 ? 3 : 2);
        if (versionNumber is not (2 or 3))
        {
            problems.Add($"--version must be 2 or 3; got {versionNumber}.");
            return null;
        }

        if (arguments.AdvertInterval <= 0 || arguments.AdvertInterval > 255 || arguments.PreemptDelay < 0 || arguments.PreemptDelay > 1000
            || arguments.GarpMasterDelay < 0 || arguments.GarpMasterRefresh < 0 || arguments.GarpMasterRepeat < 0)
        {
            problems.Add("--advert-interval must be above 0 and at most 255 s, --preempt-delay 0 to 1000 s, and the --garp-master-* values not negative.");
            return null;
        }

        var settings = new VrrpInstanceSettings
        {
            Name = arguments.Name ?? string.Create(CultureInfo.InvariantCulture, $"VI_{arguments.VirtualRouterId}"),
            VirtualRouterId = (byte)Math.Clamp(arguments.VirtualRouterId, 0, 255),
            Priority = (byte)Math.Clamp(arguments.Priority, 0, 255),
            Version = (VrrpVersion)versionNumber,
            AdvertInterval = TimeSpan.FromMilliseconds((double)(arguments.AdvertInterval * 1000m)),
            PrimaryAddress = source ?? (family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any),
            VirtualAddresses = vips,
            UnicastPeers = peers,
            Preempt = !arguments.NoPreempt,
            PreemptDelay = TimeSpan.FromMilliseconds((double)(arguments.PreemptDelay * 1000m)),
            AuthType = arguments.AuthPass is null ? VrrpAuthType.None : VrrpAuthType.SimpleText,
            AuthPassword = arguments.AuthPass,
            InterfaceName = arguments.InterfaceName,
        };
        problems.AddRange(settings.Validate());
        return settings;
    }

    private static IPAddress? ParseAddress(string? text, string option, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (IPAddress.TryParse(text, out IPAddress? address))
        {
            return address;
        }

        problems.Add($"{option} '{text}' is not an IP address.");
        return null;
    }

    /// <summary>The parsed command line of <c>vrrp run</c>.</summary>
    internal sealed record RunArguments(
        string InterfaceName,
        int VirtualRouterId,
        int Priority,
        IReadOnlyList<string> VirtualAddresses,
        int? Version,
        decimal AdvertInterval,
        string? UnicastSource,
        IReadOnlyList<string> UnicastPeers,
        string? AuthPass,
        bool NoPreempt,
        decimal PreemptDelay,
        string? Name,
        decimal GarpMasterDelay,
        int GarpMasterRepeat,
        decimal GarpMasterRefresh)
    {
        /// <summary>Gets whether the VIPs go on a VMAC interface (<c>--use-vmac</c>).</summary>
        public bool UseVirtualMac { get; init; }

        /// <summary>Gets the VMAC interface name (<c>--use-vmac NAME</c>), or null for vrrp.VRID.</summary>
        public string? VirtualMacName { get; init; }

        /// <summary>Gets whether adverts leave from the interface rather than the VMAC (<c>--vmac-xmit-base</c>).</summary>
        public bool VirtualMacTransmitBase { get; init; }

        /// <summary>Gets the status file (<c>--status-file</c>), or null for none.</summary>
        public string? StatusFile { get; init; }

        /// <summary>Gets the NA Router flag (<c>--na-router-flag</c>): forced on or off, or null to follow the forwarding sysctl.</summary>
        public bool? RouterFlag { get; init; }

        /// <summary>Gets the VIP lease (<c>--vip-lease</c>): whether it is on, and its length or null for the default.</summary>
        public (bool On, TimeSpan? Duration) VipLease { get; init; } = (true, null);
    }

    /// <summary>Shows the flag-mode runner as an <see cref="IVrrpInstanceRunner"/>, so that <see cref="VrrpMetrics"/> sees its first transition.</summary>
    [SupportedOSPlatform("linux")]
    private sealed class RunnerView(LinuxVrrpInstanceRunner runner) : IVrrpInstanceRunner
    {
        public event EventHandler<VrrpStateChangedEventArgs>? StateChanged
        {
            add => runner.StateChanged += value;
            remove => runner.StateChanged -= value;
        }

        public VrrpInstance? Instance => runner.Instance;

        public System.Threading.Tasks.Task RunAsync(CancellationToken stoppingToken) => runner.RunAsync(stoppingToken);
    }

    /// <summary>Writes the library's log messages (information and above) to stderr, one line each.</summary>
    private sealed class LineLogger(TextWriter writer) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            string line = $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {logLevel.ToString().ToUpperInvariant()} {formatter(state, exception)}";
            writer.WriteLine(exception is null ? line : $"{line}: {exception.Message}");
        }
    }
}
