using static Vrrp.TestSupport.Captures.PacketSamples;

namespace Vrrp.Tests.Packets;

public sealed class CodecAllocationTests
{
    [Fact]
    public void EncodeAndDecode_EveryVersionAndFamily_AllocateNothing()
    {
        byte[] buffer = new byte[1500];
        byte[] v4Addresses = Addresses("10.0.0.100", "10.0.0.101");
        byte[] v6Addresses = Addresses("fe80::1", "2001:db8::1");
        byte[] password = "1111"u8.ToArray();
        var v2 = new VrrpAdvertisement { Version = VrrpVersion.V2, VirtualRouterId = 51, Priority = 100, AuthType = VrrpAuthType.SimpleText };
        var v3 = new VrrpAdvertisement { VirtualRouterId = 51, Priority = 100, AdvertIntervalCentiseconds = 10 };

        long sink = RunOnce(buffer, v4Addresses, v6Addresses, password, v2, v3);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            sink += RunOnce(buffer, v4Addresses, v6Addresses, password, v2, v3);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().Be(0);
        sink.Should().BeGreaterThan(0);
    }

    private static long RunOnce(byte[] buffer, byte[] v4Addresses, byte[] v6Addresses, byte[] password, in VrrpAdvertisement v2, in VrrpAdvertisement v3)
    {
        long sum = 0;
        VrrpIpContext ip4 = VrrpIpContext.IPv4(Source4, Multicast4, 255);
        VrrpIpContext ip6 = VrrpIpContext.IPv6(Source6, Multicast6, 255);

        VrrpPacketWriter.TryWrite(buffer, v2, v4Addresses, password, ip4, VrrpChecksumForm.Message, out int written);
        if (VrrpPacketReader.TryRead(buffer.AsSpan(0, written), ip4, out VrrpPacket packet, out _))
        {
            sum += packet.Priority + packet.AuthenticationPassword.Length;
        }

        VrrpPacketWriter.TryWrite(buffer, v3, v4Addresses, ip4, out written);
        if (VrrpPacketReader.TryRead(buffer.AsSpan(0, written), ip4, out packet, out _))
        {
            foreach (ReadOnlySpan<byte> address in packet.Addresses)
            {
                sum += address[3];
            }
        }

        VrrpPacketWriter.TryWrite(buffer, v3, v6Addresses, ip6, out written);
        if (VrrpPacketReader.TryRead(buffer.AsSpan(0, written), ip6, out packet, out _))
        {
            sum += packet.ToAdvertisement().AdvertIntervalCentiseconds;
        }

        return sum;
    }
}
