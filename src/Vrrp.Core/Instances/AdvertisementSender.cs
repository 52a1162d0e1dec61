using System.Net.Sockets;
using Vrrp.Diagnostics;
using Vrrp.Packets;

namespace Vrrp.Instances;

/// <summary>
/// Encodes the instance's advertisement for each destination (the checksum depends on it) into one reusable buffer and
/// hands it to the transport. A failed send is counted and noted, never thrown: a down interface must not stop the
/// instance. Allocates nothing while sends complete synchronously.
/// </summary>
internal sealed class AdvertisementSender
{
    private static readonly VrrpAddress s_multicastIPv4 = VrrpAddress.FromBytes([224, 0, 0, 18]);
    private static readonly VrrpAddress s_multicastIPv6 = VrrpAddress.FromBytes([0xFF, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12]);

    private readonly VrrpInstanceSettings _settings;
    private readonly IVrrpTransport _transport;
    private readonly AdvertisementFilter _filter;
    private readonly VrrpCounterSet _counters;
    private readonly Action<string> _failed;
    private readonly CancellationTokenSource _lifetime;
    private readonly byte[] _sendBuffer;
    private readonly byte[] _primaryAddressBytes;
    private readonly VrrpAddress[] _destinations;
    private readonly byte[][] _destinationBytes;

    /// <summary>Precomputes the destinations and the buffers.</summary>
    /// <param name="settings">The instance's settings.</param>
    /// <param name="transport">Sends the encoded messages.</param>
    /// <param name="filter">Holds the advertised addresses, password, interval and primary address, as encoded.</param>
    /// <param name="counters">Counts sends and send errors.</param>
    /// <param name="failed">Notes a failure (the instance's last error).</param>
    /// <param name="lifetime">Cancels sends when the instance is disposed.</param>
    public AdvertisementSender(VrrpInstanceSettings settings, IVrrpTransport transport, AdvertisementFilter filter, VrrpCounterSet counters, Action<string> failed, CancellationTokenSource lifetime)
    {
        _settings = settings;
        _transport = transport;
        _filter = filter;
        _counters = counters;
        _failed = failed;
        _lifetime = lifetime;
        _primaryAddressBytes = new byte[filter.PrimaryAddress.Length];
        filter.PrimaryAddress.WriteBytes(_primaryAddressBytes);
        if (settings.UnicastPeers.Count > 0)
        {
            _destinations = new VrrpAddress[settings.UnicastPeers.Count];
            for (int i = 0; i < _destinations.Length; i++)
            {
                _destinations[i] = VrrpAddress.FromIPAddress(settings.UnicastPeers[i]);
            }
        }
        else
        {
            _destinations = [settings.MulticastGroup is { } group ? VrrpAddress.FromIPAddress(group) : settings.Family == AddressFamily.InterNetworkV6 ? s_multicastIPv6 : s_multicastIPv4];
        }

        _destinationBytes = new byte[_destinations.Length][];
        for (int i = 0; i < _destinations.Length; i++)
        {
            _destinationBytes[i] = new byte[_destinations[i].Length];
            _destinations[i].WriteBytes(_destinationBytes[i]);
        }

        _sendBuffer = new byte[VrrpPacketWriter.GetMessageLength(settings.Version, settings.Family, settings.AdvertisedAddresses.Count)];
    }

    /// <summary>Gets the destinations: the multicast group, or every unicast peer.</summary>
    public IReadOnlyList<VrrpAddress> Destinations => _destinations;

    /// <summary>Rewrites the source address the checksum is computed with (same family, so the same length).</summary>
    /// <param name="address">The new primary address.</param>
    public void SetPrimaryAddress(VrrpAddress address) => address.WriteBytes(_primaryAddressBytes);

    /// <summary>Sends the advertisement with <paramref name="priority"/> to every destination, in order.</summary>
    /// <param name="priority">The priority to advertise.</param>
    /// <returns>A task that completes when every destination was tried.</returns>
    public ValueTask SendAsync(byte priority) => Send(priority, 0);

    private ValueTask Send(byte priority, int first)
    {
        for (int i = first; i < _destinations.Length; i++)
        {
            int length = Encode(priority, i);
            TakeoverEventSource.Log.AdvertEncoded(priority);
            ValueTask pending;
            try
            {
                pending = _transport.SendAsync(_settings, _sendBuffer.AsMemory(0, length), _destinations[i], _lifetime.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Failed(i, ex);
                continue;
            }

            if (!pending.IsCompletedSuccessfully)
            {
                TakeoverEventSource.Log.AdvertSent(priority, 1);
                return ResumeAsync(pending, priority, i);
            }

            TakeoverEventSource.Log.AdvertSent(priority, 0);
            pending.GetAwaiter().GetResult();
            _counters.Sent(priority);
        }

        return default;
    }

    private async ValueTask ResumeAsync(ValueTask pending, byte priority, int index)
    {
        try
        {
            await pending.ConfigureAwait(false);
            _counters.Sent(priority);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Failed(index, ex);
        }

        await Send(priority, index + 1).ConfigureAwait(false);
    }

    private void Failed(int destination, Exception ex)
    {
        _counters.SendError();
        _failed($"sending an advertisement to {_destinations[destination]} failed: {ex.Message}");
    }

    private int Encode(byte priority, int destination)
    {
        var advertisement = new VrrpAdvertisement
        {
            Version = _settings.Version,
            VirtualRouterId = _settings.VirtualRouterId,
            Priority = priority,
            AdvertIntervalCentiseconds = (ushort)_filter.AdvertIntervalCentiseconds,
            AuthType = _settings.AuthType,
        };
        var ip = new VrrpIpContext(_settings.Family, _primaryAddressBytes, _destinationBytes[destination], VrrpPacketReader.RequiredTtl);
        VrrpPacketWriter.TryWrite(_sendBuffer, advertisement, _filter.VirtualAddressBytes, _filter.Password, ip, _settings.Ipv4ChecksumForm, out int length);
        return length;
    }
}
