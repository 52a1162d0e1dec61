using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;
using Vrrp.Packets;
using Vrrp.Platform;
using Vrrp.Tracking;

namespace Vrrp.Hosting.Configuration;

/// <summary>
/// Maps <see cref="VrrpOptions"/> (keepalived.conf or appsettings) to what the engine runs: Core
/// <see cref="VrrpInstanceSettings"/> per instance, plus tracked scripts and interfaces, notify hooks, the GARP schedule
/// and sync groups. Keepalived's defaults that depend on other settings (global <c>vrrp_version</c>, IPv6 forcing
/// version 3, global GARP and <c>skip_check_adv_addr</c> values) are resolved here. Addresses are parsed with the strict
/// <see cref="IPAddressParser"/> the validator uses; what cannot run is a <see cref="ConfigDiagnostic"/> with the option
/// path it is about, so the loader can position it in keepalived.conf or name it in appsettings.
/// </summary>
internal static class InstanceSettingsFactory
{
    private static readonly IPAddress s_rfcGroup4 = IPAddress.Parse("224.0.0.18");
    private static readonly IPAddress s_rfcGroup6 = IPAddress.Parse("ff02::12");

    public static VrrpHostPlan Create(VrrpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<ConfigDiagnostic>();
        var groupOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var groups = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach ((string groupName, VrrpSyncGroupOptions group) in options.SyncGroups)
        {
            var members = new List<string>();
            string groupPath = "SyncGroups:" + groupName;
            for (int i = 0; i < group.Group.Count; i++)
            {
                string member = group.Group[i];
                string memberPath = groupPath + ":Group:" + i.ToString(CultureInfo.InvariantCulture);
                if (!options.Instances.ContainsKey(member))
                {
                    problems.Add(Problem(ConfigDiagnosticSeverity.Error, memberPath, $"vrrp_sync_group {groupName}: member {member} is not a vrrp_instance."));
                }
                else if (!groupOf.TryAdd(member, groupName))
                {
                    problems.Add(Problem(ConfigDiagnosticSeverity.Error, memberPath, $"vrrp_sync_group {groupName}: {member} is already in vrrp_sync_group {groupOf[member]}."));
                }
                else
                {
                    members.Add(member);
                }
            }

            if (group.Notify is not null || group.NotifyMaster is not null || group.NotifyBackup is not null || group.NotifyFault is not null || group.NotifyStop is not null)
            {
                problems.Add(Problem(ConfigDiagnosticSeverity.Warning, groupPath, $"vrrp_sync_group {groupName}: group notify scripts are not run yet (the members' own notify scripts are)."));
            }

            groups[groupName] = members;
        }

        var scripts = new Dictionary<string, VrrpScriptOptions>(StringComparer.Ordinal);
        var instances = new List<VrrpInstancePlan>();
        foreach ((string name, VrrpInstanceOptions instance) in options.Instances)
        {
            VrrpSyncGroupOptions? group = groupOf.TryGetValue(name, out string? groupName) ? options.SyncGroups[groupName] : null;
            if (CreateInstance(name, instance, group, groupName, options, scripts, problems) is { } plan)
            {
                instances.Add(plan);
            }
        }

        return new VrrpHostPlan { Instances = instances, SyncGroups = groups, Scripts = scripts, Diagnostics = problems };
    }

    private static VrrpInstancePlan? CreateInstance(
        string name,
        VrrpInstanceOptions instance,
        VrrpSyncGroupOptions? group,
        string? groupName,
        VrrpOptions options,
        Dictionary<string, VrrpScriptOptions> scripts,
        List<ConfigDiagnostic> problems)
    {
        GlobalDefinitionsOptions global = options.GlobalDefinitions;
        string path = "Instances:" + name;
        int errorCount = CountErrors(problems);
        void Error(string property, string message) => problems.Add(Problem(ConfigDiagnosticSeverity.Error, property.Length == 0 ? path : path + ":" + property, $"vrrp_instance {name}: {message}"));
        void Warn(string property, string message) => problems.Add(Problem(ConfigDiagnosticSeverity.Warning, property.Length == 0 ? path : path + ":" + property, $"vrrp_instance {name}: {message}"));

        if (string.IsNullOrWhiteSpace(instance.Interface))
        {
            Error(nameof(instance.Interface), "no interface.");
        }

        var vips = new List<VrrpVirtualAddress>(instance.VirtualIpAddresses.Count + instance.ExcludedVirtualIpAddresses.Count);
        for (int i = 0; i < instance.VirtualIpAddresses.Count; i++)
        {
            string at = Item(nameof(instance.VirtualIpAddresses), i);
            if (MapVirtualAddress(instance.VirtualIpAddresses[i], "virtual_ipaddress", m => Error(at, m), m => Warn(at, m)) is { } mapped)
            {
                vips.Add(mapped);
            }
        }

        for (int i = 0; i < instance.ExcludedVirtualIpAddresses.Count; i++)
        {
            string at = Item(nameof(instance.ExcludedVirtualIpAddresses), i);
            if (MapVirtualAddress(instance.ExcludedVirtualIpAddresses[i], "virtual_ipaddress_excluded", m => Error(at, m), m => Warn(at, m)) is { } mapped)
            {
                vips.Add(mapped with { IsExcluded = true });
            }
        }

        AddressFamily family = vips.Find(v => !v.IsExcluded)?.Address.AddressFamily ?? AddressFamily.InterNetwork;
        bool ipv6 = family == AddressFamily.InterNetworkV6;

        // keepalived: an instance without a version takes the global one; IPv6 is always VRRPv3.
        VrrpVersion version = ipv6 ? VrrpVersion.V3 : instance.Version ?? global.VrrpVersion;

        IPAddress primary = ipv6 ? IPAddress.IPv6Any : IPAddress.Any;
        string? source = instance.UnicastSourceAddress ?? instance.MulticastSourceAddress;
        if (source is not null)
        {
            if (IPAddressParser.TryParse(source, out IPAddress parsed))
            {
                primary = parsed;
            }
            else
            {
                Error(instance.UnicastSourceAddress is null ? nameof(instance.MulticastSourceAddress) : nameof(instance.UnicastSourceAddress), $"{(instance.UnicastSourceAddress is null ? "mcast_src_ip" : "unicast_src_ip")} '{source}' is not an IP address.");
            }
        }

        // mcast_dst_ip, else keepalived's vrrp_mcast_group4/6; the RFC group stays null (the transport's default).
        string groupText = instance.MulticastDestinationAddress ?? (ipv6 ? global.MulticastGroup6 : global.MulticastGroup4);
        IPAddress? multicastGroup = null;
        if (!IPAddressParser.TryParse(groupText, out IPAddress parsedGroup))
        {
            Error(instance.MulticastDestinationAddress is not null ? nameof(instance.MulticastDestinationAddress) : string.Empty, $"{(instance.MulticastDestinationAddress is not null ? "mcast_dst_ip" : ipv6 ? "vrrp_mcast_group6" : "vrrp_mcast_group4")} '{groupText}' is not an IP address.");
        }
        else if (!parsedGroup.Equals(ipv6 ? s_rfcGroup6 : s_rfcGroup4))
        {
            multicastGroup = parsedGroup;
        }

        var peers = new List<IPAddress>(instance.UnicastPeers.Count);
        for (int i = 0; i < instance.UnicastPeers.Count; i++)
        {
            UnicastPeerOptions peer = instance.UnicastPeers[i];
            string at = Item(nameof(instance.UnicastPeers), i);
            if (IPAddressParser.TryParse(peer.Address, out IPAddress address))
            {
                peers.Add(address);
            }
            else
            {
                Error(at, $"unicast_peer '{peer.Address}' is not an IP address.");
            }

            if (peer.MinTtl is not null || peer.MaxTtl is not null)
            {
                Warn(at, $"unicast_peer {peer.Address}: min_ttl/max_ttl are not checked yet.");
            }
        }

        var tracked = new List<VrrpTrackedItem>();
        var trackedScripts = new List<string>();
        foreach (TrackScriptOptions track in Concat(instance.TrackScripts, group?.TrackScripts))
        {
            if (!options.Scripts.TryGetValue(track.Script, out VrrpScriptOptions? script))
            {
                Error(nameof(instance.TrackScripts), $"track_script {track.Script} is not a vrrp_script.");
                continue;
            }

            if (trackedScripts.Contains(track.Script))
            {
                continue;
            }

            trackedScripts.Add(track.Script);
            scripts[track.Script] = script;
            tracked.Add(new VrrpTrackedItem
            {
                Name = track.Script,
                Weight = track.Weight ?? script.Weight,
                Reverse = track.Reverse || (track.Weight is null && script.WeightReverse),
                Rise = script.Rise,
                Fall = script.Fall,
                InitFail = script.InitFail,
            });
        }

        var trackedInterfaces = new List<TrackedInterface>();
        foreach (TrackInterfaceOptions track in Concat(instance.TrackInterfaces, group?.TrackInterfaces))
        {
            if (trackedInterfaces.Exists(t => t.InterfaceName == track.Interface))
            {
                continue;
            }

            // Item names are unique per instance; an interface that shares a script's name gets a prefix.
            string itemName = trackedScripts.Contains(track.Interface) ? "interface " + track.Interface : track.Interface;
            trackedInterfaces.Add(new TrackedInterface(itemName, track.Interface));
            tracked.Add(new VrrpTrackedItem { Name = itemName, Weight = track.Weight ?? 0, Reverse = track.Reverse });
        }

        if (instance.TrackFiles.Count > 0 || instance.TrackProcesses.Count > 0)
        {
            Warn(instance.TrackFiles.Count > 0 ? nameof(instance.TrackFiles) : nameof(instance.TrackProcesses), "track_file and track_process are not implemented yet; they are ignored.");
        }

        bool strict = instance.StrictMode ?? global.Strict;
        if (strict)
        {
            Warn(instance.StrictMode is null ? string.Empty : nameof(instance.StrictMode), instance.Accept is null
                ? "strict_mode / vrrp_strict is not enforced (no firewall rules are installed); the no_accept it implies is not enforced either: the virtual addresses accept traffic while master, as with accept."
                : "strict_mode / vrrp_strict is not enforced (no firewall rules are installed).");
        }

        var settings = new VrrpInstanceSettings
        {
            Name = name,
            InterfaceName = instance.Interface,
            VirtualRouterId = (byte)Math.Clamp(instance.VirtualRouterId, 0, 255),
            Priority = (byte)Math.Clamp(instance.Priority, 0, 255),
            AdvertInterval = instance.AdvertisementInterval,
            Version = version,
            AuthType = instance.Authentication?.Type ?? VrrpAuthType.None,
            AuthPassword = instance.Authentication?.Password,
            Preempt = instance.Preempt,
            PreemptDelay = instance.PreemptDelay,
            PrimaryAddress = primary,
            UnicastPeers = peers,
            MulticastGroup = multicastGroup,
            FaultOnLinkDown = !instance.DontTrackPrimary,
            VirtualAddresses = vips,
            TrackedItems = tracked,
            AcceptMode = instance.Accept ?? !strict,
            CheckAdvertisementAddresses = !(instance.SkipCheckAdvertisementAddresses ?? global.SkipCheckAdvertisementAddresses),
            CheckUnicastSource = instance.CheckUnicastSource ?? global.CheckUnicastSource,
            DropAddressListMismatch = instance.DropAddressListMismatch ?? global.DropAddressListMismatch,
            LowerPriorityNoAdvert = instance.LowerPriorityNoAdvert ?? (strict || global.LowerPriorityNoAdvert),
            StartAsMaster = instance.State == VrrpInitialState.Master,
            HigherPrioritySendAdvert = strict ? false : instance.HigherPrioritySendAdvert ?? global.HigherPrioritySendAdvert,
            SyncGroup = groupName,
        };

        // Core repeats the instance name in its messages; only report what the checks above did not already say.
        if (vips.Count > 0 || CountErrors(problems) == errorCount)
        {
            foreach (string error in settings.Validate())
            {
                problems.Add(Problem(ConfigDiagnosticSeverity.Error, path, error));
            }
        }

        if (CountErrors(problems) > errorCount)
        {
            return null;
        }

        return new VrrpInstancePlan
        {
            Settings = settings,
            Announcement = new VrrpAnnouncementSettings
            {
                Delay = instance.GarpMasterDelay ?? global.GarpMasterDelay,
                Repeat = instance.GarpMasterRepeat ?? global.GarpMasterRepeat,
                RefreshInterval = instance.GarpMasterRefresh ?? global.GarpMasterRefresh,
                RefreshRepeat = instance.GarpMasterRefreshRepeat ?? global.GarpMasterRefreshRepeat,

                // keepalived: the instance's value, else the global one, else the global garp_master ones; 0 in strict mode.
                LowerPriorityRepeat = strict ? 0 : instance.GarpLowerPriorityRepeat ?? global.GarpLowerPriorityRepeat ?? global.GarpMasterRepeat,
                LowerPriorityDelay = strict ? TimeSpan.Zero : instance.GarpLowerPriorityDelay ?? global.GarpLowerPriorityDelay ?? global.GarpMasterDelay,
                Interval = ipv6 ? global.GnaInterval : global.GarpInterval,
                UseVirtualMac = instance.UseVirtualMac,
                VirtualMacInterfaceName = instance.VirtualMacInterface,
                VirtualMacTransmitBase = instance.VirtualMacTransmitBase,
            },
            Notify = new NotifyCommands(instance.NotifyMaster, instance.NotifyBackup, instance.NotifyFault, instance.NotifyStop, instance.Notify),
            TrackedScripts = trackedScripts,
            TrackedInterfaces = trackedInterfaces,
            SyncGroup = groupName,
        };
    }

    /// <summary>Maps one line of <c>virtual_ipaddress</c> or <c>virtual_ipaddress_excluded</c>, with its <c>scope</c> and <c>brd</c>.</summary>
    private static VrrpVirtualAddress? MapVirtualAddress(VirtualIpAddressOptions vip, string section, Action<string> error, Action<string> warn)
    {
        VrrpVirtualAddress mapped;
        try
        {
            mapped = VrrpVirtualAddress.Parse(vip.Address) with { Device = vip.Device, Label = vip.Label };
        }
        catch (FormatException ex)
        {
            error($"{section} {ex.Message}");
            return null;
        }

        if (vip.Scope is { } scopeText)
        {
            if (ParseScope(scopeText) is { } scope)
            {
                mapped = mapped with { Scope = scope };
            }
            else
            {
                error($"{section} {vip.Address}: scope '{scopeText}' is not global, site, link, host, nowhere or 0 to 255.");
            }
        }

        if (vip.Broadcast is { } brd && brd != "-")
        {
            bool v4 = mapped.Address.AddressFamily == AddressFamily.InterNetwork;
            if (!v4)
            {
                warn($"{section} {vip.Address}: brd applies to IPv4 only; ignored.");
            }
            else if (brd == "+")
            {
                // iproute2's "brd +": the host part all ones.
                uint mask = mapped.PrefixLength == 0 ? 0 : uint.MaxValue << (32 - mapped.PrefixLength);
                uint address = BinaryPrimitives.ReadUInt32BigEndian(mapped.Address.GetAddressBytes());
                byte[] bytes = new byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(bytes, address | ~mask);
                mapped = mapped with { Broadcast = new IPAddress(bytes) };
            }
            else if (IPAddressParser.TryParse(brd, out IPAddress broadcast) && broadcast.AddressFamily == AddressFamily.InterNetwork)
            {
                mapped = mapped with { Broadcast = broadcast };
            }
            else
            {
                error($"{section} {vip.Address}: brd '{brd}' is not an IPv4 address, '+' or '-'.");
            }
        }

        return mapped;
    }

    private static byte? ParseScope(string text) => text.ToUpperInvariant() switch
    {
        "GLOBAL" => 0,
        "SITE" => 200,
        "LINK" => 253,
        "HOST" => 254,
        "NOWHERE" => 255,
        _ => byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out byte number) ? number : null,
    };

    private static ConfigDiagnostic Problem(ConfigDiagnosticSeverity severity, string path, string message) =>
        new(severity, null, ConfigDiagnosticCodes.CannotRun, message) { OptionPath = path };

    private static int CountErrors(List<ConfigDiagnostic> problems) => problems.FindAll(p => p.Severity == ConfigDiagnosticSeverity.Error).Count;

    private static string Item(string list, int index) => list + ":" + index.ToString(CultureInfo.InvariantCulture);

    private static List<T> Concat<T>(List<T> own, List<T>? group) => group is null ? own : [.. own, .. group];
}
