using System.Net.NetworkInformation;

namespace Vrrp.Cli.Tests.Faults;

/// <summary>
/// What a third host sees of a VIP: which MACs answer an ARP request (or neighbour solicitation) for it (captured with an AF_PACKET socket of
/// the test's own, so two answering nodes are both seen, not just the first one the neighbour cache keeps), the
/// neighbour entry it ends with, and whether a ping got an answer.
/// </summary>
internal sealed record ObserverView(bool Reachable, IReadOnlyList<PhysicalAddress> Answerers, string NeighbourEntry)
{
    private const ushort ArpEtherType = 0x0806;
    private const ushort IPv6EtherType = 0x86DD;

    /// <summary>
    /// Flushes the observer's neighbour entry for the VIP, pings it once and collects every ARP reply (IPv4) or
    /// neighbour advertisement for it (IPv6), by the Ethernet source of the answer.
    /// </summary>
    public static ObserverView Look(LanHost observer, IPAddress vip)
    {
        byte[] vipBytes = vip.GetAddressBytes();
        bool v6 = vip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        using FrameCapture replies = v6
            ? FrameCapture.Open(observer, IPv6EtherType, frame => frame.Length >= 78 && frame[20] == 58 && frame[54] == 136 && frame.AsSpan(62, 16).SequenceEqual(vipBytes))
            : FrameCapture.Open(observer, ArpEtherType, frame => frame.Length >= 42 && frame[20] == 0 && frame[21] == 2 && frame.AsSpan(28, 4).SequenceEqual(vipBytes));
        observer.Exec(TimeSpan.FromSeconds(5), "ip", "neigh", "flush", "to", vip.ToString(), "dev", LanHost.InterfaceName);
        bool reachable = observer.Ping(vip);

        // A second node answering the same request would answer within microseconds on this LAN.
        Thread.Sleep(200);
        PhysicalAddress[] answerers = [.. replies.Frames.Select(f => new PhysicalAddress(f.Frame[6..12])).Distinct()];
        string neighbour = observer.Ip("neigh", "show", "to", vip.ToString(), "dev", LanHost.InterfaceName).Trim();
        return new ObserverView(reachable, answerers, neighbour);
    }

    public override string ToString() =>
        $"reachable={Reachable}, ARP answered by [{string.Join(", ", Answerers.Select(m => string.Join(':', m.GetAddressBytes().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)))))}], neighbour '{NeighbourEntry}'";
}
