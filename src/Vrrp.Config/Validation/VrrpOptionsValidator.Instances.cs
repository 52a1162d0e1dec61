using System.Net;
using System.Net.Sockets;
using Vrrp.Config.Binding;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;
using Vrrp.Packets;

namespace Vrrp.Config.Validation;

// The rules of one vrrp_instance: identity, ranges, addresses and their family, timers per version, preemption,
// references to scripts, tracking, and VRIDs unique per interface and family.
public sealed partial class VrrpOptionsValidator
{
    private static void CheckInstance(string name, VrrpInstanceOptions instance, VrrpOptions options, Dictionary<(string, AddressFamily, int), string> vrids, Problems problems)
    {
        string path = "Instances:" + name;
        string who = "vrrp_instance " + name;
        if (string.IsNullOrWhiteSpace(instance.Interface))
        {
            problems.Error(path + ":Interface", ConfigDiagnosticCodes.Required, $"{who} has no `interface`", "add `interface NAME`, the interface adverts go out on");
        }

        if (instance.VirtualRouterId == 0)
        {
            problems.Error(path + ":VirtualRouterId", ConfigDiagnosticCodes.Required, $"{who} has no virtual_router_id", "add `virtual_router_id N` with N from 1 to 255, the same on every node of the pair");
        }
        else if (instance.VirtualRouterId is < 1 or > 255)
        {
            problems.Error(path + ":VirtualRouterId", ConfigDiagnosticCodes.OutOfRange, Invariant($"{who}: virtual_router_id {instance.VirtualRouterId} is outside 1..255"));
        }

        if (instance.Priority is < 1 or > 255)
        {
            problems.Error(path + ":Priority", ConfigDiagnosticCodes.OutOfRange, Invariant($"{who}: priority {instance.Priority} is outside 1..255"));
        }

        AddressFamily family = CheckAddresses(path + ":VirtualIpAddresses", who, instance.VirtualIpAddresses, sameFamily: true, problems);
        CheckAddresses(path + ":ExcludedVirtualIpAddresses", who, instance.ExcludedVirtualIpAddresses, sameFamily: false, problems);
        if (instance.VirtualIpAddresses.Count == 0)
        {
            problems.Warning(path + ":VirtualIpAddresses", ConfigDiagnosticCodes.NoVirtualAddress, $"{who} has no virtual_ipaddress; at least one is sensible");
        }

        VrrpVersion version = family == AddressFamily.InterNetworkV6 ? VrrpVersion.V3 : instance.Version ?? options.GlobalDefinitions.VrrpVersion;
        if (instance.Version is { } explicitVersion && explicitVersion is not (VrrpVersion.V2 or VrrpVersion.V3))
        {
            problems.Error(path + ":Version", ConfigDiagnosticCodes.OutOfRange, $"{who}: version must be 2 or 3");
        }
        else if (instance.Version == VrrpVersion.V2 && family == AddressFamily.InterNetworkV6)
        {
            problems.Warning(path + ":Version", ConfigDiagnosticCodes.Conflict, $"{who} has IPv6 addresses, which only VRRPv3 carries; version 3 is used");
        }

        CheckAdvertisementInterval(path, who, version, instance.AdvertisementInterval, problems);
        if (instance.Authentication is { } authentication)
        {
            if (version == VrrpVersion.V3 && authentication.Type != VrrpAuthType.None)
            {
                problems.Error(path + ":Authentication", ConfigDiagnosticCodes.Conflict, $"{who}: VRRPv3 has no authentication");
            }

            if (authentication.Type != VrrpAuthType.None && string.IsNullOrEmpty(authentication.Password))
            {
                problems.Error(path + ":Authentication:Password", ConfigDiagnosticCodes.Required, $"{who}: authentication needs a password (auth_pass)");
            }
            else if (authentication.Password is { Length: > VrrpLimits.MaxAuthenticationPasswordLength })
            {
                problems.Error(path + ":Authentication:Password", ConfigDiagnosticCodes.OutOfRange, $"{who}: auth_pass is longer than 8 characters");
            }
        }

        if (instance.PreemptDelay < TimeSpan.Zero || instance.PreemptDelay > VrrpLimits.MaxPreemptDelay)
        {
            problems.Error(path + ":PreemptDelay", ConfigDiagnosticCodes.OutOfRange, $"{who}: preempt_delay must be from 0 to 1000 s");
        }

        if (!instance.Preempt && instance.Priority == 255)
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

        CheckOptionalAddress(problems, path + ":UnicastSourceAddress", $"{who}: unicast_src_ip", instance.UnicastSourceAddress);
        CheckOptionalAddress(problems, path + ":MulticastSourceAddress", $"{who}: mcast_src_ip", instance.MulticastSourceAddress);
        for (int i = 0; i < instance.UnicastPeers.Count; i++)
        {
            UnicastPeerOptions peer = instance.UnicastPeers[i];
            CheckOptionalAddress(problems, Invariant($"{path}:UnicastPeers:{i}"), $"{who}: unicast_peer", peer.Address.Length == 0 ? "(empty)" : peer.Address);
        }

        bool weightedTracking = false;
        for (int i = 0; i < instance.TrackScripts.Count; i++)
        {
            TrackScriptOptions track = instance.TrackScripts[i];
            string trackPath = Invariant($"{path}:TrackScripts:{i}");
            if (!options.Scripts.TryGetValue(track.Script, out VrrpScriptOptions? script))
            {
                problems.Warning(trackPath, ConfigDiagnosticCodes.UnknownReference, $"{who} tracks script `{track.Script}`, which is not defined; it is ignored", Hint(track.Script, options.Scripts.Keys));
            }
            else
            {
                weightedTracking |= (track.Weight ?? script.Weight) != 0;
            }

            if (track.Weight is { } weight)
            {
                Weight(problems, trackPath, $"{who}: track_script {track.Script}", weight);
            }
        }

        for (int i = 0; i < instance.TrackInterfaces.Count; i++)
        {
            TrackInterfaceOptions track = instance.TrackInterfaces[i];
            string trackPath = Invariant($"{path}:TrackInterfaces:{i}");
            if (string.Equals(track.Interface, instance.Interface, StringComparison.Ordinal))
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

        if (instance.Priority == 255 && weightedTracking)
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

        if (!string.IsNullOrWhiteSpace(instance.Interface) && instance.VirtualRouterId is >= 1 and <= 255)
        {
            AddressFamily key = family == AddressFamily.Unspecified ? AddressFamily.InterNetwork : family;
            if (vrids.TryGetValue((instance.Interface, key, instance.VirtualRouterId), out string? other))
            {
                problems.Error(
                    path + ":VirtualRouterId",
                    ConfigDiagnosticCodes.DuplicateVirtualRouterId,
                    Invariant($"{other} and {name} both use VRID {instance.VirtualRouterId} with {(key == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} on interface {instance.Interface}"),
                    "each instance on an interface needs its own virtual_router_id");
            }
            else
            {
                vrids[(instance.Interface, key, instance.VirtualRouterId)] = name;
            }
        }
    }

    private static void CheckAdvertisementInterval(string path, string who, VrrpVersion version, TimeSpan interval, Problems problems)
    {
        string at = path + ":AdvertisementInterval";
        if (version == VrrpVersion.V2)
        {
            if (interval < TimeSpan.FromSeconds(1) || interval > TimeSpan.FromSeconds(255) || interval.Ticks % TimeSpan.TicksPerSecond != 0)
            {
                problems.Error(at, ConfigDiagnosticCodes.OutOfRange, $"{who}: a VRRPv2 advertisement interval is whole seconds from 1 to 255, not {ValueParser.FormatSeconds(interval)}", "use version 3 for sub-second adverts");
            }
        }
        else if (interval < VrrpLimits.MinV3AdvertisementInterval || interval > VrrpLimits.MaxV3AdvertisementInterval)
        {
            problems.Error(at, ConfigDiagnosticCodes.OutOfRange, $"{who}: a VRRPv3 advertisement interval is from 0.01 to 40.95 s, not {ValueParser.FormatSeconds(interval)}");
        }
    }

    private static AddressFamily CheckAddresses(string path, string who, List<VirtualIpAddressOptions> addresses, bool sameFamily, Problems problems)
    {
        AddressFamily family = AddressFamily.Unspecified;
        for (int i = 0; i < addresses.Count; i++)
        {
            string itemPath = Invariant($"{path}:{i}");
            string text = addresses[i].Address;
            if (!ValueParser.TryParseAddressWithPrefix(text, out IPAddress address, out int? prefix, out bool prefixValid))
            {
                problems.Error(itemPath, ConfigDiagnosticCodes.InvalidAddress, $"{who}: `{text}` is not an IP address");
                continue;
            }

            int maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
            if (!prefixValid || prefix > maxPrefix || (text.Contains('/', StringComparison.Ordinal) && prefix is null))
            {
                problems.Error(itemPath, ConfigDiagnosticCodes.OutOfRange, Invariant($"{who}: the prefix length of `{text}` must be from 0 to {maxPrefix}"));
            }

            if (family == AddressFamily.Unspecified)
            {
                family = address.AddressFamily;
            }
            else if (sameFamily && address.AddressFamily != family)
            {
                problems.Error(itemPath, ConfigDiagnosticCodes.AddressFamilyMismatch, $"{who}: {text} is not of the instance's address family (from its first address)", "use one instance per family, or virtual_ipaddress_excluded");
            }
        }

        return family;
    }
}
