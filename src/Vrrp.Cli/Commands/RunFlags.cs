using System.CommandLine;
using System.Globalization;
using Vrrp.Config.Options;
using Vrrp.Packets;

namespace Vrrp.Cli.Commands;

/// <summary>
/// The flags of <c>vrrp run --interface IF --vrid N ...</c>: each is declared once here, with the option of
/// <see cref="VrrpOptions"/> it sets. <see cref="Apply"/> makes the same options a keepalived.conf with one
/// <c>vrrp_instance</c> gives, so the same validator checks them and <see cref="FlagOf"/> only names the flag an
/// error is about. A flag not given leaves its option's own default.
/// </summary>
internal sealed class RunFlags
{
    private static readonly VrrpInstanceOptions s_instance = new();
    private static readonly GlobalDefinitionsOptions s_global = new();
    private static readonly VrrpVipCommandOptions s_commands = new();

    public Option<string> Interface { get; } = new("--interface", "-i") { Description = "The interface to run on (keepalived's interface). Required without -f." };

    public Option<int> VirtualRouterId { get; } = new("--vrid") { Description = $"The virtual router id, {VrrpLimits.VirtualRouterIdRange}. Required without -f." };

    public Option<int?> Priority { get; } = new("--priority") { Description = $"The priority, {VrrpLimits.PriorityRange} ({VrrpLimits.OwnerPriority}: address owner; default {s_instance.Priority})." };

    public Option<string[]> VirtualAddresses { get; } = new("--vip") { Description = "A virtual address ADDR[/LEN]; repeat for more. Required without -f.", Arity = ArgumentArity.OneOrMore };

    public Option<int?> Version { get; } = new("--version") { Description = "VRRP version 2 or 3 (default: 2 for IPv4 as keepalived, 3 for IPv6)." };

    public Option<decimal?> AdvertInterval { get; } = new("--advert-interval") { Description = $"The advertisement interval in seconds (whole seconds for v2; 0.01 steps for v3; default {s_instance.AdvertisementInterval.TotalSeconds})." };

    public Option<string?> UnicastSource { get; } = new("--unicast-src") { Description = "The source address of advertisements (keepalived's unicast_src_ip)." };

    public Option<string[]> UnicastPeers { get; } = new("--unicast-peer") { Description = "A unicast peer; repeat for more. Without peers, multicast is used." };

    public Option<string?> AuthPass { get; } = new("--auth-pass") { Description = $"VRRPv2 simple-text password (up to {VrrpLimits.MaxAuthenticationPasswordLength} characters)." };

    public Option<bool> NoPreempt { get; } = new("--nopreempt") { Description = "Do not take over from a lower-priority master." };

    public Option<decimal?> PreemptDelay { get; } = new("--preempt-delay") { Description = "Seconds, counted from the first lower-priority advert heard, during which a lower-priority master is not preempted." };

    public Option<string?> Name { get; } = new("--name") { Description = "The instance name used in the log (default VI_<vrid>)." };

    public Option<decimal?> GarpMasterDelay { get; } = new("--garp-master-delay") { Description = $"Seconds until the second burst of gratuitous ARPs (0: none; default {s_global.GarpMasterDelay.TotalSeconds})." };

    public Option<int?> GarpMasterRepeat { get; } = new("--garp-master-repeat") { Description = $"Gratuitous ARPs / NAs per address in each burst (default {s_global.GarpMasterRepeat})." };

    public Option<decimal?> GarpMasterRefresh { get; } = new("--garp-master-refresh") { Description = "Seconds between refresh announcements while master (0: off)." };

    public Option<string?> UseVirtualMac { get; } = new("--use-vmac") { Description = "Put the VIPs on a macvlan with the virtual router MAC 00:00:5e:00:01:VRID (keepalived's use_vmac [NAME]; default name vrrp.VRID).", Arity = ArgumentArity.ZeroOrOne };

    public Option<bool> VirtualMacTransmitBase { get; } = new("--vmac-xmit-base") { Description = "With --use-vmac: send adverts from the interface itself, not from the VMAC with the virtual MAC (keepalived's vmac_xmit_base)." };

    public Option<string?> VipTake { get; } = new("--vip-take") { Description = "A command that moves the VIPs here on becoming master, where ARP takeover does not work (a cloud API); run without a shell with 'take INSTANCE INTERFACE VIP/LEN...' appended (vip_take_command)." };

    public Option<string?> VipRelease { get; } = new("--vip-release") { Description = "With --vip-take: a command that gives the VIPs up on leaving master and at stop (vip_release_command)." };

    public Option<string?> VipConfirm { get; } = new("--vip-confirm") { Description = "With --vip-take: a command run after a successful take, retried until it exits 0; the move is then confirmed (vip_confirm_command)." };

    public Option<decimal?> VipCommandTimeout { get; } = new("--vip-command-timeout") { Description = $"Seconds one run of a VIP command may take before it is killed (default {s_commands.Timeout.TotalSeconds})." };

    public Option<int?> VipCommandRetries { get; } = new("--vip-command-retries") { Description = $"How many times a failed VIP command runs again (default {s_commands.Retries})." };

    public Option<decimal?> VipCommandRetryDelay { get; } = new("--vip-command-retry-delay") { Description = $"Seconds before the first retry of a VIP command, doubled for each further one up to 60 (default {s_commands.RetryDelay.TotalSeconds})." };

    public Option<bool> VipBindLocal { get; } = new("--vip-bind-local") { Description = "With --vip-take: also bind the VIPs on the interface (vip_command_bind_local)." };

    public Option<int?> RealtimePriority { get; } = new("--rt-priority") { Description = "Give the timer and advert receive threads SCHED_RR at this priority, 1-99 (keepalived's vrrp_rt_priority; needs CAP_SYS_NICE, warned about and ignored without)." };

    public Option<int?> RealtimeRuntimeLimit { get; } = new("--rlimit-rttime") { Description = "With --rt-priority: microseconds of CPU a realtime thread may use without blocking before the process is stopped (RLIMIT_RTTIME, vrrp_rlimit_rttime; default 10000)." };

    public Option<bool> NoSwap { get; } = new("--no-swap") { Description = "Lock the process's memory in RAM with mlockall (keepalived's vrrp_no_swap)." };

    /// <summary>Gets every flag, in help order.</summary>
    public Option[] All =>
    [
        Interface, VirtualRouterId, Priority, VirtualAddresses, Version, AdvertInterval, UnicastSource, UnicastPeers, AuthPass, NoPreempt,
        PreemptDelay, Name, GarpMasterDelay, GarpMasterRepeat, GarpMasterRefresh, UseVirtualMac, VirtualMacTransmitBase,
        VipTake, VipRelease, VipConfirm, VipCommandTimeout, VipCommandRetries, VipCommandRetryDelay, VipBindLocal,
        RealtimePriority, RealtimeRuntimeLimit, NoSwap,
    ];

    /// <summary>Gets the flags that must be given without <c>-f</c>.</summary>
    public Option[] Required => [Interface, VirtualRouterId, VirtualAddresses];

    /// <summary>Returns the instance's name: <c>--name</c>, or <c>VI_&lt;vrid&gt;</c>.</summary>
    public string InstanceName(ParseResult flags) =>
        flags.GetValue(Name) ?? string.Create(CultureInfo.InvariantCulture, $"VI_{flags.GetValue(VirtualRouterId)}");

    /// <summary>Adds the one instance the flags describe (the <c>AddVrrp().Configure(...)</c> callback).</summary>
    public void Apply(ParseResult flags, VrrpOptions options)
    {
        // The GARP flags set the global values: with one instance they are its values, and keepalived's lower-priority
        // announcements fall back to the global ones, as they fell back to these flags before flags went through hosting.
        GlobalDefinitionsOptions global = options.GlobalDefinitions;
        global.GarpMasterDelay = Seconds(flags.GetValue(GarpMasterDelay)) ?? global.GarpMasterDelay;
        global.GarpMasterRepeat = flags.GetValue(GarpMasterRepeat) ?? global.GarpMasterRepeat;
        global.GarpMasterRefresh = Seconds(flags.GetValue(GarpMasterRefresh)) ?? global.GarpMasterRefresh;
        global.RealtimePriority = flags.GetValue(RealtimePriority);
        global.RealtimeRuntimeLimitMicroseconds = flags.GetValue(RealtimeRuntimeLimit);
        global.NoSwap = flags.GetValue(NoSwap);
        string? password = flags.GetValue(AuthPass);
        var instance = new VrrpInstanceOptions
        {
            Interface = flags.GetValue(Interface),
            VirtualRouterId = flags.GetValue(VirtualRouterId),
            Version = flags.GetValue(Version) is { } version ? (VrrpVersion)Math.Clamp(version, 0, byte.MaxValue) : null,
            UnicastSourceAddress = flags.GetValue(UnicastSource),
            Authentication = password is null ? null : new VrrpAuthenticationOptions { Type = VrrpAuthType.SimpleText, Password = password },
            Preempt = !flags.GetValue(NoPreempt),
            UseVirtualMac = flags.GetResult(UseVirtualMac) is not null,
            VirtualMacInterface = flags.GetValue(UseVirtualMac),
            VirtualMacTransmitBase = flags.GetValue(VirtualMacTransmitBase),
            VipCommands = VipCommands(flags),
        };
        instance.Priority = flags.GetValue(Priority) ?? instance.Priority;
        instance.AdvertisementInterval = Seconds(flags.GetValue(AdvertInterval)) ?? instance.AdvertisementInterval;
        instance.PreemptDelay = Seconds(flags.GetValue(PreemptDelay)) ?? instance.PreemptDelay;
        foreach (string vip in flags.GetValue(VirtualAddresses) ?? [])
        {
            instance.VirtualIpAddresses.Add(new VirtualIpAddressOptions { Address = vip });
        }

        foreach (string peer in flags.GetValue(UnicastPeers) ?? [])
        {
            instance.UnicastPeers.Add(new UnicastPeerOptions { Address = peer });
        }

        options.Instances[InstanceName(flags)] = instance;
    }

    /// <summary>Returns the flag that sets an option (<c>Instances:VI_5:VirtualRouterId</c> is <c>--vrid</c>), or null.</summary>
    public string? FlagOf(ParseResult flags, string? optionPath)
    {
        string instancePrefix = "Instances:" + InstanceName(flags) + ":";
        string? option = optionPath switch
        {
            null => null,
            _ when optionPath.StartsWith(instancePrefix, StringComparison.Ordinal) => optionPath[instancePrefix.Length..],
            _ when optionPath.StartsWith("GlobalDefinitions:", StringComparison.Ordinal) => optionPath["GlobalDefinitions:".Length..],
            _ => null,
        };
        Option? flag = option?.Split(':')[0] switch
        {
            nameof(VrrpInstanceOptions.Interface) => Interface,
            nameof(VrrpInstanceOptions.VirtualRouterId) => VirtualRouterId,
            nameof(VrrpInstanceOptions.Priority) => Priority,
            nameof(VrrpInstanceOptions.VirtualIpAddresses) => VirtualAddresses,
            nameof(VrrpInstanceOptions.Version) => Version,
            nameof(VrrpInstanceOptions.AdvertisementInterval) => AdvertInterval,
            nameof(VrrpInstanceOptions.UnicastSourceAddress) => UnicastSource,
            nameof(VrrpInstanceOptions.UnicastPeers) => UnicastPeers,
            nameof(VrrpInstanceOptions.Authentication) => AuthPass,
            nameof(VrrpInstanceOptions.Preempt) => NoPreempt,
            nameof(VrrpInstanceOptions.PreemptDelay) => PreemptDelay,
            nameof(VrrpInstanceOptions.GarpMasterDelay) => GarpMasterDelay,
            nameof(VrrpInstanceOptions.GarpMasterRepeat) => GarpMasterRepeat,
            nameof(VrrpInstanceOptions.GarpMasterRefresh) => GarpMasterRefresh,
            nameof(GlobalDefinitionsOptions.RealtimePriority) => RealtimePriority,
            nameof(GlobalDefinitionsOptions.RealtimeRuntimeLimitMicroseconds) => RealtimeRuntimeLimit,
            nameof(VrrpInstanceOptions.VipCommands) => option.Split(':').ElementAtOrDefault(1) switch
            {
                nameof(VrrpVipCommandOptions.Take) => VipTake,
                nameof(VrrpVipCommandOptions.Release) => VipRelease,
                nameof(VrrpVipCommandOptions.Confirm) => VipConfirm,
                nameof(VrrpVipCommandOptions.Timeout) => VipCommandTimeout,
                nameof(VrrpVipCommandOptions.Retries) => VipCommandRetries,
                nameof(VrrpVipCommandOptions.RetryDelay) => VipCommandRetryDelay,
                nameof(VrrpVipCommandOptions.BindLocal) => VipBindLocal,
                _ => null,
            },
            _ => null,
        };
        return flag?.Name;
    }

    /// <summary>The VIP command flags as options, or null when none is given (the VIPs are bound on the interface).</summary>
    private VrrpVipCommandOptions? VipCommands(ParseResult flags)
    {
        Option[] vipFlags = [VipTake, VipRelease, VipConfirm, VipCommandTimeout, VipCommandRetries, VipCommandRetryDelay, VipBindLocal];
        if (vipFlags.All(o => flags.GetResult(o) is null))
        {
            return null;
        }

        var commands = new VrrpVipCommandOptions
        {
            Take = flags.GetValue(VipTake),
            Release = flags.GetValue(VipRelease),
            Confirm = flags.GetValue(VipConfirm),
            BindLocal = flags.GetValue(VipBindLocal),
        };
        commands.Timeout = Seconds(flags.GetValue(VipCommandTimeout)) ?? commands.Timeout;
        commands.Retries = flags.GetValue(VipCommandRetries) ?? commands.Retries;
        commands.RetryDelay = Seconds(flags.GetValue(VipCommandRetryDelay)) ?? commands.RetryDelay;
        return commands;
    }

    /// <summary>Converts seconds as written to a <see cref="TimeSpan"/>, saturating far outside any range so the validator reports them.</summary>
    private static TimeSpan? Seconds(decimal? seconds)
    {
        const decimal Limit = 900_000_000_000m;
        return seconds is { } value ? TimeSpan.FromTicks((long)(Math.Clamp(value, -Limit, Limit) * TimeSpan.TicksPerSecond)) : null;
    }
}
