using System.Buffers.Binary;
using Vrrp.Linux.Announcements;

namespace Vrrp.Linux.Tests;

public sealed class AnnouncementFramesTests
{
    private static readonly byte[] s_mac = [0x02, 0, 0, 0, 0, 0x01];
    private static readonly byte[] s_vip = [0xfd, 0, 0, 0x99, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00];

    [Theory]
    [InlineData(true, 0xA0)]
    [InlineData(false, 0x20)]
    public void WriteNeighborAdvertisement_RouterFlag_SetsOnlyRouterBesideOverride(bool router, byte expected)
    {
        byte[] frame = new byte[AnnouncementFrames.NeighborAdvertisementLength];

        int length = AnnouncementFrames.WriteNeighborAdvertisement(frame, s_mac, s_vip, router);

        length.Should().Be(86);
        frame[54].Should().Be(136, "ICMPv6 Neighbor Advertisement");
        frame[58].Should().Be(expected, "R (0x80) as asked, S (0x40) clear for an unsolicited NA, O (0x20) set");
        frame[59..62].Should().Equal(0, 0, 0);
        frame[62..78].Should().Equal(s_vip);
        Checksum(frame).Should().Be(0, "the checksum covers the flags");
    }

    /// <summary>The ICMPv6 checksum over pseudo-header and message, computed independently: 0 when correct.</summary>
    private static ushort Checksum(byte[] frame)
    {
        int length = BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(18));
        uint sum = (uint)length + 58;
        for (int i = 22; i < 54; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(i));
        }

        for (int i = 54; i < 54 + length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(i));
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
