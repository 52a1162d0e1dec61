using System.Net;
using System.Net.Sockets;
using System.Text;
using Vrrp.Packets;
using Vrrp.Tracking;

namespace Vrrp;

/// <summary>
/// The settings of one VRRP instance (one VRID on one interface for one address family): keepalived's
/// <c>vrrp_instance</c> block without its Linux specifics. Plain data; <see cref="Validate"/> lists every problem.
/// </summary>
public sealed record VrrpInstanceSettings
{
    /// <summary>Gets the instance name, e.g. <c>VI_1</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the Virtual Router Identifier, 1 to 255.</summary>
    public required byte VirtualRouterId { get; init; }

    /// <summary>Gets the protocol version (VRRPv2 is IPv4 only).</summary>
    /// <value>The default value is <see cref="VrrpVersion.V3"/>. (keepalived's default is 2; its config mapping sets it.)</value>
    public VrrpVersion Version { get; init; } = VrrpVersion.V3;

    /// <summary>Gets the priority: 255 for the owner of the virtual addresses, 1 to 254 otherwise.</summary>
    /// <value>The default value is 100.</value>
    public byte Priority { get; init; } = 100;

    /// <summary>
    /// Gets Advertisement_Interval: whole seconds from 1 to 255 for VRRPv2, whole centiseconds from 10 ms to 40.95 s
    /// for VRRPv3.
    /// </summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan AdvertInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets the primary address: the source of our advertisements and the tie-break in elections. For IPv6 it is the
    /// interface's link-local address. Its family is the instance's family.
    /// </summary>
    public required IPAddress PrimaryAddress { get; init; }

    /// <summary>
    /// Gets the virtual addresses, in advertisement order: at least one advertised address, all advertised addresses of
    /// the instance's family. Addresses with <see cref="VrrpVirtualAddress.IsExcluded"/> are bound but not advertised.
    /// </summary>
    public IReadOnlyList<VrrpVirtualAddress> VirtualAddresses { get; init; } = [];

    /// <summary>Gets the virtual addresses that advertisements carry: <see cref="VirtualAddresses"/> without the excluded ones.</summary>
    public IReadOnlyList<VrrpVirtualAddress> AdvertisedAddresses => [.. (VirtualAddresses ?? []).Where(a => a is null || !a.IsExcluded)];

    /// <summary>Gets Preempt_Mode: whether a higher-priority backup takes over from a lower-priority master (keepalived's <c>nopreempt</c> clears it).</summary>
    /// <value>The default value is <see langword="true"/> (RFC 5798 §6.1).</value>
    public bool Preempt { get; init; } = true;

    /// <summary>
    /// Gets keepalived's <c>preempt_delay</c>: how long after first hearing a lower-priority master a backup still defers
    /// to it (counted from that advertisement, not from startup). 0 to 1000 seconds.
    /// </summary>
    /// <value>The default value is zero.</value>
    public TimeSpan PreemptDelay { get; init; }

    /// <summary>
    /// Gets Accept_Mode: whether a master that does not own the addresses accepts packets addressed to them. Enforcement
    /// belongs to the <see cref="IVipBinder"/>; the state machine only carries it.
    /// </summary>
    /// <value>The default value is <see langword="true"/> (keepalived's default outside strict mode; RFC 5798 defaults to false).</value>
    public bool AcceptMode { get; init; } = true;

    /// <summary>Gets the VRRPv2 authentication type (must be <see cref="VrrpAuthType.None"/> for VRRPv3).</summary>
    /// <value>The default value is <see cref="VrrpAuthType.None"/>.</value>
    public VrrpAuthType AuthType { get; init; }

    /// <summary>Gets the VRRPv2 simple-text password (up to 8 ASCII characters), required with <see cref="VrrpAuthType.SimpleText"/>.</summary>
    public string? AuthPassword { get; init; }

    /// <summary>
    /// Gets the checksum form sent by VRRPv3 over IPv4: <see cref="VrrpChecksumForm.PseudoHeader"/> (RFC 5798,
    /// keepalived 2.2.7, FRR) or <see cref="VrrpChecksumForm.Message"/> (RFC 9568, keepalived's <c>v3_checksum_as_v2</c>).
    /// Both forms are accepted on receive.
    /// </summary>
    /// <value>The default value is <see cref="VrrpChecksumForm.PseudoHeader"/>.</value>
    public VrrpChecksumForm Ipv4ChecksumForm { get; init; } = VrrpChecksumForm.PseudoHeader;

    /// <summary>Gets the unicast peers (keepalived's <c>unicast_peer</c>); empty for multicast. Never falls back to multicast.</summary>
    public IReadOnlyList<IPAddress> UnicastPeers { get; init; } = [];

    /// <summary>
    /// Gets the multicast group advertisements go to without <see cref="UnicastPeers"/> (keepalived's
    /// <c>vrrp_mcast_group4</c> / <c>vrrp_mcast_group6</c> / <c>mcast_dst_ip</c>); the transport joins it.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: 224.0.0.18 or ff02::12 (RFC 5798 §5.1.1.2, §5.1.2.2).</value>
    public IPAddress? MulticastGroup { get; init; }

    /// <summary>
    /// Gets whether the instance's own interface going down puts it in Fault (<see cref="Instances.VrrpInstance.SetLinkState"/>);
    /// keepalived's <c>dont_track_primary</c> clears it. Tracked interfaces are not affected.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool FaultOnLinkDown { get; init; } = true;

    /// <summary>
    /// Gets whether received advertisements are compared with our virtual addresses (RFC 3768 §7.1; keepalived's
    /// <c>skip_check_adv_addr</c> clears it). A mismatch is counted in <see cref="Instances.VrrpCounters.AddressListMismatches"/>
    /// and the advertisement used, as keepalived 2.3.3 does, unless <see cref="DropAddressListMismatch"/> is set.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool CheckAdvertisementAddresses { get; init; } = true;

    /// <summary>
    /// Gets whether an advertisement whose address list differs from ours is dropped (the behaviour before keepalived
    /// 2.3.3; Vrrp's <c>drop_adv_addr_mismatch</c>). Advertisements from the owner (priority 255) are used anyway.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: used and counted (keepalived 2.3.3, RFC 5798 §7.1 allows either).</value>
    public bool DropAddressListMismatch { get; init; }

    /// <summary>
    /// Gets keepalived's <c>check_unicast_src</c>: with <see cref="UnicastPeers"/>, drop advertisements whose source is
    /// not a configured peer. Off, they are used (a peer may send from another of its addresses) and only counted in
    /// <see cref="Instances.VrrpCounters.UnicastSourceMismatches"/>, as keepalived does.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool CheckUnicastSource { get; init; }

    /// <summary>
    /// Gets keepalived's <c>lower_prio_no_advert</c>: when set, a master ignores lower-priority advertisements instead
    /// of answering at once and re-announcing its addresses (RFC 9568 §6.4.3).
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool LowerPriorityNoAdvert { get; init; }

    /// <summary>
    /// Gets keepalived's <c>state MASTER</c> for an instance below priority 255. As in keepalived it only matters in a
    /// sync group: the member waits one advertisement interval (plus the smallest skew) at start instead of
    /// Master_Down_Interval before asking the group to go to master. Without a group, or after a fault clears, the
    /// instance starts as backup and waits Master_Down_Interval, as keepalived does. The owner (255) is master at once anyway.
    /// </summary>
    /// <value>The default value is <see langword="false"/> (<c>state BACKUP</c>).</value>
    public bool StartAsMaster { get; init; }

    /// <summary>
    /// Gets the name of the <c>vrrp_sync_group</c> this instance belongs to, or null. When set, the instance obeys the
    /// group from its first transition: it never becomes master on its own, only when the <see cref="Instances.VrrpSyncGroup"/>
    /// of that name (formed once every member exists, maybe after this one started) moves every member to master.
    /// </summary>
    /// <value>The default value is null (no group, unless one is formed over the instance).</value>
    public string? SyncGroup { get; init; }

    /// <summary>
    /// Gets keepalived's <c>higher_prio_send_advert</c>: whether a master that yields to a better advertisement first
    /// sends one of its own, so that the winner sees the contention and re-announces its addresses (its
    /// <c>garp_lower_prio_*</c> schedule). Null means on unless <see cref="LowerPriorityNoAdvert"/> is set: keepalived
    /// defaults it to off, but without it a split brain that heals with the loser hearing first leaves caches stale.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public bool? HigherPrioritySendAdvert { get; init; }

    /// <summary>Gets the tracked health checks and interfaces that move the priority or cause a fault.</summary>
    public IReadOnlyList<VrrpTrackedItem> TrackedItems { get; init; } = [];

    /// <summary>Gets the interface name, passed through to the transport and binder (Core does not interpret it).</summary>
    public string? InterfaceName { get; init; }

    /// <summary>Gets the address family, which is the family of <see cref="PrimaryAddress"/>.</summary>
    public AddressFamily Family => PrimaryAddress?.AddressFamily ?? AddressFamily.Unspecified;

    /// <summary>
    /// Returns the priority this instance advertises when each of its <see cref="TrackedItems"/> is up or down as
    /// <paramref name="isUp"/> says, by the rules the running instance applies (weights, reverse, clamping to 1..254,
    /// 255 unchanged), or <see langword="null"/> when that state puts the instance in fault (a weight-0 item down).
    /// For what-if checks, such as whether a failing check can ever move the virtual addresses to a backup.
    /// </summary>
    /// <param name="isUp">Whether an item is up (a value item: whether its value is 0).</param>
    /// <returns>The effective priority, or <see langword="null"/> in fault.</returns>
    public byte? PriorityWhen(Func<VrrpTrackedItem, bool> isUp)
    {
        ArgumentNullException.ThrowIfNull(isUp);
        var policy = new TrackingPolicy(Priority, TrackedItems);
        for (int i = 0; i < TrackedItems.Count; i++)
        {
            policy.SetUp(i, isUp(TrackedItems[i]));
        }

        return policy.IsFaulted ? null : policy.EffectivePriority;
    }

    /// <summary>Lists what is wrong with these settings.</summary>
    /// <returns>One message per problem, each naming the instance; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        string name = string.IsNullOrWhiteSpace(Name) ? "(unnamed)" : Name;
        void Error(string message) => errors.Add($"vrrp instance {name}: {message}");

        if (string.IsNullOrWhiteSpace(Name))
        {
            Error("a name is required.");
        }

        if (!VrrpLimits.IsValidVirtualRouterId(VirtualRouterId))
        {
            Error($"virtual router id must be {VrrpLimits.VirtualRouterIdRange}; got {VirtualRouterId}.");
        }

        if (!VrrpLimits.IsValidPriority(Priority))
        {
            Error($"priority must be {VrrpLimits.PriorityRange}; {VrrpLimits.StoppingPriority} is reserved for a stopping master.");
        }

        if (Version is not (VrrpVersion.V2 or VrrpVersion.V3))
        {
            Error($"version must be 2 or 3; got {(int)Version}.");
        }

        if (PrimaryAddress is null)
        {
            Error("a primary address is required.");
        }
        else if (PrimaryAddress.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            Error($"primary address {PrimaryAddress} is neither IPv4 nor IPv6.");
        }
        else if (Version == VrrpVersion.V2 && PrimaryAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            Error("VRRPv2 is IPv4 only (RFC 3768); use version 3 for IPv6.");
        }

        ValidateInterval(Error);
        ValidateAddresses(Error);

        if (!VrrpLimits.IsValidPreemptDelay(PreemptDelay))
        {
            Error($"preempt delay must be 0 to {VrrpLimits.FormatSeconds(VrrpLimits.MaxPreemptDelay)}; got {VrrpLimits.FormatSeconds(PreemptDelay)}.");
        }

        ValidateAuthentication(Error);

        var trackedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (VrrpTrackedItem? item in TrackedItems ?? [])
        {
            if (item is null)
            {
                Error("a tracked item is null.");
                continue;
            }

            foreach (string problem in item.Validate())
            {
                Error(problem);
            }

            if (!trackedNames.Add(item.Name ?? string.Empty))
            {
                Error($"tracked item '{item.Name}' is listed twice.");
            }
        }

        return errors;
    }

    /// <summary>Throws when <see cref="Validate"/> finds problems.</summary>
    /// <exception cref="ArgumentException">The settings are invalid; the message lists every problem.</exception>
    public void ThrowIfInvalid()
    {
        IReadOnlyList<string> errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors));
        }
    }

    private void ValidateInterval(Action<string> error)
    {
        if (Version is VrrpVersion.V2 or VrrpVersion.V3 && !VrrpLimits.IsValidAdvertisementInterval(Version, AdvertInterval))
        {
            error($"a VRRPv{(int)Version} advert interval is {VrrpLimits.DescribeAdvertisementInterval(Version)}; got {VrrpLimits.FormatSeconds(AdvertInterval)}.");
        }
    }

    private void ValidateAddresses(Action<string> error)
    {
        AddressFamily family = Family;
        int advertised = AdvertisedAddresses.Count;
        if (advertised == 0)
        {
            error("at least one virtual address is required (an advertisement cannot carry zero addresses, RFC 5798 erratum 8299).");
            return;
        }

        if (advertised > VrrpLimits.MaxAdvertisedAddresses)
        {
            error($"at most {VrrpLimits.MaxAdvertisedAddresses} virtual addresses fit in an advertisement; got {advertised}.");
        }

        var seen = new HashSet<IPAddress>();
        foreach (VrrpVirtualAddress? vip in VirtualAddresses)
        {
            if (vip?.Address is null)
            {
                error("a virtual address is null.");
                continue;
            }

            if (family != AddressFamily.Unspecified && vip.Address.AddressFamily != family && !vip.IsExcluded)
            {
                error($"virtual address {vip.Address} is not of the primary address's family ({family}).");
            }

            int max = IPAddressParser.MaxPrefixLength(vip.Address.AddressFamily);
            if (vip.PrefixLength < 0 || vip.PrefixLength > max)
            {
                error($"virtual address {vip.Address} has prefix length {vip.PrefixLength}; allowed 0 to {max}.");
            }

            if (!seen.Add(vip.Address))
            {
                error($"virtual address {vip.Address} is listed twice.");
            }

            if (vip.Broadcast is not null && (vip.Address.AddressFamily != AddressFamily.InterNetwork || vip.Broadcast.AddressFamily != AddressFamily.InterNetwork))
            {
                error($"virtual address {vip.Address}: a broadcast address ({vip.Broadcast}) applies to IPv4 only.");
            }
        }

        if (MulticastGroup is { } group
            && (group.AddressFamily != family || (family == AddressFamily.InterNetworkV6 ? !group.IsIPv6Multicast : (group.GetAddressBytes()[0] & 0xF0) != 0xE0)))
        {
            error($"multicast group {group} is not a multicast address of the primary address's family ({family}).");
        }

        foreach (IPAddress? peer in UnicastPeers ?? [])
        {
            if (peer is null || (family != AddressFamily.Unspecified && peer.AddressFamily != family))
            {
                error($"unicast peer {peer} is not of the primary address's family ({family}).");
            }
        }
    }

    private void ValidateAuthentication(Action<string> error)
    {
        if (AuthType == VrrpAuthType.None)
        {
            return;
        }

        if (Version != VrrpVersion.V2)
        {
            error("authentication exists only in VRRPv2 (RFC 5798 removed it).");
            return;
        }

        if (AuthType == VrrpAuthType.SimpleText)
        {
            if (string.IsNullOrEmpty(AuthPassword))
            {
                error("auth_type PASS needs a password.");
            }
            else if (!Ascii.IsValid(AuthPassword) || Encoding.ASCII.GetByteCount(AuthPassword) > VrrpLimits.MaxAuthenticationPasswordLength)
            {
                error($"the password must be 1 to {VrrpLimits.MaxAuthenticationPasswordLength} ASCII characters.");
            }
        }
        else if (AuthType == VrrpAuthType.IpAuthenticationHeader)
        {
            error("auth_type AH (IPsec authentication header, deprecated by RFC 3768) is not supported; use PASS or none.");
        }
        else
        {
            error($"unknown authentication type {(int)AuthType}.");
        }
    }
}
