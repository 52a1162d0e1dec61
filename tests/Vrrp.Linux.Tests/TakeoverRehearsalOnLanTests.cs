using Vrrp.Timing;

namespace Vrrp.Linux.Tests;

/// <summary>The rehearsal with its real binder type and the instance's real addresses, on a namespace LAN: it must change nothing a neighbour or the host can see.</summary>
public sealed class TakeoverRehearsalOnLanTests() : NetnsHostTest(hostCount: 2)
{
    /// <summary>
    /// A rehearsal through <see cref="LinuxVipBinder.OpenForRehearsal"/> and a rehearsing <see cref="LinuxVrrpTransport"/>
    /// runs the add, the adverts, the announcement, a lease and the removal of the configured address: the address is
    /// not on the interface while the rehearsal is master, and no advert, gratuitous ARP or unsolicited NA reaches the
    /// other host (with an ordinary binder and transport all would).
    /// </summary>
    [Theory]
    [InlineData("10.99.0.100/24")]
    [InlineData("fd00:99::100/64")]
    public async Task RunAsync_RehearsalBinderWithTheRealAddress_NeitherBindsNorAnnouncesIt(string vip)
    {
        VrrpVirtualAddress address = VrrpVirtualAddress.Parse(vip);
        using FrameCapture capture = FrameCapture.Open(Lan[2], 0x0003); // ETH_P_ALL: every frame
        using var timers = new DedicatedThreadTimeProvider();
        var settings = new VrrpInstanceSettings
        {
            Name = "rehearsed",
            VirtualRouterId = 51,
            Version = VrrpVersion.V3,
            Priority = 100,
            AdvertInterval = TimeSpan.FromSeconds(1),
            InterfaceName = LanHost.InterfaceName,
            PrimaryAddress = address.Address.AddressFamily == AddressFamily.InterNetwork ? Host.IPv4 : Host.LinkLocal,
            VirtualAddresses = [address],
        };
        using LinuxVipBinder binder = NetworkNamespaceThread.Run(Host.Namespace, () => LinuxVipBinder.OpenForRehearsal(LanHost.InterfaceName, null, timers, TimeSpan.FromSeconds(3)));
        using LinuxVrrpTransport transport = NetworkNamespaceThread.Run(Host.Namespace, () => LinuxVrrpTransport.Open(new()
        {
            InterfaceName = LanHost.InterfaceName,
            VirtualRouterId = settings.VirtualRouterId,
            Family = address.Address.AddressFamily,
            VirtualAddresses = [address.Address],
        }));
        var observing = new AddressesAtAnnouncement(binder, Host);
        var counting = new CountingTransport(transport);
        transport.Rehearsing = true;

        await TakeoverRehearsal.RunAsync(settings with { PrimaryAddress = transport.SourceAddress.ToIPAddress() }, counting, observing, timers);
        Thread.Sleep(300);

        counting.Sent.Should().BeGreaterThanOrEqualTo(2, "the takeover's advert and the stop's priority-0 advert");
        counting.Handed.Should().Be(counting.Sent, "a rehearsal's send counts as done");
        transport.SentCount.Should().Be(0);
        transport.SendErrorCount.Should().Be(0);
        observing.Addresses.Should().NotBeNull("the rehearsal announced as master").And.NotContain(address.Address.ToString());
        var fromHost = capture.Frames.Where(f => IsAnnouncementOrAdvertFrom(f.Frame, Host)).ToList();
        fromHost.Should().BeEmpty(string.Join(" ", fromHost.Select(f => Convert.ToHexString(f.Frame))));
    }

    // ARP, an ICMPv6 neighbour advertisement (type 136) or a VRRP packet (IP protocol 112) from the host.
    private static bool IsAnnouncementOrAdvertFrom(byte[] frame, LanHost host) =>
        frame.Length >= 14 && frame.AsSpan(6, 6).SequenceEqual(host.Mac.GetAddressBytes())
        && ((frame[12] == 0x08 && frame[13] == 0x06)
            || (frame.Length >= 34 && frame[12] == 0x08 && frame[13] == 0x00 && frame[23] == 112)
            || (frame.Length >= 55 && frame[12] == 0x86 && frame[13] == 0xDD && (frame[20] == 112 || (frame[20] == 58 && frame[54] == 136))));

    /// <summary>Hands every advert to the transport and counts them, and those it reported handed to the network.</summary>
    private sealed class CountingTransport(LinuxVrrpTransport transport) : IVrrpTransport
    {
        private int _sent;
        private int _handed;

        public int Sent => Volatile.Read(ref _sent);

        public int Handed => Volatile.Read(ref _handed);

        public ValueTask SendAsync(VrrpInstanceSettings instance, ReadOnlyMemory<byte> message, VrrpAddress destination, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sent);
            if (transport.Send(message.Span, destination))
            {
                Interlocked.Increment(ref _handed);
            }

            return default;
        }
    }

    /// <summary>Hands every call to the binder and, right after the announcement, reads the host's addresses.</summary>
    private sealed class AddressesAtAnnouncement(IVipBinder binder, LanHost host) : IVipBinder
    {
        public string? Addresses { get; private set; }

        public ValueTask AddAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => binder.AddAsync(instance, cancellationToken);

        public ValueTask RemoveAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => binder.RemoveAsync(instance, cancellationToken);

        public async ValueTask AnnounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
        {
            await binder.AnnounceAsync(instance, cancellationToken);
            Addresses = host.Addresses();
        }
    }
}
