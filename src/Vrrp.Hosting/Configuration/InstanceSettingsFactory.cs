using Vrrp.Config.Options;
using Vrrp.Config.Validation;
using Vrrp.Hosting.Health;
using Vrrp.Hosting.Tracking;
using Vrrp.Packets;
using Vrrp.Platform;
using Vrrp.Tracking;

namespace Vrrp.Hosting.Configuration;

/// <summary>
/// Maps validated options (<see cref="ValidatedVrrpOptions"/>, from keepalived.conf or appsettings) to what the engine
/// runs: Core <see cref="VrrpInstanceSettings"/> per instance, plus tracked scripts and interfaces, notify hooks, the GARP
/// schedule and sync groups. It checks nothing and parses nothing: <see cref="VrrpOptionsValidator"/> owns every rule and
/// has already parsed the addresses. Keepalived's defaults that depend on other settings (global <c>vrrp_version</c>,
/// strict mode, global GARP and <c>skip_check_adv_addr</c> values) are resolved here.
/// </summary>
internal static class InstanceSettingsFactory
{
    /// <summary>Validates <paramref name="options"/>, then maps the instances without errors.</summary>
    public static VrrpHostPlan Create(VrrpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Create(VrrpOptionsValidator.Check(options));
    }

    /// <summary>Maps the instances of <paramref name="validated"/>; its diagnostics and notes become the plan's.</summary>
    public static VrrpHostPlan Create(ValidatedVrrpOptions validated)
    {
        ArgumentNullException.ThrowIfNull(validated);
        var scripts = new Dictionary<string, VrrpScriptOptions>(StringComparer.Ordinal);
        var trackers = new TrackerPlans();
        var instances = new List<VrrpInstancePlan>(validated.Instances.Count);
        foreach (ValidatedInstance instance in validated.Instances)
        {
            instances.Add(trackers.Add(CreateInstance(instance, validated.Options, scripts), validated.Options));
        }

        return new VrrpHostPlan
        {
            Instances = instances,
            SyncGroups = validated.SyncGroups,
            Scripts = scripts,
            TrackFiles = trackers.Files,
            TrackProcesses = trackers.Processes,
            SyncGroupNotify = validated.Options.SyncGroups.ToDictionary(g => g.Key, g => NotifyCommands.Of(g.Value), StringComparer.Ordinal),
            ScriptRunAs = ScriptRunAs.From(validated.Options.GlobalDefinitions),
            Scheduling = Scheduling(validated.Options.GlobalDefinitions),
            Diagnostics = [.. validated.Diagnostics, .. validated.Notes],
        };
    }

    private static VrrpSchedulingSettings Scheduling(GlobalDefinitionsOptions global) => new()
    {
        RealtimePriority = global.RealtimePriority,
        RealtimeRuntimeLimit = global.RealtimeRuntimeLimitMicroseconds is { } limit
            ? TimeSpan.FromMicroseconds(limit)
            : VrrpSchedulingSettings.DefaultRealtimeRuntimeLimit,
        LockMemory = global.NoSwap,
    };

    private static VrrpInstancePlan CreateInstance(ValidatedInstance validated, VrrpOptions options, Dictionary<string, VrrpScriptOptions> scripts)
    {
        VrrpInstanceOptions instance = validated.Options;
        GlobalDefinitionsOptions global = options.GlobalDefinitions;
        VrrpSyncGroupOptions? group = validated.SyncGroup is { } groupName ? options.SyncGroups[groupName] : null;

        var tracked = new List<VrrpTrackedItem>();
        var trackedScripts = new List<string>();
        foreach (TrackScriptOptions track in Concat(instance.TrackScripts, group?.TrackScripts))
        {
            if (trackedScripts.Contains(track.Script))
            {
                continue;
            }

            VrrpScriptOptions script = options.Scripts[track.Script];
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

        bool strict = instance.StrictMode ?? global.Strict;
        var settings = new VrrpInstanceSettings
        {
            Name = validated.Name,
            InterfaceName = instance.Interface,
            VirtualRouterId = (byte)instance.VirtualRouterId,
            Priority = (byte)instance.Priority,
            AdvertInterval = instance.AdvertisementInterval,
            Version = validated.Version,
            AuthType = instance.Authentication?.Type ?? VrrpAuthType.None,
            AuthPassword = instance.Authentication?.Password,
            Preempt = instance.Preempt,
            PreemptDelay = instance.PreemptDelay,
            PrimaryAddress = validated.PrimaryAddress,
            UnicastPeers = validated.UnicastPeers,
            MulticastGroup = validated.MulticastGroup,
            FaultOnLinkDown = !instance.DontTrackPrimary,
            VirtualAddresses = validated.VirtualAddresses,
            TrackedItems = tracked,
            AcceptMode = instance.Accept ?? !strict,
            CheckAdvertisementAddresses = !(instance.SkipCheckAdvertisementAddresses ?? global.SkipCheckAdvertisementAddresses),
            CheckUnicastSource = instance.CheckUnicastSource ?? global.CheckUnicastSource,
            DropAddressListMismatch = instance.DropAddressListMismatch ?? global.DropAddressListMismatch,
            LowerPriorityNoAdvert = instance.LowerPriorityNoAdvert ?? (strict || global.LowerPriorityNoAdvert),
            StartAsMaster = instance.State == VrrpInitialState.Master,
            HigherPrioritySendAdvert = strict ? false : instance.HigherPrioritySendAdvert ?? global.HigherPrioritySendAdvert,
            SyncGroup = validated.SyncGroup,
        };

        // The validator owns the rules; this only guards against the two drifting apart.
        settings.ThrowIfInvalid();
        bool ipv6 = validated.Family == System.Net.Sockets.AddressFamily.InterNetworkV6;
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
            Notify = NotifyCommands.Of(instance),
            TrackedScripts = trackedScripts,
            TrackedInterfaces = trackedInterfaces,
            SyncGroup = validated.SyncGroup,
            VipCommands = instance.VipCommands is { Take: not null } commands ? commands : null,
            VipCommandsRunAs = ScriptRunAs.From(global),
        };
    }

    private static List<T> Concat<T>(List<T> own, List<T>? group) => group is null ? own : [.. own, .. group];
}
