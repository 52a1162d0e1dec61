using System;
using System.CommandLine;
using System.Globalization;
using Vrrp.Cli.Hosting;
using Vrrp.Cli.Status;
using Vrrp.Config.Options;
using Vrrp.Hosting;

namespace Vrrp.Cli.Commands;

/// <summary>
/// The command line of <c>vrrp run --interface IF --vrid N --priority N --vip ADDR[/LEN] ...</c> (one instance from
/// flags, <see cref="RunFlags"/>) and <c>vrrp run -f keepalived.conf</c> (every instance of a file). Both run through
/// <see cref="HostedRunCommand"/>: the same options, validator, host, log lines and status file.
/// </summary>
internal static class RunCommand
{
    // The defaults the help states are the options' own: a flag not given leaves its option alone.
    private static readonly VrrpInstanceOptions s_instance = new();
    private static readonly GlobalDefinitionsOptions s_global = new();

    public static Command Create()
    {
        var interfaceName = new Option<string>("--interface", "-i") { Description = "The interface to run on (keepalived's interface). Required without -f." };
        var vrid = new Option<int>("--vrid") { Description = $"The virtual router id, {VrrpLimits.VirtualRouterIdRange}. Required without -f." };
        var priority = new Option<int?>("--priority") { Description = $"The priority, {VrrpLimits.PriorityRange} ({VrrpLimits.OwnerPriority}: address owner; default {s_instance.Priority})." };
        var vips = new Option<string[]>("--vip") { Description = "A virtual address ADDR[/LEN]; repeat for more. Required without -f.", Arity = ArgumentArity.OneOrMore };
        var version = new Option<int?>("--version") { Description = "VRRP version 2 or 3 (default: 2 for IPv4 as keepalived, 3 for IPv6)." };
        var advertInterval = new Option<decimal?>("--advert-interval") { Description = $"The advertisement interval in seconds (whole seconds for v2; 0.01 steps for v3; default {s_instance.AdvertisementInterval.TotalSeconds})." };
        var unicastSource = new Option<string?>("--unicast-src") { Description = "The source address of advertisements (keepalived's unicast_src_ip)." };
        var unicastPeers = new Option<string[]>("--unicast-peer") { Description = "A unicast peer; repeat for more. Without peers, multicast is used." };
        var authPass = new Option<string?>("--auth-pass") { Description = "VRRPv2 simple-text password (up to 8 characters)." };
        var noPreempt = new Option<bool>("--nopreempt") { Description = "Do not take over from a lower-priority master." };
        var preemptDelay = new Option<decimal>("--preempt-delay") { Description = "Seconds, counted from the first lower-priority advert heard, during which a lower-priority master is not preempted." };
        var name = new Option<string?>("--name") { Description = "The instance name used in the log (default VI_<vrid>)." };
        var garpDelay = new Option<decimal?>("--garp-master-delay") { Description = $"Seconds until the second burst of gratuitous ARPs (0: none; default {s_global.GarpMasterDelay.TotalSeconds})." };
        var garpRepeat = new Option<int?>("--garp-master-repeat") { Description = $"Gratuitous ARPs / NAs per address in each burst (default {s_global.GarpMasterRepeat})." };
        var garpRefresh = new Option<decimal?>("--garp-master-refresh") { Description = "Seconds between refresh announcements while master (0: off)." };
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
            bool? routerFlag = RouterFlag(parseResult.GetRequiredValue(naRouterFlag));
            (bool On, TimeSpan? Duration) lease = TryParseLease(parseResult.GetRequiredValue(vipLease), out var parsed) ? parsed : (true, null);
            string? status = StatusFilePath(parseResult.GetRequiredValue(statusFile));
            void ConfigureHost(VrrpHostingOptions options)
            {
                options.NeighborAdvertisementRouterFlag = routerFlag;
                options.UseVipLease = lease.On;
                options.VipLeaseDuration = lease.Duration;
            }

            if (parseResult.GetValue(file) is { } path)
            {
                return HostedRunCommand.Run(path, parseResult.GetValue(configId), Console.Error, status, ConfigureHost);
            }

            var flags = new RunFlags
            {
                InterfaceName = parseResult.GetRequiredValue(interfaceName),
                VirtualRouterId = parseResult.GetValue(vrid),
                Priority = parseResult.GetValue(priority),
                VirtualAddresses = parseResult.GetValue(vips) ?? [],
                Version = parseResult.GetValue(version),
                AdvertInterval = parseResult.GetValue(advertInterval),
                UnicastSource = parseResult.GetValue(unicastSource),
                UnicastPeers = parseResult.GetValue(unicastPeers) ?? [],
                AuthPass = parseResult.GetValue(authPass),
                NoPreempt = parseResult.GetValue(noPreempt),
                PreemptDelay = parseResult.GetValue(preemptDelay),
                Name = parseResult.GetValue(name),
                GarpMasterDelay = parseResult.GetValue(garpDelay),
                GarpMasterRepeat = parseResult.GetValue(garpRepeat),
                GarpMasterRefresh = parseResult.GetValue(garpRefresh),
                UseVirtualMac = parseResult.GetResult(useVmac) is not null,
                VirtualMacName = parseResult.GetValue(useVmac),
                VirtualMacTransmitBase = parseResult.GetValue(vmacXmitBase),
            };
            return HostedRunCommand.Run(flags, Console.Error, status, ConfigureHost);
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
}
