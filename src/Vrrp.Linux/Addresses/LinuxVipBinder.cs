using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Vrrp.Linux.Announcements;
using Vrrp.Linux.Links;

namespace Vrrp.Linux.Addresses;

/// <summary>
/// The Linux <see cref="IVipBinder"/>: binds and removes an instance's virtual addresses through rtnetlink
/// (RTM_NEWADDR / RTM_DELADDR with prefix length, device, label, scope, IPv4 broadcast and, for IPv6, no duplicate
/// address detection; no <c>ip</c> command) and announces them with gratuitous ARP / unsolicited NA
/// (<see cref="LinuxAddressAnnouncer"/>, one per device, following keepalived's garp_master_* schedule). It removes
/// only the addresses it added: one the interface already had (EEXIST on add) is not its own. Disposing it removes
/// every address it added. With a lease (<see cref="LinuxVipLease"/>) the addresses it adds have a kernel lifetime
/// that <see cref="RenewLease"/> renews from the master's advert path.
/// </summary>
public sealed partial class LinuxVipBinder : IVipBinder, IVipLeaseBinder, IDisposable
{
    /// <summary>IFNAMSIZ - 1: the longest interface name or IPv4 address label.</summary>
    public const int MaxNameLength = InterfaceNames.MaxLength;

    private readonly NetlinkAddresses _netlink;
    private readonly LinuxAnnouncementOptions _announcement;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger? _logger;
    private readonly Dictionary<string, LinuxAddressAnnouncer> _announcers = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly List<(string Device, VrrpVirtualAddress Address)> _unloggedAdded = [];
    private readonly Dictionary<string, VipLeaseRenewal> _renewals = new(StringComparer.Ordinal);

    // The renewal RenewLease found last, for the settings it was asked with: the master asks on every advert, and the
    // name's lookup (hashing the string) was ~5 % of a 1,000-instance master's CPU. Cleared whenever _renewals changes.
    private VrrpInstanceSettings? _lastRenewalFor;
    private VipLeaseRenewal? _lastRenewal;

    // Guards _renewals and the cache above. That a renewal (NLM_F_CREATE) never re-creates an address a concurrent
    // removal (a SIGTERM stop) has just deleted is VipLeaseRenewals' lock's work: forgetting a renewal waits for it.
    private readonly Lock _leaseLock = new();
    private bool _leasesDisposed;
    private readonly uint _leaseSeconds;
    private readonly bool _rehearsal;

    private LinuxVipBinder(NetlinkAddresses netlink, LinuxAnnouncementOptions announcement, TimeProvider timeProvider, ILogger? logger, TimeSpan? lease, bool rehearsal = false)
    {
        _rehearsal = rehearsal;
        if (lease is { } duration)
        {
            _leaseSeconds = LinuxVipLease.ToSeconds(duration);
        }

        _netlink = netlink;
        _announcement = announcement;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Gets the lease of the addresses this binder adds, or <see langword="null"/> when they are bound forever.</summary>
    public TimeSpan? Lease => _leaseSeconds == 0 ? null : TimeSpan.FromSeconds(_leaseSeconds);

    /// <summary>
    /// Opens the sockets. Must run in the network namespace of the interfaces. The announcer of
    /// <paramref name="interfaceName"/> is opened now, so a missing CAP_NET_RAW shows at start, not at the first failover.
    /// </summary>
    /// <param name="interfaceName">The instance's interface.</param>
    /// <param name="announcement">The announcement schedule, or <see langword="null"/> for keepalived's defaults.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for the system clock.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <param name="lease">
    /// The lease of the addresses it adds (rounded up to whole seconds, at least 1 s; see
    /// <see cref="LinuxVipLease.DefaultDuration"/>), or <see langword="null"/> to bind them forever.
    /// </param>
    /// <returns>The binder.</returns>
    public static LinuxVipBinder Open(string interfaceName, LinuxAnnouncementOptions? announcement = null, TimeProvider? timeProvider = null, ILogger? logger = null, TimeSpan? lease = null)
    {
        if (lease is { } duration)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.FromSeconds(1), nameof(lease));
        }

        NetlinkAddresses netlink = NetlinkAddresses.Open(logger);
        var result = new LinuxVipBinder(netlink, announcement ?? new LinuxAnnouncementOptions(), timeProvider ?? TimeProvider.System, logger, lease);
        try
        {
            // The first takeover then sends its RTM_NEWADDR without an RTM_GETLINK first (the index is cached) and
            // runs no first-time code that the warm-up by type below cannot reach (docs/failover.md).
            result.GetAnnouncer(interfaceName).WarmUp();
            netlink.WarmUp(interfaceName);

            // A backup first runs the takeover path at its first failover; compile it now, while nothing waits.
            MasterPathWarmup.Run();
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens the binder of a takeover rehearsal (<see cref="TakeoverRehearsal"/>): the same type and code as
    /// <see cref="Open"/>'s, with real addresses, that changes nothing: its adds and removals reach the kernel with
    /// interface index 0, which it refuses, and count as done (<see cref="NetlinkAddresses.OpenForRehearsal"/>), its
    /// lease renewals are not sent, its announcements build their frames and send none, and it logs nothing.
    /// </summary>
    /// <remarks>Like <see cref="Open"/>, it must run in the interfaces' network namespace, and opens
    /// <paramref name="interfaceName"/>'s announcer now.</remarks>
    internal static LinuxVipBinder OpenForRehearsal(string interfaceName, LinuxAnnouncementOptions? announcement, TimeProvider timeProvider, TimeSpan? lease)
    {
        var result = new LinuxVipBinder(NetlinkAddresses.OpenForRehearsal(), announcement ?? new LinuxAnnouncementOptions(), timeProvider, logger: null, lease, rehearsal: true);
        try
        {
            result.GetAnnouncer(interfaceName);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>Lists what is wrong with a virtual address for this binder (label rules, prefix length).</summary>
    /// <param name="address">The virtual address.</param>
    /// <param name="interfaceName">The instance's interface, used when <see cref="VrrpVirtualAddress.Device"/> is null.</param>
    /// <returns>One message per problem; empty when valid.</returns>
    public static IReadOnlyList<string> Validate(VrrpVirtualAddress address, string interfaceName)
    {
        ArgumentNullException.ThrowIfNull(address);
        var errors = new List<string>();
        string device = address.Device ?? interfaceName;
        if (!InterfaceNames.IsValid(device))
        {
            errors.Add($"virtual address {address}: '{device}' is not a valid interface name (1 to {MaxNameLength} characters, no '/' or spaces).");
        }

        bool v6 = address.Address.AddressFamily == AddressFamily.InterNetworkV6;
        if (address.PrefixLength < 0 || address.PrefixLength > (v6 ? 128 : 32))
        {
            errors.Add($"virtual address {address.Address}: prefix length {address.PrefixLength} is out of range.");
        }

        if (address.Label is { } label)
        {
            if (v6)
            {
                errors.Add($"virtual address {address}: a label applies to IPv4 addresses only.");
            }
            else if (!label.StartsWith(device + ":", StringComparison.Ordinal) || label.Length == device.Length + 1)
            {
                errors.Add($"virtual address {address}: label '{label}' must be the interface name, a colon and a suffix (for example '{device}:1').");
            }
            else if (label.Length > MaxNameLength)
            {
                errors.Add($"virtual address {address}: label '{label}' is longer than {MaxNameLength} characters.");
            }
        }

        if (address.Broadcast is { } brd && (v6 || brd.AddressFamily != AddressFamily.InterNetwork))
        {
            errors.Add($"virtual address {address}: a broadcast address ({brd}) applies to IPv4 only.");
        }

        return errors;
    }

    /// <summary>
    /// Start-up reconciliation: removes every address of <paramref name="owned"/> that is present on its device with
    /// its prefix length, as a previous run killed before its clean stop leaves them. Call it before the instance
    /// joins, so a stale address never answers ARP beside the real master. Addresses of another prefix length are
    /// left alone (they are not ours).
    /// </summary>
    /// <param name="owned">The virtual addresses the configuration owns.</param>
    /// <param name="interfaceName">The interface to use when <see cref="VrrpVirtualAddress.Device"/> is null.</param>
    /// <returns>The addresses removed.</returns>
    /// <exception cref="MissingCapabilityException">The process lacks CAP_NET_ADMIN.</exception>
    /// <exception cref="NetlinkException">The kernel refused.</exception>
    public IReadOnlyList<VrrpVirtualAddress> RemoveStale(IEnumerable<VrrpVirtualAddress> owned, string interfaceName) =>
        _netlink.RemoveStale(owned, interfaceName);

    /// <inheritdoc/>
    public ValueTask AddAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        string interfaceName = InterfaceOf(instance);
        cancellationToken.ThrowIfCancellationRequested();
        (IReadOnlyList<(string Device, VrrpVirtualAddress Address)> added, Exception? error) =
            _netlink.AddWithoutLogging(instance.VirtualAddresses, interfaceName, LinuxAddressScope.Global, _leaseSeconds);
        if (_leaseSeconds > 0)
        {
            // Addresses still bound from before (EEXIST) are ours too and get renewed; the first renewal also gives
            // them this lease.
            VipLeaseRenewal renewal = _netlink.CreateRenewal(instance.VirtualAddresses, interfaceName, LinuxAddressScope.Global, _leaseSeconds, _timeProvider);
            renewal.RenewedAt = _timeProvider.GetTimestamp();
            SetRenewal(instance.Name, renewal);
        }

        // Nothing synchronous between the kernel's acknowledgement and the first advertisement and announcement:
        // the "Added virtual address" lines are written once the announcement is out (AnnounceAsync).
        lock (_lock)
        {
            _unloggedAdded.AddRange(added);
        }

        if (error is not null)
        {
            LogAdded();
            throw error;
        }

        return default;
    }

    /// <inheritdoc/>
    public ValueTask RemoveAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        string interfaceName = InterfaceOf(instance);
        SetRenewal(instance.Name, null);

        foreach (IGrouping<string, VrrpVirtualAddress> device in instance.VirtualAddresses.GroupBy(a => a.Device ?? interfaceName))
        {
            lock (_lock)
            {
                if (_announcers.TryGetValue(device.Key, out LinuxAddressAnnouncer? announcer))
                {
                    announcer.Stop();
                }
            }
        }

        LogAdded();

        // Removal is not cancelled half-way: a half-released VIP set is worse than a late one. Only addresses this
        // binder added go: one the interface already had (an address owner's own address, EEXIST on add) stays.
        // An error on one address does not keep the others bound: each is tried, and every failure is reported.
        List<Exception>? errors = null;
        foreach (VrrpVirtualAddress address in instance.VirtualAddresses)
        {
            try
            {
                if (_netlink.IsAdded(address, interfaceName))
                {
                    _netlink.Remove(address, interfaceName);
                }
            }
            catch (Exception ex) when (ex is NetlinkException or MissingCapabilityException or System.IO.IOException)
            {
                (errors ??= []).Add(ex);
            }
        }

        return errors switch
        {
            null => default,
            [Exception single] => ValueTask.FromException(single),
            _ => ValueTask.FromException(new AggregateException($"removing the virtual addresses of {instance.Name} failed for {errors.Count} of them", errors)),
        };
    }

    /// <inheritdoc/>
    public ValueTask AnnounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => Announce(instance, lowerPriority: false);

    /// <inheritdoc/>
    public ValueTask ReannounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => Announce(instance, lowerPriority: true);

    private ValueTask Announce(VrrpInstanceSettings instance, bool lowerPriority)
    {
        ArgumentNullException.ThrowIfNull(instance);
        StartAnnouncements(instance, lowerPriority);
        return default;
    }

    private void StartAnnouncements(VrrpInstanceSettings instance, bool lowerPriority)
    {
        string interfaceName = InterfaceOf(instance);
        IReadOnlyList<VrrpVirtualAddress> vips = instance.VirtualAddresses;

        // Per device in first-seen order, with loops, not GroupBy/Select: this runs between the takeover's advert and
        // its first GARP (1.2-2.5 ms apart in the JIT build's takeover trace; LINQ's generic types were used first there).
        for (int i = 0; i < vips.Count; i++)
        {
            string device = vips[i].Device ?? interfaceName;
            int count = 0;
            bool seen = false;
            for (int j = 0; j < vips.Count; j++)
            {
                if ((vips[j].Device ?? interfaceName) == device)
                {
                    seen |= j < i;
                    count++;
                }
            }

            if (seen)
            {
                continue;
            }

            var addresses = new IPAddress[count];
            for (int j = i, k = 0; k < count; j++)
            {
                if ((vips[j].Device ?? interfaceName) == device)
                {
                    addresses[k++] = vips[j].Address;
                }
            }

            LinuxAddressAnnouncer announcer = GetAnnouncer(device);
            if (lowerPriority)
            {
                announcer.StartAfterLowerPriority(addresses);
            }
            else
            {
                announcer.Start(addresses);
            }
        }

        // Start sent the first announcement of the burst before returning.
        LogAdded();
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Renews once <see cref="LinuxVipLease.RenewalPeriod"/> has passed since the last renewal: RTM_NEWADDR
    /// (NLM_F_REPLACE, the same lifetime) for all the instance's addresses, from prebuilt buffers, in one datagram with
    /// the renewals of the namespace's other instances that are half way to theirs and whose master called lately
    /// (<see cref="VipLeaseRenewals"/>). A call that does not renew only notes that this instance's master is alive.
    /// When more than the whole lease has passed (the process was stopped or hung), the kernel has dropped the
    /// addresses: the renewal binds them again and they are announced again, as on becoming master.
    /// </remarks>
    /// <exception cref="NetlinkException">The kernel refused a renewal.</exception>
    public void RenewLease(VrrpInstanceSettings instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (_leaseSeconds == 0)
        {
            return;
        }

        VipLeaseRenewal? renewal;
        lock (_leaseLock)
        {
            if (_leasesDisposed)
            {
                return;
            }

            renewal = ReferenceEquals(_lastRenewalFor, instance) ? _lastRenewal : null;
            if (renewal is null)
            {
                if (!_renewals.TryGetValue(instance.Name, out renewal))
                {
                    return;
                }

                _lastRenewalFor = instance;
                _lastRenewal = renewal;
            }
        }

        // RenewedAt first: a batch between the two may renew it once checked in, and this call must still see a
        // lapsed lease as lapsed (the batches leave lapsed renewals alone anyway).
        long renewedAt = renewal.RenewedAt;
        long now = _timeProvider.GetTimestamp();
        renewal.CheckedInAt = now;
        if (now - renewedAt < renewal.Period || !_netlink.Renew(renewal))
        {
            return;
        }

        TimeSpan elapsed = _timeProvider.GetElapsedTime(renewedAt, now);
        if (elapsed >= TimeSpan.FromSeconds(_leaseSeconds))
        {
            _logger?.VipLeaseLapsed(instance.Name, Math.Round(elapsed.TotalSeconds, 3), _leaseSeconds);
            StartAnnouncements(instance, lowerPriority: false);
        }
    }

    /// <summary>Stops the announcements, forgets every lease renewal, removes every address this binder added, and closes the sockets.</summary>
    public void Dispose()
    {
        lock (_leaseLock)
        {
            // Before the addresses go: once forgotten, no other instance's renewal binds them again, and none of
            // this binder's is handed over again.
            _leasesDisposed = true;
            foreach (VipLeaseRenewal renewal in _renewals.Values)
            {
                _netlink.ReplaceRenewal(renewal, null);
            }

            _renewals.Clear();
            _lastRenewalFor = null;
        }


        lock (_lock)
        {
            foreach (LinuxAddressAnnouncer announcer in _announcers.Values)
            {
                announcer.Dispose();
            }

            _announcers.Clear();
        }

        LogAdded();
        _netlink.Dispose();
    }

    /// <summary>
    /// Makes <paramref name="renewal"/> the lease renewal of <paramref name="instanceName"/> (null: none) and hands it
    /// to the namespace's renewals in place of the old one, which is never sent again once this returns.
    /// </summary>
    private void SetRenewal(string instanceName, VipLeaseRenewal? renewal)
    {
        lock (_leaseLock)
        {
            if (_leasesDisposed)
            {
                return;
            }

            _renewals.TryGetValue(instanceName, out VipLeaseRenewal? old);
            if (renewal is null)
            {
                _renewals.Remove(instanceName);
            }
            else
            {
                _renewals[instanceName] = renewal;
            }

            _lastRenewalFor = null;
            _netlink.ReplaceRenewal(old, renewal);
        }
    }

    private static string InterfaceOf(VrrpInstanceSettings instance) =>
        instance.InterfaceName ?? throw new ArgumentException($"VRRP instance {instance.Name} has no interface name.", nameof(instance));

    private void LogAdded()
    {
        (string Device, VrrpVirtualAddress Address)[] added;
        lock (_lock)
        {
            if (_unloggedAdded.Count == 0)
            {
                return;
            }

            added = [.. _unloggedAdded];
            _unloggedAdded.Clear();
        }

        _netlink.LogAdded(added);
    }

    private LinuxAddressAnnouncer GetAnnouncer(string device)
    {
        lock (_lock)
        {
            if (!_announcers.TryGetValue(device, out LinuxAddressAnnouncer? announcer))
            {
                announcer = _rehearsal
                    ? LinuxAddressAnnouncer.OpenForRehearsal(device, _announcement, _timeProvider)
                    : LinuxAddressAnnouncer.Open(device, _announcement, _timeProvider, _logger);
                _announcers[device] = announcer;
            }

            return announcer;
        }
    }
}
