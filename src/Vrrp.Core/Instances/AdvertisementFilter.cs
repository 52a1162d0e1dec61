using System.Runtime.CompilerServices;
using System.Text;
using Vrrp.Packets;

namespace Vrrp.Instances;

/// <summary>
/// The semantic checks of RFC 5798 §7.1 and RFC 3768 §7.1 that need the instance's settings, applied to packets
/// <see cref="VrrpPacketReader"/> already found well-formed. Precomputes everything, so checking allocates nothing.
/// </summary>
internal sealed class AdvertisementFilter
{
    private readonly VrrpInstanceSettings _settings;
    // Replaced whole (never mutated) when the interface's address changes: the receive thread reads it without a lock.
    private volatile StrongBox<VrrpAddress> _primaryAddress;
    private readonly byte[] _virtualAddressBytes;
    private readonly int _addressLength;
    private readonly byte[] _password;
    private readonly int _advertIntervalCentiseconds;
    private readonly VrrpAddress[] _unicastPeers;

    public AdvertisementFilter(VrrpInstanceSettings settings)
    {
        _settings = settings;
        _primaryAddress = new StrongBox<VrrpAddress>(VrrpAddress.FromIPAddress(settings.PrimaryAddress));
        _addressLength = _primaryAddress.Value.Length;
        IReadOnlyList<VrrpVirtualAddress> advertised = settings.AdvertisedAddresses;
        _virtualAddressBytes = new byte[advertised.Count * _addressLength];
        for (int i = 0; i < advertised.Count; i++)
        {
            VrrpAddress.FromIPAddress(advertised[i].Address).WriteBytes(_virtualAddressBytes.AsSpan(i * _addressLength));
        }

        _password = settings.AuthType == VrrpAuthType.SimpleText && settings.AuthPassword is not null
            ? Encoding.ASCII.GetBytes(settings.AuthPassword)
            : [];
        _advertIntervalCentiseconds = (int)(settings.AdvertInterval.Ticks / (10 * TimeSpan.TicksPerMillisecond));
        _unicastPeers = new VrrpAddress[settings.UnicastPeers.Count];
        for (int i = 0; i < _unicastPeers.Length; i++)
        {
            _unicastPeers[i] = VrrpAddress.FromIPAddress(settings.UnicastPeers[i]);
        }
    }

    /// <summary>Gets the settings the checks use.</summary>
    public VrrpInstanceSettings Settings => _settings;

    /// <summary>Gets the virtual addresses back to back in network order, as advertised.</summary>
    public ReadOnlySpan<byte> VirtualAddressBytes => _virtualAddressBytes;

    /// <summary>Gets the simple-text password bytes (empty without one).</summary>
    public ReadOnlySpan<byte> Password => _password;

    /// <summary>Gets or sets our primary address: advertisements from it are our own.</summary>
    public VrrpAddress PrimaryAddress
    {
        get => _primaryAddress.Value;
        set => _primaryAddress = new StrongBox<VrrpAddress>(value);
    }

    public int AdvertIntervalCentiseconds => _advertIntervalCentiseconds;

    /// <summary>Checks a decoded advertisement against the settings.</summary>
    /// <param name="packet">The wire-valid packet.</param>
    /// <param name="source">Its IP source, empty when unknown.</param>
    /// <param name="addressListMismatch">Whether its address list differs from ours (counted even when it is used).</param>
    /// <returns>Why to drop it, or <see cref="VrrpDropReason.None"/>.</returns>
    public VrrpDropReason Check(in VrrpPacket packet, VrrpAddress source, out bool addressListMismatch)
    {
        addressListMismatch = false;
        if (packet.Version != _settings.Version)
        {
            return VrrpDropReason.VersionMismatch;
        }

        if (packet.Family != _settings.Family)
        {
            return VrrpDropReason.AddressFamilyMismatch;
        }

        if (packet.VirtualRouterId != _settings.VirtualRouterId)
        {
            return VrrpDropReason.VirtualRouterIdMismatch;
        }

        if (source.Length != _addressLength)
        {
            return VrrpDropReason.MissingSource;
        }

        if (source == _primaryAddress.Value)
        {
            return VrrpDropReason.OwnAdvertisement;
        }

        if (packet.Version == VrrpVersion.V2)
        {
            // RFC 3768 §7.1: the authentication type and data, and the interval, must match the configuration.
            if (packet.AuthType != _settings.AuthType)
            {
                return VrrpDropReason.AuthTypeMismatch;
            }

            if (packet.AuthType == VrrpAuthType.SimpleText && !packet.AuthenticationPassword.SequenceEqual(_password))
            {
                return VrrpDropReason.AuthenticationFailure;
            }

            if (packet.AdvertIntervalCentiseconds != _advertIntervalCentiseconds)
            {
                return VrrpDropReason.AdvertIntervalMismatch;
            }
        }

        // RFC 3768 §7.1 / RFC 5798 §7.1: a mismatched address list is a misconfiguration. keepalived 2.3.3 logs, counts
        // and uses it; the old discard (never for the owner) is an option.
        if (_settings.CheckAdvertisementAddresses && !SameAddresses(packet.AddressBytes))
        {
            addressListMismatch = true;
            if (_settings.DropAddressListMismatch && packet.Priority != 255)
            {
                return VrrpDropReason.AddressListMismatch;
            }
        }

        return VrrpDropReason.None;
    }

    /// <summary>Whether, in unicast mode, the source is not one of the configured peers.</summary>
    public bool IsUnknownUnicastSource(in VrrpAddress source)
    {
        if (_unicastPeers.Length == 0)
        {
            return false;
        }

        foreach (VrrpAddress peer in _unicastPeers)
        {
            if (peer == source)
            {
                return false;
            }
        }

        return true;
    }

    // Order-insensitive: keepalived and FRR may list the same set in another order.
    private bool SameAddresses(ReadOnlySpan<byte> advertised)
    {
        ReadOnlySpan<byte> ours = _virtualAddressBytes;
        if (advertised.Length != ours.Length)
        {
            return false;
        }

        for (int i = 0; i < advertised.Length; i += _addressLength)
        {
            ReadOnlySpan<byte> address = advertised.Slice(i, _addressLength);
            bool found = false;
            for (int j = 0; j < ours.Length; j += _addressLength)
            {
                if (address.SequenceEqual(ours.Slice(j, _addressLength)))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }
}
