using System.Net;

namespace Vrrp.Linux.Addresses;

// A running master's address list changed (a reload): only the difference is bound, released and announced.
public sealed partial class LinuxVipBinder
{
    /// <inheritdoc/>
    /// <remarks>
    /// Releases the removed addresses this binder added (one the interface already had stays), binds the added ones
    /// (with the lease, when there is one) and starts the announcement burst for the added ones only; the addresses kept
    /// are neither touched nor announced again, and the periodic refresh (<see cref="Vrrp.Platform.VrrpAnnouncementSettings.RefreshInterval"/>)
    /// goes on for every address of the device. With a lease, the renewal is rebuilt for the new list
    /// (<paramref name="instance"/>'s addresses) and keeps its schedule.
    /// </remarks>
    public ValueTask ChangeAddressesAsync(VrrpInstanceSettings instance, IReadOnlyList<VrrpVirtualAddress> added, IReadOnlyList<VrrpVirtualAddress> removed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(removed);
        string interfaceName = InterfaceOf(instance);
        List<Exception>? errors = null;
        if (_leaseSeconds > 0 && removed.Count > 0)
        {
            // Before anything is removed, the renewal covers the kept addresses only (the added ones are not bound
            // yet, so CreateRenewal leaves them out): no renewal, this instance's or one carried by another's
            // (NLM_F_CREATE), binds a removed address again, and the kept ones stay renewed if what follows throws.
            RenewAgain(instance, interfaceName);
        }

        try
        {
            foreach (VrrpVirtualAddress address in removed)
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

            if (added.Count > 0)
            {
                (IReadOnlyList<(string Device, VrrpVirtualAddress Address)> bound, Exception? error) =
                    _netlink.AddWithoutLogging(added, interfaceName, LinuxAddressScope.Global, _leaseSeconds);
                lock (_lock)
                {
                    _unloggedAdded.AddRange(bound);
                }

                if (error is not null)
                {
                    (errors ??= []).Add(error);
                }
            }
        }
        finally
        {
            if (_leaseSeconds > 0)
            {
                RenewAgain(instance, interfaceName);
            }
        }

        foreach (IGrouping<string, VrrpVirtualAddress> device in added.GroupBy(a => a.Device ?? interfaceName))
        {
            IPAddress[] all = [.. instance.VirtualAddresses.Where(a => (a.Device ?? interfaceName) == device.Key).Select(a => a.Address)];
            GetAnnouncer(device.Key).StartAdded([.. device.Select(a => a.Address)], all);
        }

        LogAdded();
        return errors switch
        {
            null => default,
            [Exception single] => ValueTask.FromException(single),
            _ => ValueTask.FromException(new AggregateException($"changing the virtual addresses of {instance.Name} failed for {errors.Count} of them", errors)),
        };
    }

    /// <summary>Rebuilds the renewal of <paramref name="instance"/> for those of its addresses this binder holds now, on the old schedule.</summary>
    private void RenewAgain(VrrpInstanceSettings instance, string interfaceName)
    {
        VipLeaseRenewal renewal = _netlink.CreateRenewal(instance.VirtualAddresses, interfaceName, LinuxAddressScope.Global, _leaseSeconds, _timeProvider);
        lock (_leaseLock)
        {
            // The kept addresses follow the old schedule; the added ones were just bound with a whole lease.
            renewal.RenewedAt = _renewals.TryGetValue(instance.Name, out VipLeaseRenewal? old) ? old.RenewedAt : _timeProvider.GetTimestamp();
            SetRenewal(instance.Name, renewal);
        }
    }

    /// <summary>Gets the addresses the lease renewal of <paramref name="instanceName"/> covers (for tests), or null without one.</summary>
    internal IReadOnlyList<VrrpVirtualAddress>? LeasedAddresses(string instanceName)
    {
        lock (_leaseLock)
        {
            return _renewals.TryGetValue(instanceName, out VipLeaseRenewal? renewal) ? renewal.Addresses : null;
        }
    }
}
