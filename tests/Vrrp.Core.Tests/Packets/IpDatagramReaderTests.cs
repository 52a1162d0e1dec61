using System.Net.Sockets;
using Vrrp.TestSupport.Captures;
using static Vrrp.TestSupport.Captures.PacketSamples;

namespace Vrrp.Tests.Packets;

public sealed class IpDatagramReaderTests
{
    [Fact]
    public void TryRead_IPv4_ReadsAddressesTtlAndPayload()
    {
        byte[] datagram = CaptureBuilder.IPv4(Source4, Multicast4, 255, 112, Version2KnownAnswer);

        IpDatagramReader.TryRead(datagram, out IpDatagram ip).Should().BeTrue();

        ip.Family.Should().Be(AddressFamily.InterNetwork);
        new IPAddress(ip.Source).Should().Be(IPAddress.Parse("10.0.0.2"));
        new IPAddress(ip.Destination).Should().Be(IPAddress.Parse("224.0.0.18"));
        ip.Ttl.Should().Be(255);
        ip.IsVrrp.Should().BeTrue();
        ip.Payload.ToArray().Should().Equal(Version2KnownAnswer);
    }

    [Fact]
    public void TryRead_IPv4WithOptionsAndEthernetPadding_UsesHeaderAndTotalLength()
    {
        byte[] plain = CaptureBuilder.IPv4(Source4, Multicast4, 255, 112, Version2KnownAnswer);
        byte[] withOptions = new byte[plain.Length + 4 + 6];
        plain.AsSpan(0, 20).CopyTo(withOptions);
        withOptions[0] = 0x46;
        withOptions[2] = 0;
        withOptions[3] = (byte)(plain.Length + 4);
        withOptions[20] = 0x94; // Router Alert
        withOptions[21] = 4;
        Version2KnownAnswer.CopyTo(withOptions, 24);

        IpDatagramReader.TryRead(withOptions, out IpDatagram ip).Should().BeTrue();

        ip.Payload.ToArray().Should().Equal(Version2KnownAnswer, "the 6 padding bytes after the total length are not payload");
    }

    [Fact]
    public void TryRead_IPv4AuthenticationHeader_IsSkippedToReachVrrp()
    {
        // VRRPv2 auth_type AH: IPv4 protocol 51, then a 24-byte AH (payload len 4) whose next header is 112.
        byte[] ah = new byte[24];
        ah[0] = 112;
        ah[1] = 4;
        byte[] datagram = CaptureBuilder.IPv4(Source4, Multicast4, 255, 51, [.. ah, .. Version2KnownAnswer]);

        IpDatagramReader.TryRead(datagram, out IpDatagram ip).Should().BeTrue();

        ip.ViaAuthenticationHeader.Should().BeTrue();
        ip.IsVrrp.Should().BeTrue();
        ip.Payload.ToArray().Should().Equal(Version2KnownAnswer);
    }

    [Fact]
    public void TryRead_IPv6HopByHopThenVrrp_FollowsTheChain()
    {
        byte[] message = Write(new VrrpAdvertisement { VirtualRouterId = 1, Priority = 100 }, Addresses("fe80::1"), VrrpIpContext.IPv6(Source6, Multicast6));
        byte[] hopByHop = [112, 0, 5, 2, 0, 0, 1, 0]; // next header 112, length 8, router alert + padding
        byte[] datagram = CaptureBuilder.IPv6(Source6, Multicast6, 255, 0, [.. hopByHop, .. message]);

        IpDatagramReader.TryRead(datagram, out IpDatagram ip).Should().BeTrue();

        ip.Protocol.Should().Be(112);
        ip.Ttl.Should().Be(255);
        ip.Payload.ToArray().Should().Equal(message);
        VrrpPacketReader.TryRead(ip.Payload, ip.ToVrrpIpContext(), out _, out VrrpPacketError error).Should().BeTrue(error.ToReason());
    }

    [Fact]
    public void TryRead_NonFirstFragment_IsRefused()
    {
        byte[] datagram = CaptureBuilder.IPv4(Source4, Multicast4, 255, 112, Version2KnownAnswer);
        datagram[7] = 0x10;

        IpDatagramReader.TryRead(datagram, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x45, 0, 0 })]
    [InlineData(new byte[] { 0x70, 0, 0, 0 })]
    public void TryRead_NotAnIpHeader_IsRefused(byte[] data)
    {
        IpDatagramReader.TryRead(data, out _).Should().BeFalse();
    }
}
