using System.Net;
using System.Net.Sockets;
using System.Text;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;
using Vrrp.Packets;

namespace Vrrp.Config.Validation;

// The rules of one vrrp_instance: identity, ranges (VrrpLimits), timers per version, authentication, preemption,
// tracking, and VRIDs unique per interface and family. The address rules are in VrrpOptionsValidator.Addresses.cs.
public sealed partial class VrrpOptionsValidator
{
    private static ValidatedInstance? CheckInstance(string name, VrrpInstanceOptions instance, string? syncGroup, Context context, Problems problems)
    {
        int errorsBefore = problems.ErrorCount();
        GlobalDefinitionsOptions global = context.Options.GlobalDefinitions;
        string path = "Instances:" + name;
        string who = "vrrp_instance " + name;
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Error(path, ConfigDiagnosticCodes.Required, "a vrrp_instance needs a name");
        }

        if (string.IsNullOrWhiteSpace(instance.Interface))
        {
            problems.Error(path + ":Interface", ConfigDiagnosticCodes.Required, $"{who} has no `interface`", "add `interface NAME`, the interface adverts go out on");
        }

        if (instance.VirtualRouterId == 0)
        {
            problems.Error(path + ":VirtualRouterId", ConfigDiagnosticCodes.Required, $"{who} has no virtual_router_id", "add `virtual_router_id N` with N from 1 to 255, the same on every node of the pair");
        }
        else if (!VrrpLimits.IsValidVirtualRouterId(instance.VirtualRouterId))
        {
            problems.Error(path + ":VirtualRouterId", ConfigDiagnosticCodes.OutOfRange, Invariant($"{who}: virtual_router_id {instance.VirtualRouterId} is outside 1..255"));
        }

        if (!VrrpLimits.IsValidPriority(instance.Priority))
        {
            problems.Error(path + ":Priority", ConfigDiagnosticCodes.OutOfRange, Invariant($"{who}: priority {instance.Priority} is outside 1..255"));
        }

        var vips = new List<VrrpVirtualAddress>(instance.VirtualIpAddresses.Count + instance.ExcludedVirtualIpAddresses.Count);
        AddressFamily family = CheckVirtualAddresses(path, who, instance, vips, context, problems);
        bool ipv6 = family == AddressFamily.InterNetworkV6;

        // keepalived: an instance without a version takes the global one; IPv6 is always VRRPv3.
        VrrpVersion version = ipv6 ? VrrpVersion.V3 : instance.Version ?? global.VrrpVersion;
        if (instance.Version is { } explicitVersion && explicitVersion is not (VrrpVersion.V2 or VrrpVersion.V3))
        {
            problems.Error(path + ":Version", ConfigDiagnosticCodes.OutOfRange, $"{who}: version must be 2 or 3");
        }
        else if (instance.Version == VrrpVersion.V2 && ipv6)
        {
            problems.Warning(path + ":Version", ConfigDiagnosticCodes.Conflict, $"{who} has IPv6 addresses, which only VRRPv3 carries; version 3 is used");
        }

        CheckAdvertisementInterval(path, who, version, instance.AdvertisementInterval, problems);
        CheckAuthentication(path, who, version, instance.Authentication, problems);
        CheckPreemption(path, who, instance, problems);

        IPAddress primary = CheckPrimaryAddress(path, who, instance, family, problems);
        List<IPAddress> peers = CheckUnicastPeers(path, who, instance, family, context, problems);
        IPAddress? multicastGroup = CheckMulticastGroup(path, who, instance, global, family, problems);

        bool weightedTracking = CheckTracking(path, who, instance, context.Options, problems);
        if (instance.Priority == VrrpLimits.OwnerPriority && weightedTracking)
        {
            problems.Warning(path + ":Priority", ConfigDiagnosticCodes.Conflict, $"{who} is an address owner (priority 255): tracking weights cannot change its priority and are ignored");
        }

        if (instance.GarpMasterRepeat is { } repeat)
        {
            AtLeastOne(problems, path + ":GarpMasterRepeat", $"{who}: garp_master_repeat", repeat);
        }

        if (instance.GarpMasterRefreshRepeat is { } refreshRepeat)
        {
            AtLeastOne(problems, path + ":GarpMasterRefreshRepeat", $"{who}: garp_master_refresh_repeat", refreshRepeat);
        }

        CheckVipCommands(path, who, instance.VipCommands, problems);
        CheckUniqueVirtualRouterId(name, path, instance, family, context.VirtualRouterIds, problems);
        NoteWhatIsNotApplied(path, who, instance, global, problems);
        if (problems.ErrorCount() > errorsBefore)
        {
            return null;
        }

        return new ValidatedInstance(name, instance)
        {
            Family = family,
            Version = version,
            PrimaryAddress = primary,
            MulticastGroup = multicastGroup,
            UnicastPeers = peers,
            VirtualAddresses = vips,
            SyncGroup = syncGroup,
        };
    }

    /// <summary>The VIP commands (a Vrrp extension): release and confirm need a take; timeout, retries and delay in range; command lines that split.</summary>
    private static void CheckVipCommands(string path, string who, VrrpVipCommandOptions? commands, Problems problems)
    {
        if (commands is null)
        {
            return;
        }

        path += ":" + nameof(VrrpInstanceOptions.VipCommands);
        if (string.IsNullOrWhiteSpace(commands.Take))
        {
            foreach ((string property, string keyword, string? value) in (ReadOnlySpan<(string, string, string?)>)[
                (nameof(commands.Release), "vip_release_command", commands.Release),
                (nameof(commands.Confirm), "vip_confirm_command", commands.Confirm)])
            {
                if (value is not null)
                {
                    problems.Error(path + ":" + property, ConfigDiagnosticCodes.Required, $"{who}: {keyword} without vip_take_command", "add `vip_take_command COMMAND`, which moves the addresses here");
                }
            }

            if (commands.BindLocal)
            {
                problems.Warning(path + ":BindLocal", ConfigDiagnosticCodes.Conflict, $"{who}: vip_command_bind_local without vip_take_command does nothing");
            }
        }

        foreach ((string property, string keyword, string? value) in (ReadOnlySpan<(string, string, string?)>)[
            (nameof(commands.Take), "vip_take_command", commands.Take),
            (nameof(commands.Release), "vip_release_command", commands.Release),
            (nameof(commands.Confirm), "vip_confirm_command", commands.Confirm)])
        {
            if (value is not null && (KeepalivedCommandLine.Split(value, out string? error).Count == 0 || error is not null))
            {
                problems.Error(path + ":" + property, ConfigDiagnosticCodes.InvalidValue, $"{who}: {keyword} is not a command line{(error is null ? string.Empty : ": " + error)}");
            }
        }

        if (commands.Timeout < VrrpOptionLimits.MinVipCommandTimeout || commands.Timeout > VrrpOptionLimits.MaxVipCommandTimeout)
        {
            problems.Error(path + ":Timeout", ConfigDiagnosticCodes.OutOfRange, $"{who}: vip_command_timeout is from {VrrpLimits.FormatSeconds(VrrpOptionLimits.MinVipCommandTimeout)} to {VrrpLimits.FormatSeconds(VrrpOptionLimits.MaxVipCommandTimeout)}, not {VrrpLimits.FormatSeconds(commands.Timeout)}");
        }

        if (commands.Retries is < 0 or > VrrpOptionLimits.MaxVipCommandRetries)
        {
            problems.Error(path + ":Retries", ConfigDiagnosticCodes.OutOfRange, Invariant($"{who}: vip_command_retries is from 0 to {VrrpOptionLimits.MaxVipCommandRetries}, not {commands.Retries}"));
        }

        if (commands.RetryDelay < TimeSpan.Zero || commands.RetryDelay > VrrpOptionLimits.MaxVipCommandRetryDelay)
        {
            problems.Error(path + ":RetryDelay", ConfigDiagnosticCodes.OutOfRange, $"{who}: vip_command_retry_delay is from 0 s to {VrrpLimits.FormatSeconds(VrrpOptionLimits.MaxVipCommandRetryDelay)}, not {VrrpLimits.FormatSeconds(commands.RetryDelay)}");
        }
    }

    private static void CheckAdvertisementInterval(string path, string who, VrrpVersion version, TimeSpan interval, Problems problems)
    {
        if (VrrpLimits.IsValidAdvertisementInterval(version, interval))
        {
            return;
        }

        string at = path + ":AdvertisementInterval";
        if (version == VrrpVersion.V2)
        {
            problems.Error(at, ConfigDiagnosticCodes.OutOfRange, $"{who}: a VRRPv2 advertisement interval is whole seconds from 1 to 255, not {VrrpLimits.FormatSeconds(interval)}", "use version 3 for sub-second adverts");
        }
        else
        {
            problems.Error(at, ConfigDiagnosticCodes.OutOfRange, $"{who}: a VRRPv3 advertisement interval is from 0.01 to 40.95 s, not {VrrpLimits.FormatSeconds(interval)}");
        }
    }

    private static void CheckAuthentication(string path, string who, VrrpVersion version, VrrpAuthenticationOptions? authentication, Problems problems)
    {
        if (authentication is null || authentication.Type == VrrpAuthType.None)
        {
            return;
        }

        if (version == VrrpVersion.V3)
        {
            problems.Error(path + ":Authentication", ConfigDiagnosticCodes.Conflict, $"{who}: VRRPv3 has no authentication");
        }
        else if (authentication.Type != VrrpAuthType.SimpleText)
        {
            problems.Error(path + ":Authentication:Type", ConfigDiagnosticCodes.NotImplemented, $"{who}: auth_type AH (IPsec authentication header, deprecated by RFC 3768) is not supported", "use auth_type PASS, or no authentication");
        }

        if (string.IsNullOrEmpty(authentication.Password))
        {
            problems.Error(path + ":Authentication:Password", ConfigDiagnosticCodes.Required, $"{who}: authentication needs a password (auth_pass)");
        }
        else if (authentication.Password.Length > VrrpLimits.MaxAuthenticationPasswordLength)
        {
            problems.Error(path + ":Authentication:Password", ConfigDiagnosticCodes.OutOfRange, $"{who}: auth_pass is longer than 8 characters");
        }
        else if (!Ascii.IsValid(authentication.Password))
        {
            problems.Error(path + ":Authentication:Password", ConfigDiagnosticCodes.InvalidValue, $"{who}: auth_pass must be ASCII");
        }
    }

    private static void CheckPreemption(string path, string who, VrrpInstanceOptions instance, Problems problems)
    {
        if (!VrrpLimits.IsValidPreemptDelay(instance.PreemptDelay))
        {
            problems.Error(path + ":PreemptDelay", ConfigDiagnosticCodes.OutOfRange, $"{who}: preempt_delay must be from 0 to 1000 s");
        }

        if (!instance.Preempt && instance.Priority == VrrpLimits.OwnerPriority)
        {
            problems.Warning(path + ":Preempt", ConfigDiagnosticCodes.Conflict, $"{who}: nopreempt cannot apply to an address owner (priority 255)");
        }
        else if (!instance.Preempt && instance.State == VrrpInitialState.Master)
        {
            problems.Warning(path + ":Preempt", ConfigDiagnosticCodes.Conflict, $"{who}: nopreempt does not work with state MASTER", "use state BACKUP on every node with nopreempt");
        }

        if (!instance.Preempt && instance.PreemptDelay > TimeSpan.Zero)
        {
            problems.Warning(path + ":PreemptDelay", ConfigDiagnosticCodes.Conflict, $"{who}: preempt_delay has no effect with nopreempt");
        }
    }

    /// <summary>track_script, track_interface, track_file and track_process of an instance or a sync group; returns whether any weight would move the priority.</summary>
    private static bool CheckTracking(string path, string who, VrrpTrackingOptions tracking, VrrpOptions options, Problems problems)
    {
        string? ownInterface = (tracking as VrrpInstanceOptions)?.Interface;
        bool weightedTracking = CheckReferences(tracking.TrackScripts, path + ":TrackScripts", who, ScriptLines, options.Scripts, t => t.Script, t => t.Weight, s => s.Weight, problems);
        for (int i = 0; i < tracking.TrackInterfaces.Count; i++)
        {
            TrackInterfaceOptions track = tracking.TrackInterfaces[i];
            string trackPath = Invariant($"{path}:TrackInterfaces:{i}");
            if (string.IsNullOrWhiteSpace(track.Interface))
            {
                problems.Error(trackPath, ConfigDiagnosticCodes.Required, $"{who}: track_interface needs an interface name");
            }
            else if (string.Equals(track.Interface, ownInterface, StringComparison.Ordinal))
            {
                problems.Warning(trackPath, ConfigDiagnosticCodes.Conflict, $"{who} tracks its own interface {track.Interface}; this is ignored, the instance watches it anyway");
            }
            else
            {
                weightedTracking |= track.Weight is not null and not 0;
            }

            if (track.Weight is { } weight)
            {
                Weight(problems, trackPath, $"{who}: track_interface {track.Interface}", weight);
            }
        }

        return CheckTrackerReferences(path, who, tracking, options, problems) | weightedTracking;
    }

    private static void CheckUniqueVirtualRouterId(string name, string path, VrrpInstanceOptions instance, AddressFamily family, Dictionary<(string, AddressFamily, int), string> vrids, Problems problems)
    {
        if (string.IsNullOrWhiteSpace(instance.Interface) || !VrrpLimits.IsValidVirtualRouterId(instance.VirtualRouterId))
        {
            return;
        }

        if (vrids.TryGetValue((instance.Interface, family, instance.VirtualRouterId), out string? other))
        {
            problems.Error(
                path + ":VirtualRouterId",
                ConfigDiagnosticCodes.DuplicateVirtualRouterId,
                Invariant($"{other} and {name} both use VRID {instance.VirtualRouterId} with {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} on interface {instance.Interface}"),
                "each instance on an interface needs its own virtual_router_id");
        }
        else
        {
            vrids[(instance.Interface, family, instance.VirtualRouterId)] = name;
        }
    }

    /// <summary>Settings the engine reads but does not apply yet: <see cref="ValidatedVrrpOptions.Notes"/>.</summary>
    private static void NoteWhatIsNotApplied(string path, string who, VrrpInstanceOptions instance, GlobalDefinitionsOptions global, Problems problems)
    {
        for (int i = 0; i < instance.UnicastPeers.Count; i++)
        {
            UnicastPeerOptions peer = instance.UnicastPeers[i];
            if (peer.MinTtl is not null || peer.MaxTtl is not null)
            {
                problems.Note(Invariant($"{path}:UnicastPeers:{i}"), ConfigDiagnosticCodes.NotEnforced, $"{who}: unicast_peer {peer.Address}: min_ttl/max_ttl are not checked yet.");
            }
        }

        if (instance.StrictMode ?? global.Strict)
        {
            problems.Note(instance.StrictMode is null ? path : path + ":StrictMode", ConfigDiagnosticCodes.NotEnforced, instance.Accept is null
                ? $"{who}: strict_mode / vrrp_strict is not enforced (no firewall rules are installed); the no_accept it implies is not enforced either: the virtual addresses accept traffic while master, as with accept."
                : $"{who}: strict_mode / vrrp_strict is not enforced (no firewall rules are installed).");
        }
    }
}
