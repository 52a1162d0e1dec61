namespace Vrrp;

/// <summary>
/// Sends VRRP advertisements for instances. Received advertisements travel the other way: the transport's receive
/// loop decodes each message once, with what the IP layer knows (source, destination, TTL), into a
/// <see cref="Packets.VrrpReceivedAdvertisement"/> for <see cref="Instances.VrrpInstance.Receive"/> of the instance
/// with that VRID and family (or hands the raw bytes to <see cref="Instances.VrrpInstance.ReceiveAdvertisement"/>).
/// </summary>
public interface IVrrpTransport
{
    /// <summary>
    /// Sends one encoded VRRP message (the IP payload, checksum already computed against <paramref name="destination"/>)
    /// with IP protocol 112, TTL or hop limit 255, from the instance's primary address.
    /// </summary>
    /// <param name="instance">The sending instance's settings (interface, primary address).</param>
    /// <param name="message">The message; only valid until the returned task completes.</param>
    /// <param name="destination">The multicast group (224.0.0.18, ff02::12) or a unicast peer.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the message is handed to the network.</returns>
    ValueTask SendAsync(VrrpInstanceSettings instance, ReadOnlyMemory<byte> message, VrrpAddress destination, CancellationToken cancellationToken);
}
