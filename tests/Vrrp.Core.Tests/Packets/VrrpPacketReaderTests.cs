using System.Buffers.Binary;
using static Vrrp.TestSupport.Captures.PacketSamples;

namespace Vrrp.Tests.Packets;

public sealed class VrrpPacketReaderTests
{
    private static readonly VrrpAdvertisement s_v3 = new() { Version = VrrpVersion.V3, VirtualRouterId = 51, Priority = 150, AdvertIntervalCentiseconds = 50 };

    [Fact]
    public void TryRead_Version2KnownAnswer_ReadsEveryField()
    {
        bool ok = VrrpPacketReader.TryRead(Version2KnownAnswer, VrrpIpContext.IPv4(Source4, Multicast4, 255), out VrrpPacket packet, out VrrpPacketError error);

        ok.Should().BeTrue();
        error.Should().Be(VrrpPacketError.None);
        packet.Version.Should().Be(VrrpVersion.V2);
        packet.Type.Should().Be(1);
        packet.VirtualRouterId.Should().Be(1);
        packet.Priority.Should().Be(100);
        packet.AddressCount.Should().Be(1);
        packet.AuthType.Should().Be(VrrpAuthType.None);
        packet.AdvertIntervalCentiseconds.Should().Be(100);
        packet.Checksum.Should().Be(0xba52);
        packet.ChecksumForm.Should().Be(VrrpChecksumForm.Message);
        new IPAddress(packet.GetAddress(0)).Should().Be(IPAddress.Parse("192.168.0.1"));
        packet.AuthenticationPassword.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void TryRead_Version2SimplePassword_TrimsPadding()
    {
        var advert = new VrrpAdvertisement { Version = VrrpVersion.V2, VirtualRouterId = 51, Priority = 100, AdvertIntervalCentiseconds = 100, AuthType = VrrpAuthType.SimpleText };
        byte[] message = Write(advert, Addresses("192.168.1.100"), VrrpIpContext.IPv4(Source4, Multicast4), auth: "1111"u8.ToArray());

        VrrpPacketReader.TryRead(message, VrrpIpContext.IPv4(Source4, Multicast4, 255), out VrrpPacket packet, out _).Should().BeTrue();

        packet.AuthType.Should().Be(VrrpAuthType.SimpleText);
        packet.AuthenticationPassword.ToArray().Should().Equal("1111"u8.ToArray());
        packet.AuthenticationData.Length.Should().Be(8);
    }

    [Fact]
    public void TryRead_Version3IPv4PseudoHeaderForm_ReportsPseudoHeader()
    {
        byte[] message = Write(s_v3, Addresses("10.0.0.100", "10.0.0.101"), VrrpIpContext.IPv4(Source4, Multicast4), VrrpChecksumForm.PseudoHeader);

        VrrpPacketReader.TryRead(message, VrrpIpContext.IPv4(Source4, Multicast4, 255), out VrrpPacket packet, out _).Should().BeTrue();

        packet.ChecksumForm.Should().Be(VrrpChecksumForm.PseudoHeader);
        packet.AdvertIntervalCentiseconds.Should().Be(50);
        packet.AddressCount.Should().Be(2);
    }

    [Fact]
    public void TryRead_Version3IPv4MessageOnlyForm_ReportsMessageForm()
    {
        byte[] message = Write(s_v3, Addresses("10.0.0.100"), VrrpIpContext.IPv4(Source4, Multicast4), VrrpChecksumForm.Message);

        VrrpPacketReader.TryRead(message, VrrpIpContext.IPv4(Source4, Multicast4, 255), out VrrpPacket packet, out _).Should().BeTrue();

        packet.ChecksumForm.Should().Be(VrrpChecksumForm.Message);
    }

    [Fact]
    public void TryRead_Version3IPv4PseudoHeaderFormWithWrongSource_IsBadChecksum()
    {
        byte[] message = Write(s_v3, Addresses("10.0.0.100"), VrrpIpContext.IPv4(Source4, Multicast4), VrrpChecksumForm.PseudoHeader);
        byte[] otherSource = IPAddress.Parse("10.0.0.3").GetAddressBytes();

        Rejected(message, VrrpIpContext.IPv4(otherSource, Multicast4, 255)).Should().Be(VrrpPacketError.BadChecksum);
    }

    [Fact]
    public void TryRead_UnicastWithMulticastGroupInPseudoHeader_IsAcceptedAsKeepalivedOldUnicastChecksum()
    {
        // keepalived's old_unicast_checksum: the checksum is computed as if the advert went to 224.0.0.18.
        byte[] peer = IPAddress.Parse("10.0.0.3").GetAddressBytes();
        byte[] message = Write(s_v3, Addresses("10.0.0.100"), VrrpIpContext.IPv4(Source4, Multicast4), VrrpChecksumForm.PseudoHeader);

        VrrpPacketReader.TryRead(message, VrrpIpContext.IPv4(Source4, peer, 255), out VrrpPacket packet, out VrrpPacketError error).Should().BeTrue();

        error.Should().Be(VrrpPacketError.None);
        packet.ChecksumForm.Should().Be(VrrpChecksumForm.PseudoHeaderWithMulticastGroup);
    }

    [Fact]
    public void TryRead_MulticastWithWrongGroupChecksum_IsStillBad()
    {
        // The old-unicast form is only a unicast thing: to the group it would be the ordinary pseudo-header form.
        byte[] otherGroup = IPAddress.Parse("224.0.0.19").GetAddressBytes();
        byte[] message = Write(s_v3, Addresses("10.0.0.100"), VrrpIpContext.IPv4(Source4, Multicast4), VrrpChecksumForm.PseudoHeader);

        Rejected(message, VrrpIpContext.IPv4(Source4, otherGroup, 255)).Should().Be(VrrpPacketError.BadChecksum);
    }

    [Fact]
    public void TryRead_Version3IPv6_UsesPseudoHeaderAndNotesNonLinkLocalFirstAddress()
    {
        byte[] message = Write(s_v3, Addresses("2001:db8::100"), VrrpIpContext.IPv6(Source6, Multicast6));

        VrrpPacketReader.TryRead(message, VrrpIpContext.IPv6(Source6, Multicast6, 255), out VrrpPacket packet, out _).Should().BeTrue();

        packet.ChecksumForm.Should().Be(VrrpChecksumForm.PseudoHeader);
        packet.Notes.Should().HaveFlag(VrrpPacketNotes.FirstAddressNotLinkLocal);
        new IPAddress(packet.GetAddress(0)).Should().Be(IPAddress.Parse("2001:db8::100"));
    }

    [Fact]
    public void TryRead_Version3IPv6LinkLocalFirst_HasNoNote()
    {
        byte[] message = Write(s_v3, Addresses("fe80::1", "2001:db8::100"), VrrpIpContext.IPv6(Source6, Multicast6));

        VrrpPacketReader.TryRead(message, VrrpIpContext.IPv6(Source6, Multicast6, 255), out VrrpPacket packet, out _).Should().BeTrue();

        packet.Notes.Should().Be(VrrpPacketNotes.None);
    }

    [Fact]
    public void TryRead_Version3IPv6MessageOnlyChecksum_IsBadChecksum()
    {
        // The message-only form is an IPv4 thing; IPv6 always includes the pseudo-header (RFC 5798 §5.2.8).
        byte[] message = Write(s_v3, Addresses("fe80::1"), VrrpIpContext.IPv6(Source6, Multicast6));
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), 0);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), InternetChecksum.Compute(message));

        Rejected(message, VrrpIpContext.IPv6(Source6, Multicast6, 255)).Should().Be(VrrpPacketError.BadChecksum);
    }

    [Theory]
    [InlineData(0, VrrpPacketError.Truncated)]
    [InlineData(7, VrrpPacketError.Truncated)]
    [InlineData(15, VrrpPacketError.Truncated)]
    public void TryRead_ShortMessage_IsTruncated(int length, VrrpPacketError expected)
    {
        Rejected(Version2KnownAnswer.AsSpan(0, length), VrrpIpContext.IPv4(Source4, Multicast4, 255)).Should().Be(expected);
    }

    [Fact]
    public void TryRead_TrailingBytes_IsLengthMismatch()
    {
        byte[] longer = [.. Version2KnownAnswer, 0, 0, 0, 0];

        Rejected(longer, VrrpIpContext.IPv4(Source4, Multicast4, 255)).Should().Be(VrrpPacketError.LengthMismatch);
    }

    [Theory]
    [InlineData(0x11, VrrpPacketError.UnsupportedVersion)]
    [InlineData(0x41, VrrpPacketError.UnsupportedVersion)]
    [InlineData(0x22, VrrpPacketError.UnknownType)]
    [InlineData(0x20, VrrpPacketError.UnknownType)]
    public void TryRead_BadVersionOrType_IsRejected(byte versionType, VrrpPacketError expected)
    {
        byte[] message = (byte[])Version2KnownAnswer.Clone();
        message[0] = versionType;

        Rejected(message, VrrpIpContext.IPv4(Source4, Multicast4, 255)).Should().Be(expected);
    }

    [Fact]
    public void TryRead_ZeroAddressCount_IsRejected()
    {
        // Erratum 8299: a count of zero is refused even when the length would fit it.
        byte[] message = [0x21, 0x01, 0x64, 0x00, 0x00, 0x01, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), InternetChecksum.Compute(message));

        Rejected(message, VrrpIpContext.IPv4(Source4, Multicast4, 255)).Should().Be(VrrpPacketError.ZeroAddressCount);
    }

    [Fact]
    public void TryRead_Version3ZeroInterval_IsRejected()
    {
        byte[] message = Write(s_v3, Addresses("10.0.0.100"), VrrpIpContext.IPv4(Source4, Multicast4), VrrpChecksumForm.Message);
        message[4] = 0;
        message[5] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), 0);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), InternetChecksum.Compute(message));

        Rejected(message, VrrpIpContext.IPv4(Source4, Multicast4, 255)).Should().Be(VrrpPacketError.ZeroAdvertInterval);
    }

    [Fact]
    public void TryRead_Version2UnknownAuthType_IsRejected()
    {
        byte[] message = (byte[])Version2KnownAnswer.Clone();
        message[4] = 3;

        Rejected(message, VrrpIpContext.IPv4(Source4, Multicast4, 255)).Should().Be(VrrpPacketError.UnsupportedAuthType);
    }

    [Fact]
    public void TryRead_FlippedBit_IsBadChecksum()
    {
        byte[] message = (byte[])Version2KnownAnswer.Clone();
        message[2] ^= 0x01;

        Rejected(message, VrrpIpContext.IPv4(Source4, Multicast4, 255)).Should().Be(VrrpPacketError.BadChecksum);
    }

    [Fact]
    public void TryRead_MulticastTtlNot255_IsBadTtl()
    {
        Rejected(Version2KnownAnswer, VrrpIpContext.IPv4(Source4, Multicast4, 254)).Should().Be(VrrpPacketError.BadTtl);
    }

    [Fact]
    public void TryRead_UnicastHopLimit64_IsAcceptedWithNote()
    {
        // Debian's keepalived 2.2.7 sends IPv6 unicast adverts with hop limit 64; keepalived accepts them.
        byte[] peer = IPAddress.Parse("2001:db8::3").GetAddressBytes();
        byte[] source = IPAddress.Parse("2001:db8::2").GetAddressBytes();
        byte[] message = Write(s_v3, Addresses("2001:db8::100"), VrrpIpContext.IPv6(source, peer));

        VrrpPacketReader.TryRead(message, VrrpIpContext.IPv6(source, peer, 64), out VrrpPacket packet, out _).Should().BeTrue();

        packet.Notes.Should().HaveFlag(VrrpPacketNotes.UnicastTtlNot255);
    }

    [Fact]
    public void TryRead_Version2OverIPv6_IsFamilyMismatch()
    {
        Rejected(Version2KnownAnswer, VrrpIpContext.IPv6(Source6, Multicast6, 255)).Should().Be(VrrpPacketError.AddressFamilyMismatch);
    }

    [Fact]
    public void TryRead_Version3ReservedBitsSet_IsAcceptedWithNote()
    {
        byte[] message = Write(s_v3, Addresses("10.0.0.100"), VrrpIpContext.IPv4(Source4, Multicast4), VrrpChecksumForm.Message);
        message[4] |= 0x30;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), 0);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), InternetChecksum.Compute(message));

        VrrpPacketReader.TryRead(message, VrrpIpContext.IPv4(Source4, Multicast4, 255), out VrrpPacket packet, out _).Should().BeTrue();

        packet.Notes.Should().HaveFlag(VrrpPacketNotes.ReservedBitsSet);
        packet.AdvertIntervalCentiseconds.Should().Be(50);
    }

    [Fact]
    public void TryRead_Version3WithoutAddresses_ChecksOnlyMessageForm()
    {
        byte[] message = Write(s_v3, Addresses("10.0.0.100"), VrrpIpContext.IPv4(Source4, Multicast4), VrrpChecksumForm.PseudoHeader);
        var noAddresses = new VrrpIpContext(System.Net.Sockets.AddressFamily.InterNetwork, default, default);

        Rejected(message, noAddresses).Should().Be(VrrpPacketError.BadChecksum);
    }

    [Fact]
    public void Addresses_Enumerated_InOrder()
    {
        string[] vips = ["10.0.0.100", "10.0.0.101", "10.0.0.102"];
        byte[] message = Write(s_v3, Addresses(vips), VrrpIpContext.IPv4(Source4, Multicast4));
        VrrpPacketReader.TryRead(message, VrrpIpContext.IPv4(Source4, Multicast4, 255), out VrrpPacket packet, out _).Should().BeTrue();

        int i = 0;
        foreach (ReadOnlySpan<byte> address in packet.Addresses)
        {
            new IPAddress(address).Should().Be(IPAddress.Parse(vips[i++]));
        }

        i.Should().Be(3);
    }

    [Fact]
    public void ToReason_EveryError_HasDistinctName()
    {
        VrrpPacketError[] errors = Enum.GetValues<VrrpPacketError>();
        string[] reasons = Array.ConvertAll(errors, e => e.ToReason());

        reasons.Should().OnlyHaveUniqueItems().And.NotContain("unknown");
    }

    /// <summary>Reads <paramref name="message"/>, which must be refused, and returns why.</summary>
    private static VrrpPacketError Rejected(ReadOnlySpan<byte> message, VrrpIpContext context)
    {
        VrrpPacketReader.TryRead(message, context, out _, out VrrpPacketError error).Should().BeFalse();
        return error;
    }
}
