using System.Net.Sockets;
using static Vrrp.TestSupport.Captures.PacketSamples;

namespace Vrrp.Tests.Packets;

public sealed class VrrpPacketWriterTests
{
    [Fact]
    public void TryWrite_Version2_ProducesKnownAnswerBytes()
    {
        var advert = new VrrpAdvertisement { Version = VrrpVersion.V2, VirtualRouterId = 1, Priority = 100, AdvertIntervalCentiseconds = 100 };

        byte[] message = Write(advert, Addresses("192.168.0.1"), VrrpIpContext.IPv4(Source4, Multicast4));

        message.Should().Equal(Version2KnownAnswer);
    }

    public static TheoryData<int, int, int, int> RoundTripCases => new()
    {
        // version, family (4/6), address count, interval (cs)
        { 2, 4, 1, 100 },
        { 2, 4, 20, 25500 },
        { 3, 4, 1, 1 },
        { 3, 4, 20, 4095 },
        { 3, 6, 1, 100 },
        { 3, 6, 16, 7 },
    };

    [Theory]
    [MemberData(nameof(RoundTripCases))]
    public void TryWrite_ThenTryRead_RoundTripsEveryField(int version, int family, int count, int interval)
    {
        bool v6 = family == 6;
        byte[] addresses = new byte[count * (v6 ? 16 : 4)];
        new Random(count).NextBytes(addresses);
        var advert = new VrrpAdvertisement
        {
            Version = (VrrpVersion)version,
            VirtualRouterId = 200,
            Priority = 254,
            AdvertIntervalCentiseconds = (ushort)interval,
            AuthType = version == 2 ? VrrpAuthType.SimpleText : VrrpAuthType.None,
        };
        VrrpIpContext ip = v6 ? VrrpIpContext.IPv6(Source6, Multicast6, 255) : VrrpIpContext.IPv4(Source4, Multicast4, 255);

        byte[] message = Write(advert, addresses, ip, auth: version == 2 ? "secret"u8.ToArray() : null);
        VrrpPacketReader.TryRead(message, ip, out VrrpPacket packet, out VrrpPacketError error).Should().BeTrue(error.ToReason());

        message.Length.Should().Be(VrrpPacketWriter.GetMessageLength(advert.Version, v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork, count));
        packet.ToAdvertisement().Should().Be(advert with { AddressCount = (byte)count });
        packet.AddressBytes.ToArray().Should().Equal(addresses);
        if (version == 2)
        {
            packet.AuthenticationPassword.ToArray().Should().Equal("secret"u8.ToArray());
        }
    }

    [Fact]
    public void TryWrite_BufferTooSmall_ReturnsFalseAndWritesNothingCounted()
    {
        var advert = new VrrpAdvertisement { VirtualRouterId = 1, Priority = 100 };
        byte[] buffer = new byte[11];

        VrrpPacketWriter.TryWrite(buffer, advert, Addresses("10.0.0.1"), VrrpIpContext.IPv4(Source4, Multicast4), out int written).Should().BeFalse();

        written.Should().Be(0);
    }

    [Fact]
    public void TryWrite_ReservedBits_AreZero()
    {
        var advert = new VrrpAdvertisement { VirtualRouterId = 1, Priority = 100, AdvertIntervalCentiseconds = 4095 };

        byte[] message = Write(advert, Addresses("10.0.0.1"), VrrpIpContext.IPv4(Source4, Multicast4));

        (message[4] & 0xF0).Should().Be(0);
        message[4].Should().Be(0x0F);
        message[5].Should().Be(0xFF);
    }

    [Theory]
    [InlineData(2, 150)]
    [InlineData(2, 0)]
    [InlineData(2, 25600)]
    [InlineData(3, 0)]
    [InlineData(3, 4096)]
    public void TryWrite_IntervalOutOfRange_Throws(int version, int interval)
    {
        var advert = new VrrpAdvertisement { Version = (VrrpVersion)version, VirtualRouterId = 1, Priority = 100, AdvertIntervalCentiseconds = (ushort)interval };

        Action write = () => Write(advert, Addresses("10.0.0.1"), VrrpIpContext.IPv4(Source4, Multicast4));

        write.Should().Throw<ArgumentException>().WithMessage("*interval*");
    }

    [Fact]
    public void TryWrite_Version2OverIPv6_Throws()
    {
        var advert = new VrrpAdvertisement { Version = VrrpVersion.V2, VirtualRouterId = 1, Priority = 100 };

        Action write = () => Write(advert, Addresses("fe80::1"), VrrpIpContext.IPv6(Source6, Multicast6));

        write.Should().Throw<ArgumentException>().WithMessage("*IPv4 only*");
    }

    [Fact]
    public void TryWrite_AddressesNotWholeAddresses_Throws()
    {
        var advert = new VrrpAdvertisement { VirtualRouterId = 1, Priority = 100 };

        Action write = () => Write(advert, new byte[5], VrrpIpContext.IPv4(Source4, Multicast4));

        write.Should().Throw<ArgumentException>().WithMessage("*1 to 255 addresses of 4 bytes*");
    }

    [Fact]
    public void TryWrite_PseudoHeaderWithoutAddresses_Throws()
    {
        var advert = new VrrpAdvertisement { VirtualRouterId = 1, Priority = 100 };
        Action write = () => Write(advert, Addresses("10.0.0.1"), new VrrpIpContext(AddressFamily.InterNetwork, default, default));

        write.Should().Throw<ArgumentException>().WithMessage("*pseudo-header*");
    }

    [Fact]
    public void TryWrite_Version3IPv4MessageForm_NeedsNoAddresses()
    {
        var advert = new VrrpAdvertisement { VirtualRouterId = 1, Priority = 100 };
        var noAddresses = new VrrpIpContext(AddressFamily.InterNetwork, default, default);

        byte[] message = Write(advert, Addresses("10.0.0.1"), noAddresses, VrrpChecksumForm.Message);

        InternetChecksum.Compute(message).Should().Be(0);
    }
}
