using System.Net;

namespace Vrrp.Instances;

/// <summary>
/// What differs between the settings an instance runs with and new ones (a reload), and whether the difference can be
/// applied to the running instance (<see cref="VrrpInstance.ApplySettingsAsync"/>) or needs the instance restarted.
/// This type is where the rule lives: every field of <see cref="VrrpInstanceSettings"/> is either live or restart.
/// </summary>
/// <remarks>
/// <para>
/// Live (in <see cref="Changes"/>): <see cref="VrrpInstanceSettings.Priority"/> (except to or from 255: the address
/// owner starts as master, so that is a restart), <see cref="VrrpInstanceSettings.VirtualAddresses"/> (excluded ones
/// too; <see cref="AddedAddresses"/> and <see cref="RemovedAddresses"/>), <see cref="VrrpInstanceSettings.AdvertInterval"/>,
/// <see cref="VrrpInstanceSettings.Preempt"/>, <see cref="VrrpInstanceSettings.PreemptDelay"/>,
/// <see cref="VrrpInstanceSettings.LowerPriorityNoAdvert"/>, <see cref="VrrpInstanceSettings.HigherPrioritySendAdvert"/>,
/// <see cref="VrrpInstanceSettings.StartAsMaster"/> (used at the next start or fault recovery),
/// <see cref="VrrpInstanceSettings.CheckAdvertisementAddresses"/>, <see cref="VrrpInstanceSettings.DropAddressListMismatch"/>,
/// <see cref="VrrpInstanceSettings.CheckUnicastSource"/>, and the weight, reverse, rise, fall and init_fail of
/// <see cref="VrrpInstanceSettings.TrackedItems"/> when the same items are tracked in the same order.
/// </para>
/// <para>
/// Restart (in <see cref="RestartReasons"/>): name, VRID, version, interface, primary (source) address, unicast peers,
/// multicast group, authentication, checksum form, accept mode, <see cref="VrrpInstanceSettings.FaultOnLinkDown"/>,
/// sync group, a priority to or from 255, and tracked items added, removed, renamed or reordered. A primary address of
/// 0.0.0.0 or :: ("pick the interface's", as a runner resolves it) equals any address of the same family.
/// </para>
/// </remarks>
public sealed record VrrpSettingsDiff
{
    /// <summary>Gets a value indicating whether the settings are the same.</summary>
    public bool IsEmpty => Changes.Count == 0 && RestartReasons.Count == 0;

    /// <summary>Gets a value indicating whether some change cannot be applied live: the instance must be restarted.</summary>
    public bool RequiresRestart => RestartReasons.Count > 0;

    /// <summary>Gets the changes that apply live, one line each (<c>priority 100 -> 90</c>).</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];

    /// <summary>Gets the changes that need a restart, one line each (<c>interface eth0 -> eth1</c>).</summary>
    public IReadOnlyList<string> RestartReasons { get; init; } = [];

    /// <summary>Gets the virtual addresses the new settings add.</summary>
    public IReadOnlyList<VrrpVirtualAddress> AddedAddresses { get; init; } = [];

    /// <summary>Gets the virtual addresses the new settings remove.</summary>
    public IReadOnlyList<VrrpVirtualAddress> RemovedAddresses { get; init; } = [];

    /// <summary>Compares running settings with new ones.</summary>
    /// <param name="running">The settings the instance runs with.</param>
    /// <param name="next">The new settings.</param>
    /// <returns>The difference.</returns>
    public static VrrpSettingsDiff Compare(VrrpInstanceSettings running, VrrpInstanceSettings next)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(next);
        var live = new List<string>();
        var restart = new List<string>();

        Field(restart, "name", running.Name, next.Name);
        Field(restart, "virtual_router_id", running.VirtualRouterId, next.VirtualRouterId);
        Field(restart, "version", (int)running.Version, (int)next.Version);
        Field(restart, "interface", running.InterfaceName, next.InterfaceName);
        if (!SamePrimaryAddress(running.PrimaryAddress, next.PrimaryAddress))
        {
            restart.Add($"primary address {running.PrimaryAddress} -> {next.PrimaryAddress}");
        }

        if (running.Priority != next.Priority)
        {
            bool owner = running.Priority == VrrpLimits.OwnerPriority || next.Priority == VrrpLimits.OwnerPriority;
            (owner ? restart : live).Add($"priority {running.Priority} -> {next.Priority}{(owner ? " (address owner)" : string.Empty)}");
        }

        if (running.AdvertInterval != next.AdvertInterval)
        {
            live.Add($"advert_int {VrrpLimits.FormatSeconds(running.AdvertInterval)} -> {VrrpLimits.FormatSeconds(next.AdvertInterval)}");
        }

        Field(live, "preempt", running.Preempt, next.Preempt);
        if (running.PreemptDelay != next.PreemptDelay)
        {
            live.Add($"preempt_delay {VrrpLimits.FormatSeconds(running.PreemptDelay)} -> {VrrpLimits.FormatSeconds(next.PreemptDelay)}");
        }

        Field(live, "lower_prio_no_advert", running.LowerPriorityNoAdvert, next.LowerPriorityNoAdvert);
        Field(live, "higher_prio_send_advert", running.HigherPrioritySendAdvert, next.HigherPrioritySendAdvert);
        Field(live, "start as master", running.StartAsMaster, next.StartAsMaster);
        Field(live, "check advertised addresses", running.CheckAdvertisementAddresses, next.CheckAdvertisementAddresses);
        Field(live, "drop_adv_addr_mismatch", running.DropAddressListMismatch, next.DropAddressListMismatch);
        Field(live, "check_unicast_src", running.CheckUnicastSource, next.CheckUnicastSource);

        Field(restart, "accept", running.AcceptMode, next.AcceptMode);
        Field(restart, "auth_type", running.AuthType, next.AuthType);
        if (!string.Equals(running.AuthPassword, next.AuthPassword, StringComparison.Ordinal))
        {
            // The password itself never goes to a log line.
            restart.Add("auth_pass changed");
        }

        Field(restart, "checksum form", running.Ipv4ChecksumForm, next.Ipv4ChecksumForm);
        Field(restart, "fault on link down", running.FaultOnLinkDown, next.FaultOnLinkDown);
        Field(restart, "sync group", running.SyncGroup, next.SyncGroup);
        Field(restart, "multicast group", running.MulticastGroup, next.MulticastGroup);
        if (!(running.UnicastPeers ?? []).SequenceEqual(next.UnicastPeers ?? []))
        {
            restart.Add($"unicast_peer [{string.Join(' ', running.UnicastPeers ?? [])}] -> [{string.Join(' ', next.UnicastPeers ?? [])}]");
        }

        CompareTrackedItems(running.TrackedItems ?? [], next.TrackedItems ?? [], live, restart);

        IReadOnlyList<VrrpVirtualAddress> before = running.VirtualAddresses ?? [];
        IReadOnlyList<VrrpVirtualAddress> after = next.VirtualAddresses ?? [];
        VrrpVirtualAddress[] removed = [.. before.Where(a => !after.Contains(a))];
        VrrpVirtualAddress[] added = [.. after.Where(a => !before.Contains(a))];
        live.AddRange(removed.Select(a => "- " + Describe(a)));
        live.AddRange(added.Select(a => "+ " + Describe(a)));
        if (added.Length == 0 && removed.Length == 0 && !before.SequenceEqual(after))
        {
            live.Add("virtual address order changed");
        }

        return new VrrpSettingsDiff { Changes = live, RestartReasons = restart, AddedAddresses = added, RemovedAddresses = removed };
    }

    /// <inheritdoc/>
    public override string ToString() =>
        IsEmpty ? "unchanged"
        : string.Join("; ", RequiresRestart ? RestartReasons.Select(r => "restart: " + r).Concat(Changes) : Changes);

    private static void Field<T>(List<string> bucket, string name, T running, T next)
    {
        if (!EqualityComparer<T>.Default.Equals(running, next))
        {
            bucket.Add($"{name} {Format(running)} -> {Format(next)}");
        }
    }

    private static string Format<T>(T value) => value switch
    {
        null => "(none)",
        bool flag => flag ? "on" : "off",
        _ => value.ToString() ?? "(none)",
    };

    private static bool SamePrimaryAddress(IPAddress? running, IPAddress? next)
    {
        if (running is null || next is null)
        {
            return running is null && next is null;
        }

        // "Pick the interface's address" (a runner's setting) matches whatever it picked, in the same family.
        bool unspecified = next.Equals(IPAddress.Any) || next.Equals(IPAddress.IPv6Any) || running.Equals(IPAddress.Any) || running.Equals(IPAddress.IPv6Any);
        return running.Equals(next) || (unspecified && running.AddressFamily == next.AddressFamily);
    }

    private static void CompareTrackedItems(IReadOnlyList<Tracking.VrrpTrackedItem> running, IReadOnlyList<Tracking.VrrpTrackedItem> next, List<string> live, List<string> restart)
    {
        if (!running.Select(i => i?.Name).SequenceEqual(next.Select(i => i?.Name), StringComparer.Ordinal))
        {
            restart.Add($"tracked items [{string.Join(' ', running.Select(i => i?.Name))}] -> [{string.Join(' ', next.Select(i => i?.Name))}]");
            return;
        }

        for (int i = 0; i < running.Count; i++)
        {
            if (running[i] is { } before && next[i] is { } after && before != after)
            {
                live.Add($"track {before.Name}: {DescribeTracked(before)} -> {DescribeTracked(after)}");
            }
        }
    }

    private static string DescribeTracked(Tracking.VrrpTrackedItem item) =>
        $"weight {item.Weight}{(item.Reverse ? " reverse" : string.Empty)} rise {item.Rise} fall {item.Fall}{(item.InitFail ? " init_fail" : string.Empty)}";

    private static string Describe(VrrpVirtualAddress address)
    {
        string text = address.ToString();
        if (address.Device is { } device)
        {
            text += " dev " + device;
        }

        if (address.Label is { } label)
        {
            text += " label " + label;
        }

        if (address.Scope is { } scope)
        {
            text += " scope " + scope;
        }

        if (address.Broadcast is { } broadcast)
        {
            text += " brd " + broadcast;
        }

        return address.IsExcluded ? text + " (excluded)" : text;
    }
}
