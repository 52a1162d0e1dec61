using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vrrp.Linux.Addresses;
using Vrrp.Linux.Links;
using Vrrp.Linux.Netlink;

namespace Vrrp.Linux.Vmac;

/// <summary>
/// The <see cref="IVipBinder"/> of keepalived's <c>use_vmac</c>: a macvlan interface in private mode on the
/// instance's interface, with the virtual router MAC (00:00:5e:00:01:VRID, or 00:00:5e:00:02:VRID for IPv6). It is
/// created down at start (after deleting a stale one a crashed run left), brought up when the instance becomes
/// master, carries the virtual addresses that name no other device, announces them from the virtual MAC, and goes
/// down again when the instance leaves master; <see cref="Dispose"/> deletes it. Adverts stay on the base interface
/// (keepalived's <c>vmac_xmit_base</c>). Sets the sysctls keepalived sets: on the VMAC <c>arp_ignore=1</c>,
/// <c>accept_local=1</c>, <c>rp_filter=0</c>; on the base interface <c>arp_ignore=1</c>, <c>arp_filter=1</c>, and
/// also <c>arp_announce=2</c> (restored on dispose), so only the VMAC answers or announces the virtual addresses.
/// </summary>
public sealed class LinuxVirtualMacBinder : IVipBinder, IDisposable
{
    private readonly NetlinkSocket _netlink;
    private readonly LinuxVipBinder _addresses;
    private readonly string _parentName;
    private readonly int _index;
    private readonly IReadOnlyList<LinuxInterfaceSysctl> _baseSysctls;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private bool _up;
    private bool _disposed;

    private LinuxVirtualMacBinder(NetlinkSocket netlink, LinuxVipBinder addresses, string parentName, string name, int index, PhysicalAddress mac, IReadOnlyList<LinuxInterfaceSysctl> baseSysctls, ILogger logger)
    {
        _netlink = netlink;
        _addresses = addresses;
        _parentName = parentName;
        InterfaceName = name;
        _index = index;
        MacAddress = mac;
        _baseSysctls = baseSysctls;
        _logger = logger;
    }

    /// <summary>Gets the VMAC interface name.</summary>
    public string InterfaceName { get; }

    /// <summary>Gets the virtual router MAC address of the VMAC interface.</summary>
    public PhysicalAddress MacAddress { get; }

    /// <summary>
    /// Creates the VMAC interface (down) for an instance. Must run in the network namespace of the interface.
    /// </summary>
    /// <param name="settings">The instance; <see cref="VrrpInstanceSettings.InterfaceName"/> is the base interface.</param>
    /// <param name="options">The VMAC name.</param>
    /// <param name="announcement">The gratuitous ARP / NA schedule, or <see langword="null"/> for keepalived's defaults.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for the system clock.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <returns>The binder.</returns>
    /// <exception cref="MissingCapabilityException">The process lacks CAP_NET_ADMIN.</exception>
    /// <exception cref="IOException">The base interface does not exist, or the name is taken by an interface that is not a macvlan.</exception>
    public static LinuxVirtualMacBinder Open(VrrpInstanceSettings settings, LinuxVirtualMacOptions options, LinuxAnnouncementOptions? announcement = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger.Instance;
        string parent = settings.InterfaceName ?? throw new ArgumentException($"VRRP instance {settings.Name} needs an interface name.", nameof(settings));
        string name = options.InterfaceNameFor(settings.VirtualRouterId);
        if (!InterfaceNames.IsValid(name) || name == parent)
        {
            throw new ArgumentException($"'{name}' is not a valid VMAC interface name for {parent} (1 to {InterfaceNames.MaxLength} characters, no '/' or spaces, not the base interface).", nameof(options));
        }

        AddressFamily family = settings.Family != AddressFamily.Unspecified ? settings.Family : settings.VirtualAddresses.Count > 0 ? settings.VirtualAddresses[0].Address.AddressFamily : AddressFamily.InterNetwork;
        PhysicalAddress mac = LinuxVirtualMacOptions.VirtualRouterMac(family, settings.VirtualRouterId);
        NetlinkSocket netlink = NetlinkSocket.Open();
        try
        {
            NetworkLinkInfo link = NetlinkRoute.GetLink(netlink, parent) ?? throw new IOException($"interface {parent} does not exist");
            if (LinuxVirtualMacInterface.GetKind(netlink, name) is { } kind)
            {
                if (!LinuxVirtualMacInterface.IsMacvlan(kind))
                {
                    throw new IOException($"interface {name} exists and is not a macvlan; choose another use_vmac name");
                }

                // A crashed run (SIGKILL) could not delete its VMAC; it may even be up with the VIPs on it.
                LinuxVirtualMacInterface.Delete(netlink, name);
                logger.StaleVirtualMacDeleted(name);
            }

            int index = LinuxVirtualMacInterface.Create(netlink, name, link.Index, mac);
            logger.VirtualMacCreated(name, FormatMac(mac), parent);
            try
            {
                LinuxInterfaceSysctl.Set(name, "arp_ignore", "1", logger);
                LinuxInterfaceSysctl.Set(name, "accept_local", "1", logger);
                LinuxInterfaceSysctl.Set(name, "rp_filter", "0", logger);
                LinuxInterfaceSysctl[] baseSysctls =
                [
                    LinuxInterfaceSysctl.Set(parent, "arp_ignore", "1", logger),
                    LinuxInterfaceSysctl.Set(parent, "arp_filter", "1", logger),

                    // Not set by keepalived: without it the base interface's own ARP requests (to answer a host that
                    // pinged a VIP) carry the VIP as sender with the base MAC, and that host re-maps the VIP to it.
                    LinuxInterfaceSysctl.Set(parent, "arp_announce", "2", logger),
                ];
                LinuxVipBinder addresses = LinuxVipBinder.Open(name, announcement, timeProvider, logger);
                return new LinuxVirtualMacBinder(netlink, addresses, parent, name, index, mac, baseSysctls, logger);
            }
            catch
            {
                LinuxVirtualMacInterface.Delete(netlink, name);
                throw;
            }
        }
        catch
        {
            netlink.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public ValueTask AddAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_up)
            {
                LinuxVirtualMacInterface.SetUp(_netlink, InterfaceName, _index, up: true);
                _up = true;
            }
        }

        return _addresses.AddAsync(OnVirtualMac(instance), cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask RemoveAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        await _addresses.RemoveAsync(OnVirtualMac(instance), cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            // Down, so the backup's VMAC neither answers ARP nor receives frames for the virtual MAC.
            if (_up && !_disposed)
            {
                LinuxVirtualMacInterface.SetUp(_netlink, InterfaceName, _index, up: false);
                _up = false;
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>The VMAC interface stays up: only the difference is released, bound and announced on it.</remarks>
    public ValueTask ChangeAddressesAsync(VrrpInstanceSettings instance, IReadOnlyList<VrrpVirtualAddress> added, IReadOnlyList<VrrpVirtualAddress> removed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(removed);
        return _addresses.ChangeAddressesAsync(OnVirtualMac(instance), [.. added.Select(OnVirtualMac)], [.. removed.Select(OnVirtualMac)], cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask AnnounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return _addresses.AnnounceAsync(OnVirtualMac(instance), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask ReannounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return _addresses.ReannounceAsync(OnVirtualMac(instance), cancellationToken);
    }

    /// <summary>Removes the addresses, deletes the VMAC interface, restores the base interface's sysctls, and closes the sockets.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _addresses.Dispose();
        try
        {
            if (LinuxVirtualMacInterface.Delete(_netlink, InterfaceName))
            {
                _logger.VirtualMacDeleted(InterfaceName);
            }
        }
        catch (IOException ex)
        {
            _logger.VirtualMacDeleteFailed(ex, InterfaceName);
        }

        foreach (LinuxInterfaceSysctl sysctl in _baseSysctls)
        {
            sysctl.Restore();
        }

        _netlink.Dispose();
    }

    private static string FormatMac(PhysicalAddress mac) => string.Join(':', mac.GetAddressBytes().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The instance as the address binder sees it: the VMAC as its interface, addresses on the base interface moved there.</summary>
    private VrrpInstanceSettings OnVirtualMac(VrrpInstanceSettings instance) => instance with
    {
        InterfaceName = InterfaceName,
        VirtualAddresses = [.. instance.VirtualAddresses.Select(OnVirtualMac)],
    };

    private VrrpVirtualAddress OnVirtualMac(VrrpVirtualAddress address) =>
        string.Equals(address.Device, _parentName, StringComparison.Ordinal) ? address with { Device = null } : address;
}
