using Vrrp.Packets;
using Vrrp.StateMachine;

namespace Vrrp.Instances;

/// <summary>The receive checks: a decoded advertisement is checked against the settings, counted, and queued.</summary>
public sealed partial class VrrpInstance
{
    /// <summary>Gets the instance's counters: the one set its transport and the instance itself count into.</summary>
    public VrrpCounterSet Counters => _counters;

    /// <summary>
    /// Hands a received VRRP message to the instance, for transports that have not decoded it: it is decoded once
    /// (<see cref="VrrpReceivedAdvertisement.TryDecode"/>), then goes the way of <see cref="Receive"/>. Malformed
    /// messages are counted by <see cref="VrrpPacketError"/> and dropped. The message is not used after the call
    /// returns. Never throws for bad input and never allocates.
    /// </summary>
    /// <param name="message">The VRRP message (the IP payload).</param>
    /// <param name="ip">What the IP layer knows: family, source (required: it identifies the sender), destination, TTL.</param>
    /// <returns><see langword="true"/> when the advertisement was accepted and queued.</returns>
    public bool ReceiveAdvertisement(ReadOnlySpan<byte> message, in VrrpIpContext ip)
    {
        _counters.CountReceived();
        if (!VrrpReceivedAdvertisement.TryDecode(message, 0, message.Length, ip, out VrrpReceivedAdvertisement advertisement, out VrrpPacketError error))
        {
            _counters.CountMalformed(error);
            return false;
        }

        return Accept(advertisement, message);
    }

    /// <summary>
    /// Hands an advertisement the transport already decoded to the instance: its receive loop calls this for every
    /// valid advertisement of this VRID and family. The instance checks VRID, version, authentication, interval and
    /// address list against the settings, counts, and queues it; the buffer is not used after the call returns. Never
    /// throws for bad input and never allocates.
    /// </summary>
    /// <param name="advertisement">The decoded advertisement.</param>
    /// <param name="buffer">The buffer it was decoded from (see <see cref="VrrpReceivedAdvertisement.GetPacket"/>).</param>
    /// <returns><see langword="true"/> when the advertisement was accepted and queued.</returns>
    public bool Receive(in VrrpReceivedAdvertisement advertisement, ReadOnlySpan<byte> buffer)
    {
        _counters.CountReceived();
        return Accept(advertisement, buffer);
    }

    private bool Accept(in VrrpReceivedAdvertisement advertisement, ReadOnlySpan<byte> buffer)
    {
        VrrpPacket packet = advertisement.GetPacket(buffer);
        VrrpAddress source = advertisement.Source;

        // One read: a live change replaces the filter (and the settings it holds) whole.
        AdvertisementFilter filter = _filter;
        VrrpDropReason reason = filter.Check(packet, source, out bool addressListMismatch);
        if (addressListMismatch)
        {
            _counters.AddressListMismatch(source);
        }

        if (reason != VrrpDropReason.None)
        {
            _counters.CountDropped(reason);
            return false;
        }

        if (filter.IsUnknownUnicastSource(source))
        {
            // keepalived uses such adverts unless check_unicast_src is set: a peer may send from its second address.
            _counters.UnicastSourceMismatch();
            if (filter.Settings.CheckUnicastSource)
            {
                _counters.CountDropped(VrrpDropReason.UnicastSourceMismatch);
                return false;
            }
        }

        if (advertisement.Advertisement.Priority == 0)
        {
            _counters.ReceivedPriorityZero();
        }

        return Post(InstanceCommand.Received(VrrpInput.AdvertisementReceived(advertisement.Advertisement, source), advertisement.Age));
    }
}
