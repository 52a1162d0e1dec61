namespace Vrrp.Linux.Tests;

public sealed class LinuxVrrpTransportTests() : NetnsHostTest(hostCount: 3)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task SendAdvertisement_V3Multicast_ReceivedByPeerWithTtl255AndGroupDestination()
    {
        using LinuxVrrpTransport sender = Open(Lan[1], new() { InterfaceName = "eth0", VirtualRouterId = 7 });
        using LinuxVrrpTransport receiver = Open(Lan[2], new() { InterfaceName = "eth0", VirtualRouterId = 7 });
        byte[] vips = [10, 99, 0, 100, 10, 99, 0, 101];
        var advert = new VrrpAdvertisement { Version = VrrpVersion.V3, VirtualRouterId = 7, Priority = 150, AdvertIntervalCentiseconds = 100, AddressCount = 2 };

        sender.SourceAddress.ToString().Should().Be("10.99.0.1");
        sender.SendAdvertisement(advert, vips).Should().Be(1);
        byte[] buffer = new byte[LinuxVrrpTransport.RecommendedReceiveBufferLength];
        VrrpReceivedAdvertisement received = await receiver.ReceiveAsync(buffer, Timeout());

        received.Advertisement.Should().Be(advert);
        received.Source.ToString().Should().Be("10.99.0.1");
        received.Destination.ToString().Should().Be("224.0.0.18");
        received.Ttl.Should().Be(255);
        received.ChecksumForm.Should().Be(VrrpChecksumForm.PseudoHeader);
        received.GetMessage(buffer)[8..].ToArray().Should().Equal(vips);
        sender.SentCount.Should().Be(1);
        receiver.ReceivedCount.Should().Be(1);
    }

    /// <summary>
    /// The received advertisement carries how long ago the kernel received it (SO_TIMESTAMPNS), so an instance counts
    /// Master_Down_Timer from the arrival: read 200 ms after it came, it is at least that old (IPv4 and IPv6).
    /// </summary>
    [Theory]
    [InlineData(AddressFamily.InterNetwork)]
    [InlineData(AddressFamily.InterNetworkV6)]
    public async Task ReceiveAsync_ReadLate_AgeIsTheTimeSinceTheKernelReceivedIt(AddressFamily family)
    {
        using LinuxVrrpTransport sender = Open(Lan[1], new() { InterfaceName = "eth0", VirtualRouterId = 7, Family = family });
        using LinuxVrrpTransport receiver = Open(Lan[2], new() { InterfaceName = "eth0", VirtualRouterId = 7, Family = family });
        var advert = new VrrpAdvertisement { Version = VrrpVersion.V3, VirtualRouterId = 7, Priority = 150, AdvertIntervalCentiseconds = 100, AddressCount = 1 };
        byte[] vip = family == AddressFamily.InterNetwork ? [10, 99, 0, 100] : IPAddress.Parse("fd00:99::100").GetAddressBytes();

        byte[] buffer = new byte[LinuxVrrpTransport.RecommendedReceiveBufferLength];

        // The kernel turns receive timestamps on for the first such socket a moment later (deferred work): until then
        // a datagram is stamped when it is read (age about zero, as good as unknown). One advert first, then the one measured.
        sender.SendAdvertisement(advert, vip).Should().Be(1);
        await receiver.ReceiveAsync(buffer, Timeout());
        Thread.Sleep(100);
        sender.SendAdvertisement(advert, vip).Should().Be(1);
        Thread.Sleep(200);
        VrrpReceivedAdvertisement received = await receiver.ReceiveAsync(buffer, Timeout());

        received.Advertisement.Should().Be(advert);
        received.Age.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(190)).And.BeLessThan(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task SendAdvertisement_OtherMulticastGroup_JoinedAndSentToInsteadOfTheRfcGroup()
    {
        IPAddress group = IPAddress.Parse("224.0.0.99");
        using LinuxVrrpTransport sender = Open(Lan[1], new() { InterfaceName = "eth0", VirtualRouterId = 7, MulticastGroup = group });
        using LinuxVrrpTransport receiver = Open(Lan[2], new() { InterfaceName = "eth0", VirtualRouterId = 7, MulticastGroup = group });
        var advert = new VrrpAdvertisement { Version = VrrpVersion.V3, VirtualRouterId = 7, Priority = 150, AdvertIntervalCentiseconds = 100, AddressCount = 1 };

        Lan[2].Ip("maddr", "show", "dev", "eth0").Should().Contain("224.0.0.99").And.NotContain("224.0.0.18");
        sender.SendAdvertisement(advert, [10, 99, 0, 100]).Should().Be(1);
        byte[] buffer = new byte[LinuxVrrpTransport.RecommendedReceiveBufferLength];
        VrrpReceivedAdvertisement received = await receiver.ReceiveAsync(buffer, Timeout());

        received.Destination.ToString().Should().Be("224.0.0.99");
        received.Ttl.Should().Be(255);
    }

    [Fact]
    public void Open_UnicastAddressAsMulticastGroup_IsRejected()
    {
        Action open = () => Open(Lan[1], new() { InterfaceName = "eth0", MulticastGroup = IPAddress.Parse("10.99.0.2") });

        open.Should().Throw<ArgumentException>().WithMessage("*10.99.0.2 is not an InterNetwork multicast address*");
    }

    [Fact]
    public async Task SendAdvertisement_V2WithPassword_ReceivedWithAuthenticationData()
    {
        using LinuxVrrpTransport sender = Open(Lan[1], new() { InterfaceName = "eth0" });
        using LinuxVrrpTransport receiver = Open(Lan[2], new() { InterfaceName = "eth0" });
        var advert = new VrrpAdvertisement { Version = VrrpVersion.V2, VirtualRouterId = 51, Priority = 100, AdvertIntervalCentiseconds = 100, AuthType = VrrpAuthType.SimpleText, AddressCount = 1 };

        sender.SendAdvertisement(advert, [10, 99, 0, 100], "secret"u8);
        byte[] buffer = new byte[LinuxVrrpTransport.RecommendedReceiveBufferLength];
        VrrpReceivedAdvertisement received = await receiver.ReceiveAsync(buffer, Timeout());

        received.Advertisement.Should().Be(advert);
        received.GetMessage(buffer)[^8..].ToArray().Should().Equal("secret\0\0"u8.ToArray());
    }

    [Fact]
    public async Task SendAdvertisement_V3IPv6Multicast_SourceIsLinkLocalAndHopLimitComesFromAncillaryData()
    {
        using LinuxVrrpTransport sender = Open(Lan[1], new() { InterfaceName = "eth0", Family = AddressFamily.InterNetworkV6 });
        using LinuxVrrpTransport receiver = Open(Lan[2], new() { InterfaceName = "eth0", Family = AddressFamily.InterNetworkV6 });
        byte[] vip = IPAddress.Parse("fd00:99::100").GetAddressBytes();
        var advert = new VrrpAdvertisement { Version = VrrpVersion.V3, VirtualRouterId = 9, Priority = 200, AdvertIntervalCentiseconds = 50, AddressCount = 1 };

        sender.SendAdvertisement(advert, vip);
        byte[] buffer = new byte[LinuxVrrpTransport.RecommendedReceiveBufferLength];
        VrrpReceivedAdvertisement received = await receiver.ReceiveAsync(buffer, Timeout());

        sender.SourceAddress.ToString().Should().Be("fe80::1");
        received.Source.ToString().Should().Be("fe80::1");
        received.Destination.ToString().Should().Be("ff02::12");
        received.Ttl.Should().Be(255);
        received.Advertisement.Should().Be(advert);
        received.GetMessage(buffer)[8..].ToArray().Should().Equal(vip);
    }

    [Fact]
    public async Task SendAdvertisement_Unicast_ReachesPeerAndUnknownSourcesArePassedOnForTheInstanceToCheck()
    {
        using LinuxVrrpTransport first = Open(Lan[1], new() { InterfaceName = "eth0", UnicastPeers = [Lan[2].IPv4] });
        using LinuxVrrpTransport second = Open(Lan[2], new() { InterfaceName = "eth0", UnicastPeers = [Lan[1].IPv4] });
        using LinuxVrrpTransport stranger = Open(Lan[3], new() { InterfaceName = "eth0", UnicastPeers = [Lan[2].IPv4] });
        var advert = new VrrpAdvertisement { Version = VrrpVersion.V3, VirtualRouterId = 3, Priority = 100, AddressCount = 1 };

        // keepalived hears a peer that sends from another of its addresses unless check_unicast_src is set; the
        // instance decides (VrrpInstanceSettings.CheckUnicastSource), so the transport passes the advert on.
        stranger.SendAdvertisement(advert with { Priority = 250 }, [10, 99, 0, 100]);
        byte[] buffer = new byte[LinuxVrrpTransport.RecommendedReceiveBufferLength];
        VrrpReceivedAdvertisement fromStranger = await second.ReceiveAsync(buffer, Timeout());
        fromStranger.Source.ToString().Should().Be("10.99.0.3");
        fromStranger.Advertisement.Priority.Should().Be(250);
        first.SendAdvertisement(advert, [10, 99, 0, 100]);
        VrrpReceivedAdvertisement received = await second.ReceiveAsync(buffer, Timeout());

        first.IsUnicast.Should().BeTrue();
        received.Source.ToString().Should().Be("10.99.0.1");
        received.Destination.ToString().Should().Be("10.99.0.2");
        received.Advertisement.Priority.Should().Be(100);
    }

    [Fact]
    public async Task ReceiveAsync_IPv6UnicastWithHopLimit64_AcceptedAsKeepalivedDoes()
    {
        using LinuxVrrpTransport receiver = Open(Lan[2], new() { InterfaceName = "eth0", Family = AddressFamily.InterNetworkV6, UnicastPeers = [Lan[1].LinkLocal] });
        byte[] message = Encode(VrrpIpContext.IPv6(Lan[1].LinkLocal.GetAddressBytes(), Lan[2].LinkLocal.GetAddressBytes()), 5, IPAddress.Parse("fd00:99::100").GetAddressBytes());

        // Debian's keepalived 2.2.7 sends IPv6 unicast adverts with the default hop limit (64).
        SendRaw(Lan[1], AddressFamily.InterNetworkV6, message, new IPAddress(Lan[2].LinkLocal.GetAddressBytes(), 0), hops: 64);
        byte[] buffer = new byte[LinuxVrrpTransport.RecommendedReceiveBufferLength];
        VrrpReceivedAdvertisement received = await receiver.ReceiveAsync(buffer, Timeout());

        received.Ttl.Should().Be(64);
        received.Notes.Should().HaveFlag(VrrpPacketNotes.UnicastTtlNot255);
        received.Destination.ToString().Should().Be("fe80::2");
    }

    [Fact]
    public async Task ReceiveAsync_MulticastWithTtl1OrBadChecksum_CountedByReasonAndDropped()
    {
        using LinuxVrrpTransport receiver = Open(Lan[2], new() { InterfaceName = "eth0" });
        using LinuxVrrpTransport sender = Open(Lan[1], new() { InterfaceName = "eth0" });
        byte[] group = [224, 0, 0, 18];
        byte[] good = Encode(VrrpIpContext.IPv4(Lan[1].IPv4.GetAddressBytes(), group), 4, [10, 99, 0, 100]);
        byte[] corrupt = (byte[])good.Clone();
        corrupt[^1] ^= 0xFF;

        SendRaw(Lan[1], AddressFamily.InterNetwork, good, IPAddress.Parse("224.0.0.18"), hops: 1);
        sender.Send(corrupt, VrrpAddress.FromBytes(group)).Should().BeTrue();
        sender.Send(good, VrrpAddress.FromBytes(group)).Should().BeTrue();
        byte[] buffer = new byte[LinuxVrrpTransport.RecommendedReceiveBufferLength];
        VrrpReceivedAdvertisement received = await receiver.ReceiveAsync(buffer, Timeout());

        received.Advertisement.VirtualRouterId.Should().Be(4);
        receiver.GetDropCount(VrrpPacketError.BadTtl).Should().Be(1);
        receiver.GetDropCount(VrrpPacketError.BadChecksum).Should().Be(1);
        receiver.ReceivedCount.Should().Be(1);
    }

    [Fact]
    public async Task ReceiveAsync_OtherVrid_DroppedByFilter()
    {
        using LinuxVrrpTransport sender = Open(Lan[1], new() { InterfaceName = "eth0" });
        using LinuxVrrpTransport receiver = Open(Lan[2], new() { InterfaceName = "eth0", VirtualRouterId = 2 });
        var advert = new VrrpAdvertisement { VirtualRouterId = 1, Priority = 100, AddressCount = 1 };

        sender.SendAdvertisement(advert, [10, 99, 0, 100]);
        sender.SendAdvertisement(advert with { VirtualRouterId = 2 }, [10, 99, 0, 100]);
        VrrpReceivedAdvertisement received = await receiver.ReceiveAsync(new byte[LinuxVrrpTransport.RecommendedReceiveBufferLength], Timeout());

        received.Advertisement.VirtualRouterId.Should().Be(2);
        receiver.GetDropCount(VrrpDropReason.VirtualRouterIdMismatch).Should().Be(1);
    }

    [Fact]
    public void Open_MissingInterface_SaysSo()
    {
        Action open = () => Open(Lan[1], new() { InterfaceName = "nosuch0" });

        open.Should().Throw<System.IO.IOException>().WithMessage("interface nosuch0 does not exist");
    }

    [Fact]
    public void Open_SourceNotOnInterface_SaysWhichAddress()
    {
        Action open = () => Open(Lan[1], new() { InterfaceName = "eth0", SourceAddress = IPAddress.Parse("192.0.2.1") });

        open.Should().Throw<System.IO.IOException>().WithMessage("cannot send VRRP advertisements from 192.0.2.1 on eth0*");
    }

    [Fact]
    public void Open_WithoutNetRaw_NeedsCapNetRaw()
    {
        Exception? thrown = NetworkNamespaceThread.Run(Lan[1].Namespace, () =>
        {
            ThreadCapabilities.DropEffective(ThreadCapabilities.NetRaw);
            try
            {
                LinuxVrrpTransport.Open(new() { InterfaceName = "eth0" }).Dispose();
                return null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        });

        thrown.Should().BeOfType<MissingCapabilityException>().Which.Message.Should().Be("opening the VRRP socket on eth0 needs CAP_NET_RAW");
    }

    internal static LinuxVrrpTransport Open(LanHost host, LinuxVrrpTransportOptions options) =>
        NetworkNamespaceThread.Run(host.Namespace, () => LinuxVrrpTransport.Open(options));

    internal static byte[] Encode(VrrpIpContext ip, byte vrid, byte[] addresses)
    {
        byte[] message = new byte[256];
        var advert = new VrrpAdvertisement { VirtualRouterId = vrid, Priority = 100, AddressCount = (byte)(addresses.Length / ip.AddressLength) };
        VrrpPacketWriter.TryWrite(message, advert, addresses, ip, out int written).Should().BeTrue();
        return message[..written];
    }

    /// <summary>Sends a VRRP message with a plain raw socket and a chosen TTL / hop limit, as another implementation would.</summary>
    private static void SendRaw(LanHost host, AddressFamily family, byte[] message, IPAddress destination, int hops)
    {
        NetworkNamespaceThread.Run(host.Namespace, () =>
        {
            bool v6 = family == AddressFamily.InterNetworkV6;
            using Socket socket = LinuxSocket.Create(v6 ? Interop.AF_INET6 : Interop.AF_INET, Interop.SOCK_RAW, Interop.IPPROTO_VRRP, "test", "CAP_NET_RAW");
            LinuxSocket.BindToDevice(socket, "eth0", "test");
            if (v6)
            {
                LinuxSocket.SetOption(socket, Interop.IPPROTO_IPV6, Interop.IPV6_UNICAST_HOPS, hops, "test");
                LinuxSocket.SetOption(socket, Interop.IPPROTO_IPV6, Interop.IPV6_MULTICAST_HOPS, hops, "test");
                socket.Bind(new IPEndPoint(new IPAddress(host.LinkLocal.GetAddressBytes(), 2), 0));
                socket.SendTo(message, new IPEndPoint(new IPAddress(destination.GetAddressBytes(), 2), 0));
            }
            else
            {
                socket.Ttl = (short)hops;
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, hops);
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.HostToNetworkOrder(2));
                socket.SendTo(message, new IPEndPoint(destination, 0));
            }
        });
    }

    private static CancellationToken Timeout()
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(s_timeout);
        return source.Token;
    }
}
