using Vrrp.Linux.Sockets;

namespace Vrrp.Linux.Tests;

/// <summary>Transports opened for the instance runner share one receive socket per interface, demultiplexed by VRID.</summary>
public sealed class SharedVrrpSocketTests() : NetnsHostTest(hostCount: 3)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task OpenShared_TwoVrids_OneSocketEachInstanceGetsItsOwnAdvertsAndOthersAreCountedOnce()
    {
        using LinuxVrrpTransport sender = LinuxVrrpTransportTests.Open(Lan[1], new() { InterfaceName = "eth0" });
        LinuxVrrpTransport first = OpenShared(Lan[2], new() { InterfaceName = "eth0", VirtualRouterId = 1 });
        LinuxVrrpTransport second = OpenShared(Lan[2], new() { InterfaceName = "eth0", VirtualRouterId = 2 });
        SharedReceiveSocket shared = first.SharedReceive!;
        await using VrrpInstance one = NewInstance(1);
        await using VrrpInstance two = NewInstance(2);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        Task loops = Task.WhenAll(first.ReceiveLoopAsync(one, stop.Token), second.ReceiveLoopAsync(two, stop.Token));
        var advert = new VrrpAdvertisement { Version = VrrpVersion.V3, Priority = 150, AdvertIntervalCentiseconds = 100, AddressCount = 1 };

        second.SharedReceive.Should().BeSameAs(shared);
        shared.References.Should().Be(2);
        await Eventually(() => Subscribed(shared, first, second));
        sender.SendAdvertisement(advert with { VirtualRouterId = 1 }, [10, 99, 0, 101]);
        sender.SendAdvertisement(advert with { VirtualRouterId = 2 }, [10, 99, 0, 102]);
        sender.SendAdvertisement(advert with { VirtualRouterId = 2 }, [10, 99, 0, 102]);
        sender.SendAdvertisement(advert with { VirtualRouterId = 3 }, [10, 99, 0, 103]);
        await Eventually(() => shared.Counters.GetCount(VrrpDropReason.VirtualRouterIdMismatch) == 1);

        first.ReceivedCount.Should().Be(1);
        second.ReceivedCount.Should().Be(2);
        one.Counters.Snapshot().AdvertisementsReceived.Should().Be(1);
        two.Counters.Snapshot().AdvertisementsReceived.Should().Be(2);
        one.Counters.GetCount(VrrpDropReason.VirtualRouterIdMismatch).Should().Be(0, "another instance's VRID is not a drop of this one");
        await stop.CancelAsync();
        await loops;
        first.Dispose();
        VrrpSocketRegistry.FindReceive(shared.Key).Should().BeSameAs(shared, "the second transport still uses it");
        second.Dispose();
        VrrpSocketRegistry.FindReceive(shared.Key).Should().BeNull("the last transport closed it");
    }

    /// <summary>
    /// The receive loop reads one datagram per ready socket per turn and lets level-triggered epoll report the socket
    /// again: a burst queued at once must still all come through, none left waiting for the next datagram.
    /// </summary>
    [Fact]
    public async Task OpenShared_BurstOfAdverts_EveryOneDelivered()
    {
        const int Burst = 300;
        using LinuxVrrpTransport sender = LinuxVrrpTransportTests.Open(Lan[1], new() { InterfaceName = "eth0" });
        LinuxVrrpTransport receiver = OpenShared(Lan[2], new() { InterfaceName = "eth0", VirtualRouterId = 1 });
        await using VrrpInstance one = NewInstance(1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        Task loop = receiver.ReceiveLoopAsync(one, stop.Token);
        await Eventually(() => Subscribed(receiver.SharedReceive!, receiver));
        var advert = new VrrpAdvertisement { Version = VrrpVersion.V3, VirtualRouterId = 1, Priority = 150, AdvertIntervalCentiseconds = 100, AddressCount = 1 };

        for (int i = 0; i < Burst; i++)
        {
            sender.SendAdvertisement(advert, [10, 99, 0, 101]).Should().Be(1);
        }

        await Eventually(() => receiver.ReceivedCount == Burst);
        receiver.ReceivedCount.Should().Be(Burst);
        await stop.CancelAsync();
        await loop;
        receiver.Dispose();
    }

    [Fact]
    public async Task OpenShared_MalformedDatagram_CountedByEveryInstanceOnTheInterface()
    {
        LinuxVrrpTransport first = OpenShared(Lan[2], new() { InterfaceName = "eth0", VirtualRouterId = 1 });
        LinuxVrrpTransport second = OpenShared(Lan[2], new() { InterfaceName = "eth0", VirtualRouterId = 2 });
        await using VrrpInstance one = NewInstance(1);
        await using VrrpInstance two = NewInstance(2);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        Task loops = Task.WhenAll(first.ReceiveLoopAsync(one, stop.Token), second.ReceiveLoopAsync(two, stop.Token));
        await Eventually(() => Subscribed(first.SharedReceive!, first, second));
        using LinuxVrrpTransport sender = LinuxVrrpTransportTests.Open(Lan[1], new() { InterfaceName = "eth0" });
        byte[] message = LinuxVrrpTransportTests.Encode(VrrpIpContext.IPv4([10, 99, 0, 1], [224, 0, 0, 18]), 1, [10, 99, 0, 101]);
        message[6] ^= 0xFF; // checksum

        sender.Send(message, VrrpAddress.FromIPAddress(IPAddress.Parse("224.0.0.18"))).Should().BeTrue();
        await Eventually(() => one.Counters.GetCount(VrrpPacketError.BadChecksum) == 1 && two.Counters.GetCount(VrrpPacketError.BadChecksum) == 1);

        first.ReceivedCount.Should().Be(0);
        await stop.CancelAsync();
        await loops;
        first.Dispose();
        second.Dispose();
    }

    [Fact]
    public void OpenShared_SameInterfaceInTwoNamespaces_TwoSockets()
    {
        using LinuxVrrpTransport a = OpenShared(Lan[1], new() { InterfaceName = "eth0", VirtualRouterId = 1 });
        using LinuxVrrpTransport b = OpenShared(Lan[2], new() { InterfaceName = "eth0", VirtualRouterId = 1 });

        a.InterfaceIndex.Should().Be(b.InterfaceIndex, "both are the second interface of their namespace");
        a.SharedReceive.Should().NotBeSameAs(b.SharedReceive);
    }

    [Fact]
    public void ReceiveAsync_OnSharedSocket_IsRefused()
    {
        using LinuxVrrpTransport shared = OpenShared(Lan[1], new() { InterfaceName = "eth0", VirtualRouterId = 1 });

        Action receive = () => shared.ReceiveAsync(new byte[LinuxVrrpTransport.RecommendedReceiveBufferLength], TestContext.Current.CancellationToken).AsTask();

        receive.Should().Throw<InvalidOperationException>().WithMessage("*ReceiveLoopAsync*");
    }

    private static bool Subscribed(SharedReceiveSocket shared, params LinuxVrrpTransport[] transports) =>
        transports.All(t => shared.IsSubscribed(t));

    private static LinuxVrrpTransport OpenShared(LanHost host, LinuxVrrpTransportOptions options) =>
        NetworkNamespaceThread.Run(host.Namespace, () => LinuxVrrpTransport.OpenShared(options));

    private static VrrpInstance NewInstance(byte vrid) => TestInstances.New(vrid);

    private static Task Eventually(Func<bool> condition) => TestInstances.Eventually(condition, s_timeout);
}
