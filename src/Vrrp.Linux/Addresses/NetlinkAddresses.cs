using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vrrp.Linux.Links;
using Vrrp.Linux.Netlink;

namespace Vrrp.Linux.Addresses;

/// <summary>
/// The rtnetlink side of <see cref="LinuxVipBinder"/>: adds and removes virtual addresses (RTM_NEWADDR / RTM_DELADDR;
/// no <c>ip</c> command) with prefix length, device, label, scope, IPv4 broadcast and, for IPv6, no duplicate address
/// detection. Idempotent: adding an address that is present, or removing one that is gone, is not an error. Kernel
/// errors carry the extended-ack text. Tracks what it added so that <see cref="RemoveAllAdded"/> (and
/// <see cref="Dispose"/>) release exactly that on a clean stop; <see cref="RemoveStale"/> is the start-up
/// reconciliation after a crash.
/// </summary>
internal sealed class NetlinkAddresses : IDisposable
{
    /// <summary>Requests per datagram: their acknowledgements fit the socket's receive buffer many times over.</summary>
    private const int BatchSize = 32;

    /// <summary>The error of an address whose interface does not exist (never a kernel errno, which is positive).</summary>
    private const int NoSuchInterface = -2;

    private readonly SharedNetlinkSocket _shared;
    private readonly NetlinkSocket _netlink;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Device, IPAddress Address), VrrpVirtualAddress> _added = [];
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);
    private readonly bool _rehearsal;
    private bool _disposed;

    private NetlinkAddresses(SharedNetlinkSocket shared, ILogger logger, bool rehearsal)
    {
        _shared = shared;
        _netlink = shared.Socket;
        _logger = logger;
        _rehearsal = rehearsal;
    }

    /// <summary>Gets the addresses this binder added and has not removed, with the device they are on.</summary>
    public IReadOnlyList<(string Device, VrrpVirtualAddress Address)> AddedAddresses
    {
        get
        {
            lock (_lock)
            {
                return [.. _added.Select(pair => (pair.Key.Device, pair.Value))];
            }
        }
    }

    /// <summary>Tells whether this binder added <paramref name="address"/> and has not removed it (an address that was already there when added is not).</summary>
    /// <param name="address">The address.</param>
    /// <param name="interfaceName">The interface to use when <see cref="VrrpVirtualAddress.Device"/> is null.</param>
    /// <returns><see langword="true"/> when this binder added it.</returns>
    public bool IsAdded(VrrpVirtualAddress address, string interfaceName)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_lock)
        {
            return _added.ContainsKey((address.Device ?? interfaceName, address.Address));
        }
    }

    /// <summary>
    /// Takes a reference on the namespace's shared rtnetlink socket (<see cref="SharedNetlinkSocket"/>). Must run in
    /// the network namespace of the interfaces.
    /// </summary>
    /// <param name="logger">Logs every change, or <see langword="null"/>.</param>
    /// <returns>The binder.</returns>
    public static NetlinkAddresses Open(ILogger? logger = null) => new(SharedNetlinkSocket.Acquire(), logger ?? NullLogger.Instance, rehearsal: false);

    /// <summary>
    /// Opens a rehearsal's binder (<see cref="TakeoverRehearsal"/>): its adds and removals go through the whole request
    /// path, kernel round trip included, with interface index 0 in every request, which the kernel refuses (ENODEV)
    /// without changing anything, and count as done; renewals are not sent; nothing is logged. What it "added" is
    /// tracked as usual, so its removal path runs too.
    /// </summary>
    public static NetlinkAddresses OpenForRehearsal() => new(SharedNetlinkSocket.Acquire(), NullLogger.Instance, rehearsal: true);

    /// <summary>Adds a virtual address.</summary>
    /// <param name="address">The address, prefix length, optional device and label.</param>
    /// <param name="interfaceName">The interface to use when <see cref="VrrpVirtualAddress.Device"/> is null.</param>
    /// <param name="scope">The address scope, used when <see cref="VrrpVirtualAddress.Scope"/> is null.</param>
    /// <returns><see langword="true"/> when added; <see langword="false"/> when it was already there.</returns>
    /// <exception cref="ArgumentException">The address is invalid (see <see cref="LinuxVipBinder.Validate"/>).</exception>
    /// <exception cref="MissingCapabilityException">The process lacks CAP_NET_ADMIN.</exception>
    /// <exception cref="NetlinkException">The kernel refused, for example because the interface does not exist.</exception>
    public bool Add(VrrpVirtualAddress address, string interfaceName, LinuxAddressScope scope = LinuxAddressScope.Global) =>
        AddAll([address], interfaceName, scope).Count == 1;

    /// <summary>
    /// Adds several virtual addresses in one kernel round trip: every RTM_NEWADDR request is sent, then the
    /// acknowledgements are collected. Each address succeeds or fails on its own, as with <see cref="Add"/> one by
    /// one, except that an address after a failing one is still added (and tracked, and released on a clean stop).
    /// </summary>
    /// <param name="addresses">The addresses, added in this order.</param>
    /// <param name="interfaceName">The interface to use when <see cref="VrrpVirtualAddress.Device"/> is null.</param>
    /// <param name="scope">The address scope, used when <see cref="VrrpVirtualAddress.Scope"/> is null.</param>
    /// <returns>The addresses added; those already there are left out.</returns>
    /// <exception cref="ArgumentException">An address is invalid (see <see cref="LinuxVipBinder.Validate"/>); nothing was sent.</exception>
    /// <exception cref="MissingCapabilityException">The process lacks CAP_NET_ADMIN.</exception>
    /// <exception cref="NetlinkException">The kernel refused the first failing address (the others were handled).</exception>
    public IReadOnlyList<VrrpVirtualAddress> AddAll(IReadOnlyList<VrrpVirtualAddress> addresses, string interfaceName, LinuxAddressScope scope = LinuxAddressScope.Global)
    {
        (IReadOnlyList<(string Device, VrrpVirtualAddress Address)> Added, Exception? Error) result = AddWithoutLogging(addresses, interfaceName, scope);
        LogAdded(result.Added);
        if (result.Error is { } error)
        {
            throw error;
        }

        return [.. result.Added.Select(added => added.Address)];
    }

    /// <summary>
    /// <see cref="AddAll"/> without the log lines, which the caller writes with <see cref="LogAdded"/> once the
    /// announcement is out; the first error is returned, not thrown.
    /// </summary>
    /// <returns>The addresses added with their device, and the first failure or <see langword="null"/>.</returns>
    /// <param name="addresses">The addresses, added in this order.</param>
    /// <param name="interfaceName">The interface to use when <see cref="VrrpVirtualAddress.Device"/> is null.</param>
    /// <param name="scope">The address scope, used when <see cref="VrrpVirtualAddress.Scope"/> is null.</param>
    /// <param name="lifetimeSeconds">The kernel lifetime (valid and preferred) of the new addresses, or 0 for forever.</param>
    public (IReadOnlyList<(string Device, VrrpVirtualAddress Address)> Added, Exception? Error) AddWithoutLogging(IReadOnlyList<VrrpVirtualAddress> addresses, string interfaceName, LinuxAddressScope scope, uint lifetimeSeconds = 0)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        foreach (VrrpVirtualAddress address in addresses)
        {
            ThrowIfInvalid(address, interfaceName);
        }

        var added = new List<(string Device, VrrpVirtualAddress Address)>(addresses.Count);
        Exception? firstError = null;
        for (int start = 0; start < addresses.Count; start += BatchSize)
        {
            int count = Math.Min(BatchSize, addresses.Count - start);
            int[] errors = new int[count];
            string?[] texts = new string?[count];
            SendAdds(addresses, start, errors, texts, interfaceName, scope, lifetimeSeconds, onlyStale: false);
            if (AnyStale(errors))
            {
                // A cached index went stale (the interface was re-created; the kernel does not reuse indexes): look
                // those names up again and send their requests once more.
                for (int i = 0; i < count; i++)
                {
                    if (errors[i] == (int)Interop.Errno.ENODEV)
                    {
                        ForgetIndex(addresses[start + i].Device ?? interfaceName);
                    }
                }

                SendAdds(addresses, start, errors, texts, interfaceName, scope, lifetimeSeconds, onlyStale: true);
            }

            for (int i = 0; i < count; i++)
            {
                VrrpVirtualAddress address = addresses[start + i];
                string device = address.Device ?? interfaceName;
                int error = errors[i];
                if (error == NoSuchInterface)
                {
                    firstError ??= new NetlinkException(AddingText(address, device), (int)Interop.Errno.ENODEV, $"interface {device} does not exist");
                    continue;
                }

                if ((Interop.Errno)error == Interop.Errno.EEXIST)
                {
                    continue;
                }

                if (error != 0)
                {
                    firstError ??= NetlinkException.ForChange(AddingText(address, device), error, texts[i]);
                    continue;
                }

                lock (_lock)
                {
                    _added[(device, address.Address)] = address;
                }

                added.Add((device, address));
            }
        }

        return (added, firstError);
    }

    /// <summary>
    /// Runs, without touching the kernel, the first-time code of the takeover path that a JIT warm-up by type cannot
    /// reach (generic instantiations over this class's own types), and caches <paramref name="interfaceName"/>'s index.
    /// </summary>
    public void WarmUp(string interfaceName)
    {
        IndexOf(interfaceName);
        IsAdded(new VrrpVirtualAddress(IPAddress.Any), interfaceName);
        _ = CreateRenewal([], interfaceName, LinuxAddressScope.Global, 1, TimeProvider.System);
    }

    // Only on an error: formatting the address on every add ran cold code between the kernel's answer and the advert.
    private static string AddingText(VrrpVirtualAddress address, string device) => $"adding virtual address {address} to {device}";

    private static bool AnyStale(int[] errors)
    {
        foreach (int error in errors)
        {
            if (error == (int)Interop.Errno.ENODEV)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Sends the RTM_NEWADDR requests of <paramref name="errors"/>.Length addresses from <paramref name="start"/> as
    /// one batch (with <paramref name="onlyStale"/>, only those whose error is ENODEV) and fills in their errors:
    /// 0, a positive errno, or <see cref="NoSuchInterface"/>.
    /// </summary>
    private void SendAdds(IReadOnlyList<VrrpVirtualAddress> addresses, int start, int[] errors, string?[] texts, string interfaceName, LinuxAddressScope scope, uint lifetimeSeconds, bool onlyStale)
    {
        int count = errors.Length;
        byte[] batch = new byte[count * AddressRequest.Length];
        int[] slots = new int[count];
        int length = 0;
        int sent = 0;
        for (int i = 0; i < count; i++)
        {
            slots[i] = -1;
            if (onlyStale && errors[i] != (int)Interop.Errno.ENODEV)
            {
                continue;
            }

            VrrpVirtualAddress address = addresses[start + i];
            int index = IndexOf(address.Device ?? interfaceName);
            if (index == 0 && !_rehearsal)
            {
                errors[i] = NoSuchInterface;
                continue;
            }

            NetlinkMessageWriter request = AddressRequest.Write(batch.AsSpan(length, AddressRequest.Length), Interop.RTM_NEWADDR, Interop.NLM_F_CREATE | Interop.NLM_F_EXCL, address, _rehearsal ? 0 : index, AddressRequest.ScopeOf(address, scope), lifetimeSeconds);
            length += request.Finish(0).Length;
            slots[i] = sent++;
        }

        if (sent == 0)
        {
            return;
        }

        int[] sentErrors = new int[sent];
        string?[] sentTexts = new string?[sent];
        _netlink.TransactBatch(batch.AsSpan(0, length), sentErrors, sentTexts);
        if (_rehearsal)
        {
            // ENODEV for index 0, the rehearsal's answer: taken as done.
            sentErrors.AsSpan().Clear();
        }

        for (int i = 0; i < count; i++)
        {
            if (slots[i] >= 0)
            {
                errors[i] = sentErrors[slots[i]];
                texts[i] = sentTexts[slots[i]];
            }
        }
    }

    /// <summary>
    /// Builds the lease renewal of those of <paramref name="addresses"/> that this binder added, for <see cref="Renew"/>.
    /// </summary>
    public VipLeaseRenewal CreateRenewal(IReadOnlyList<VrrpVirtualAddress> addresses, string interfaceName, LinuxAddressScope scope, uint lifetimeSeconds, TimeProvider clock)
    {
        // The indexes the add just used, from the cache: this runs on the takeover path, right after the add.
        var owned = new VrrpVirtualAddress[addresses.Count];
        int[] indexes = new int[addresses.Count];
        int count = 0;
        foreach (VrrpVirtualAddress address in addresses)
        {
            if (IsAdded(address, interfaceName) && IndexOf(address.Device ?? interfaceName) is int index and not 0)
            {
                owned[count] = address;
                indexes[count++] = index;
            }
        }

        if (count < owned.Length)
        {
            Array.Resize(ref owned, count);
            Array.Resize(ref indexes, count);
        }

        return new VipLeaseRenewal(owned, indexes, scope, lifetimeSeconds, clock);
    }

    /// <summary>
    /// Hands the namespace's renewals (<see cref="VipLeaseRenewals"/>) <paramref name="next"/> in place of
    /// <paramref name="old"/>; either may be null. Once it returns, <paramref name="old"/> is never sent again. A
    /// rehearsal's renewals are never handed over.
    /// </summary>
    public void ReplaceRenewal(VipLeaseRenewal? old, VipLeaseRenewal? next)
    {
        if (!_rehearsal)
        {
            _shared.Renewals.Replace(old, next);
        }
    }

    /// <summary>
    /// Sends a due renewal built by <see cref="CreateRenewal"/> and handed over by <see cref="ReplaceRenewal"/>, with
    /// the other renewals of the namespace worth sending with it (<see cref="VipLeaseRenewals.Renew"/>); allocates
    /// only to report an error. A rehearsal's renewal is only marked renewed.
    /// </summary>
    /// <returns><see langword="false"/> when the renewal was replaced meanwhile: nothing was sent.</returns>
    /// <exception cref="NetlinkException">The kernel refused to renew an address.</exception>
    public bool Renew(VipLeaseRenewal renewal)
    {
        if (_rehearsal)
        {
            renewal.RenewedAt = renewal.Clock.GetTimestamp();
            return true;
        }

        return _shared.Renewals.Renew(renewal);
    }

    /// <summary>Writes the "Added virtual address" line of each address (deferred from <see cref="AddWithoutLogging"/>).</summary>
    public void LogAdded(IReadOnlyList<(string Device, VrrpVirtualAddress Address)> added)
    {
        foreach ((string device, VrrpVirtualAddress address) in added)
        {
            _logger.VipAdded(address.ToString(), device);
        }
    }

    /// <summary>Removes a virtual address.</summary>
    /// <param name="address">The address.</param>
    /// <param name="interfaceName">The interface to use when <see cref="VrrpVirtualAddress.Device"/> is null.</param>
    /// <returns><see langword="true"/> when removed; <see langword="false"/> when it was not there (or the interface is gone).</returns>
    /// <exception cref="MissingCapabilityException">The process lacks CAP_NET_ADMIN.</exception>
    /// <exception cref="NetlinkException">The kernel refused.</exception>
    public bool Remove(VrrpVirtualAddress address, string interfaceName)
    {
        ThrowIfInvalid(address, interfaceName);
        string device = address.Device ?? interfaceName;
        bool removed = RemoveCore(address, device);
        lock (_lock)
        {
            _added.Remove((device, address.Address));
        }

        if (removed)
        {
            _logger.VipRemoved(address.ToString(), device);
        }

        return removed;
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
    public IReadOnlyList<VrrpVirtualAddress> RemoveStale(IEnumerable<VrrpVirtualAddress> owned, string interfaceName)
    {
        ArgumentNullException.ThrowIfNull(owned);
        List<NetworkLinkInfo> links = NetlinkRoute.GetLinks(_netlink);
        List<InterfaceAddressEntry> present = NetlinkRoute.GetAddresses(_netlink, AddressFamily.Unspecified);
        var removed = new List<VrrpVirtualAddress>();
        foreach (VrrpVirtualAddress address in owned)
        {
            string device = address.Device ?? interfaceName;
            NetworkLinkInfo? link = links.Find(l => l.Name == device);
            if (link is null || !present.Exists(entry => entry.Index == link.Index && entry.PrefixLength == address.PrefixLength && SameAddress(entry.Address, address.Address)))
            {
                continue;
            }

            if (RemoveCore(address, device))
            {
                _logger.StaleVipRemoved(address.ToString(), device);
                removed.Add(address);
            }
        }

        return removed;
    }

    /// <summary>Removes every address this binder added and has not removed yet (the clean stop).</summary>
    /// <returns>The number of addresses removed.</returns>
    public int RemoveAllAdded()
    {
        KeyValuePair<(string Device, IPAddress Address), VrrpVirtualAddress>[] added;
        lock (_lock)
        {
            added = [.. _added];
            _added.Clear();
        }

        int removed = 0;
        foreach (KeyValuePair<(string Device, IPAddress Address), VrrpVirtualAddress> pair in added)
        {
            try
            {
                if (RemoveCore(pair.Value, pair.Key.Device))
                {
                    _logger.VipRemoved(pair.Value.ToString(), pair.Key.Device);
                    removed++;
                }
            }
            catch (Exception ex) when (ex is NetlinkException or System.IO.IOException or UnauthorizedAccessException)
            {
                _logger.VipRemoveFailed(ex, pair.Value.ToString(), pair.Key.Device);
            }
        }

        return removed;
    }

    /// <summary>Removes every address this binder added (<see cref="RemoveAllAdded"/>), then lets go of the shared socket.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            RemoveAllAdded();
        }
        finally
        {
            _shared.Release();
        }
    }

    private static bool SameAddress(IPAddress left, IPAddress right) =>
        left.AddressFamily == right.AddressFamily && left.GetAddressBytes().AsSpan().SequenceEqual(right.GetAddressBytes());

    private static void ThrowIfInvalid(VrrpVirtualAddress address, string interfaceName)
    {
        IReadOnlyList<string> errors = LinuxVipBinder.Validate(address, interfaceName);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(address));
        }
    }

    private bool RemoveCore(VrrpVirtualAddress address, string device)
    {
        if (NetlinkRoute.GetLink(_netlink, device) is not { } link)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[AddressRequest.Length];
        NetlinkMessageWriter request = AddressRequest.Write(buffer, Interop.RTM_DELADDR, 0, address, _rehearsal ? 0 : link.Index, LinuxAddressScope.Global, 0);
        int error = _netlink.Transact(request, null, out string? text);
        if (_rehearsal)
        {
            return true;
        }
        return (Interop.Errno)error switch
        {
            0 => true,
            Interop.Errno.EADDRNOTAVAIL or Interop.Errno.ENODEV or Interop.Errno.ENOENT => false,
            _ => throw NetlinkException.ForChange($"removing virtual address {address} from {device}", error, text),
        };
    }

    /// <summary>
    /// The index of <paramref name="device"/>, or 0 when it does not exist. Cached across calls, so a takeover makes
    /// no RTM_GETLINK round trip; a request that fails with ENODEV forgets it (<see cref="ForgetIndex"/>) and looks it
    /// up again. A missing interface is not cached.
    /// </summary>
    private int IndexOf(string device)
    {
        lock (_lock)
        {
            if (_indexes.TryGetValue(device, out int cached))
            {
                return cached;
            }
        }

        int index = NetlinkRoute.GetLink(_netlink, device)?.Index ?? 0;
        if (index != 0)
        {
            lock (_lock)
            {
                _indexes[device] = index;
            }
        }

        return index;
    }

    /// <summary>Forgets the cached index of <paramref name="device"/> (its interface was re-created or renamed).</summary>
    internal void ForgetIndex(string device)
    {
        lock (_lock)
        {
            _indexes.Remove(device);
        }
    }
}
