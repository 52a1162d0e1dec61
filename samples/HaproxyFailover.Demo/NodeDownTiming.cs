namespace HaproxyFailover.Demo;

/// <summary>
/// A node-down fault as the wire and the client saw it, from the dead master's last advert (which removes the random
/// point of the advert interval at which the node died): when the link was cut (negative when the last advert left
/// just after the mark), when the backup sent its first advert and its first gratuitous ARP, and when the first
/// request it served started. Milliseconds after that last advert; null when not seen.
/// </summary>
internal sealed record NodeDownTiming(FaultMark Fault, double CutMs, double? BackupAdvertMs, double? BackupGarpMs, double? FirstServedMs)
{
    // tests/netns/lan.sh: host n has 10.99.0.n and MAC 02:00:00:00:00:0n.
    private const string MasterAddress = "10.99.0.1";
    private const string BackupAddress = "10.99.0.2";
    private const string BackupMac = "02:00:00:00:00:02";

    public static NodeDownTiming? Measure(FaultMark fault, List<WirePacket> wire, List<RequestRecord> requests)
    {
        long cutUs = fault.StartMs * 1000;
        WirePacket? advert = wire.FirstOrDefault(p => p.Kind == WirePacketKind.Advert && p.Sender == BackupAddress && p.Priority > 0 && p.AtUs > cutUs);

        // The master's last advert before the backup spoke: one sent in the few ms the switch took to drop the port
        // after the mark still reached the backup, and its Master_Down_Interval runs from that one.
        long untilUs = advert?.AtUs ?? cutUs;
        WirePacket? last = wire.LastOrDefault(p => p.Kind == WirePacketKind.Advert && p.Sender == MasterAddress && p.AtUs < untilUs);
        if (last is null)
        {
            return null;
        }

        double After(long us) => (us - last.AtUs) / 1000.0;
        WirePacket? garp = wire.FirstOrDefault(p => p.Kind == WirePacketKind.GratuitousArp && p.Sender == BackupMac && p.AtUs > cutUs);
        RequestRecord? served = requests.FirstOrDefault(r => r.Ok && r.ServedBy == "node2" && r.StartMs >= fault.StartMs);
        return new NodeDownTiming(
            fault,
            After(cutUs),
            advert is null ? null : After(advert.AtUs),
            garp is null ? null : After(garp.AtUs),
            served is null ? null : After(served.StartMs * 1000));
    }
}
