using System.Net;
using System.Net.Sockets;
using Vrrp.Instances;
using Vrrp.Packets;

namespace Vrrp.Etcd.Hosting;

/// <summary>
/// The etcd election as the instance's one peer. An etcd-elected instance is a real <see cref="VrrpInstance"/> (so the
/// host's tracking, state stream, notify hooks, status and metrics work unchanged) whose only "LAN" is this: while
/// another candidate leads, it hears the leader advertise priority 255 with the longest VRRPv3 interval (its master-down
/// timer is then about two minutes and is refreshed long before); when this candidate is elected it hears that leader
/// resign (priority 0 with a 10 ms interval), so it becomes master within a skew time of at most 10 ms; when leadership
/// ends it hears priority 255 again and drops to backup at once. Its own adverts go nowhere (<see cref="Transport"/>).
/// </summary>
internal sealed class EtcdPeerAdvertisements
{
    /// <summary>The interval the "other leader" advertises: VRRPv3's longest, 40.95 s (master-down about 123 s).</summary>
    public const ushort LeaderIntervalCentiseconds = 4095;

    /// <summary>How often the "other leader" is heard again, far inside its master-down interval.</summary>
    public static readonly TimeSpan LeaderRefresh = TimeSpan.FromSeconds(10);

    /// <summary>The interval of the resignation, VRRPv3's shortest: the instance takes over within (256 - priority) / 256 × 10 ms.</summary>
    private const ushort ResignIntervalCentiseconds = 1;

    private readonly VrrpInstanceSettings _settings;
    private readonly byte[] _source;
    private readonly byte[] _destination;
    private readonly byte[] _address;

    public EtcdPeerAdvertisements(VrrpInstanceSettings settings)
    {
        _settings = settings;
        bool v6 = settings.Family == AddressFamily.InterNetworkV6;
        IPAddress source = v6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        if (source.Equals(settings.PrimaryAddress))
        {
            source = v6 ? IPAddress.Parse("::2") : IPAddress.Parse("127.0.0.2");
        }

        _source = source.GetAddressBytes();
        _destination = (v6 ? IPAddress.Parse("ff02::12") : IPAddress.Parse("224.0.0.18")).GetAddressBytes();

        // An advert carries at least one address; the instance does not compare the list (CheckAdvertisementAddresses off).
        _address = (settings.VirtualAddresses.FirstOrDefault(v => v.Address.AddressFamily == settings.Family)?.Address ?? source).GetAddressBytes();
    }

    /// <summary>Gets the address the etcd leader appears to advertise from (the instance's "master" while backup).</summary>
    public IPAddress Source => new(_source);

    /// <summary>Gets the transport of an etcd-elected instance: its own adverts are not sent anywhere.</summary>
    public static IVrrpTransport Transport { get; } = new NoTransport();

    /// <summary>Tells the instance that another candidate leads: it stays or becomes backup.</summary>
    public bool OtherLeads(VrrpInstance instance) => Deliver(instance, 255, LeaderIntervalCentiseconds);

    /// <summary>
    /// Tells the instance that it was elected: the "other leader" advertises once more with a 10 ms interval (a backup
    /// learns the interval only from a non-zero priority, RFC 5798 §6.4.2) and resigns, so the instance takes over after
    /// a skew time of at most 10 ms.
    /// </summary>
    public bool Elected(VrrpInstance instance) =>
        Deliver(instance, 255, ResignIntervalCentiseconds) && Deliver(instance, 0, ResignIntervalCentiseconds);

    private bool Deliver(VrrpInstance instance, byte priority, ushort intervalCentiseconds)
    {
        var advertisement = new VrrpAdvertisement
        {
            Version = VrrpVersion.V3,
            VirtualRouterId = _settings.VirtualRouterId,
            Priority = priority,
            AdvertIntervalCentiseconds = intervalCentiseconds,
            AddressCount = 1,
        };
        var ip = new VrrpIpContext(_settings.Family, _source, _destination, 255);
        Span<byte> message = stackalloc byte[VrrpPacketWriter.GetMessageLength(VrrpVersion.V3, _settings.Family, 1)];
        if (!VrrpPacketWriter.TryWrite(message, advertisement, _address, ip, out int written))
        {
            return false;
        }

        return instance.ReceiveAdvertisement(message[..written], ip);
    }

    private sealed class NoTransport : IVrrpTransport
    {
        public ValueTask SendAsync(VrrpInstanceSettings instance, ReadOnlyMemory<byte> message, VrrpAddress destination, CancellationToken cancellationToken) =>
            ValueTask.CompletedTask;
    }
}
