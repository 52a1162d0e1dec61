using System.Globalization;

namespace HaproxyFailover.Demo;

/// <summary>
/// A packet the client's namespace heard (<c>tcpdump -e -tt -nn -l 'ip proto 112 or arp'</c>): a VRRP advert (its
/// sender's IP address and priority) or a gratuitous ARP for the VIP (its sender's MAC address).
/// </summary>
internal sealed record WirePacket(long AtUs, WirePacketKind Kind, string Sender, int Priority)
{
    public static List<WirePacket> ReadAll(string path, string vip) =>
        !File.Exists(path) ? [] : [.. File.ReadLines(path).Select(l => Parse(l, vip)).OfType<WirePacket>().OrderBy(p => p.AtUs)];

    // 1765072800.123456 02:00:00:00:00:01 > 01:00:5e:00:00:12, ethertype IPv4 (0x0800), length 54: 10.99.0.1 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 100, authtype simple, intvl 1s, length 20
    // 1765072800.123456 02:00:00:00:00:02 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 10.99.0.100 (ff:ff:ff:ff:ff:ff) tell 10.99.0.100, length 28
    internal static WirePacket? Parse(string line, string vip)
    {
        string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 4 || !decimal.TryParse(f[0], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal seconds))
        {
            return null;
        }

        long atUs = (long)(seconds * 1_000_000m);
        int vrrp = Array.FindIndex(f, t => t.StartsWith("VRRPv", StringComparison.Ordinal));
        if (vrrp >= 3 && f[vrrp - 2] == ">" && line.Contains("Advertisement", StringComparison.Ordinal))
        {
            int prio = Array.IndexOf(f, "prio");
            return new WirePacket(atUs, WirePacketKind.Advert, f[vrrp - 3], prio > 0 && prio + 1 < f.Length && int.TryParse(f[prio + 1].TrimEnd(','), CultureInfo.InvariantCulture, out int p) ? p : -1);
        }

        // A gratuitous ARP asks for its own address ("who-has VIP (ff:ff:ff:ff:ff:ff) tell VIP") or answers unasked.
        bool garp = (line.Contains($"who-has {vip} ", StringComparison.Ordinal) && line.Contains($"tell {vip},", StringComparison.Ordinal))
            || (line.Contains($"Reply {vip} is-at", StringComparison.Ordinal) && f[3] == "ff:ff:ff:ff:ff:ff,");
        return garp ? new WirePacket(atUs, WirePacketKind.GratuitousArp, f[1], -1) : null;
    }
}
