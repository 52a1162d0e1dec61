using Vrrp.Packets;

namespace Vrrp.TestSupport.Captures;

/// <summary>Addresses and builders shared by the codec tests.</summary>
internal static class PacketSamples
{
    public static readonly byte[] Source4 = IPAddress.Parse("10.0.0.2").GetAddressBytes();
    public static readonly byte[] Multicast4 = IPAddress.Parse("224.0.0.18").GetAddressBytes();
    public static readonly byte[] Source6 = IPAddress.Parse("fe80::2").GetAddressBytes();
    public static readonly byte[] Multicast6 = IPAddress.Parse("ff02::12").GetAddressBytes();

    /// <summary>
    /// A VRRPv2 advertisement checked by hand: VRID 1, priority 100, one address 192.168.0.1, no authentication,
    /// interval 1 s. Checksum: 0x2101 + 0x6401 + 0x0001 + 0xc0a8 + 0x0001 = 0x1_45ac -> 0x45ad -> ~ = 0xba52.
    /// </summary>
    public static readonly byte[] Version2KnownAnswer =
    [
        0x21, 0x01, 0x64, 0x01, 0x00, 0x01, 0xba, 0x52,
        0xc0, 0xa8, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    ];

    public static byte[] Addresses(params string[] addresses)
    {
        byte[][] parts = Array.ConvertAll(addresses, a => IPAddress.Parse(a).GetAddressBytes());
        byte[] all = new byte[parts.Length * parts[0].Length];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i].CopyTo(all, i * parts[i].Length);
        }

        return all;
    }

    public static byte[] Write(in VrrpAdvertisement advertisement, byte[] addresses, VrrpIpContext ip, VrrpChecksumForm form = VrrpChecksumForm.PseudoHeader, byte[]? auth = null)
    {
        byte[] buffer = new byte[1500];
        if (!VrrpPacketWriter.TryWrite(buffer, advertisement, addresses, auth, ip, form, out int written))
        {
            throw new InvalidOperationException("buffer too small");
        }

        return buffer.AsSpan(0, written).ToArray();
    }
}
