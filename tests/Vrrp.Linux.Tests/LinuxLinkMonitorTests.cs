using Vrrp.Linux.Links;
using Vrrp.Linux.Netlink;

namespace Vrrp.Linux.Tests;

public sealed class LinuxLinkMonitorTests() : NetnsHostTest(hostCount: 1)
{
    [Fact]
    public async Task ReadEventAsync_InterfaceSetDownAndUp_ReportsDownThenUp()
    {
        using LinuxLinkMonitor monitor = Open(["eth0"]);
        monitor.FindLink("eth0")!.IsUp.Should().BeTrue();

        Host.Ip("link", "set", "eth0", "down");
        LinkEvent down = await NextAsync(monitor, LinkEventKind.Down);
        Host.Ip("link", "set", "eth0", "up");
        LinkEvent up = await NextAsync(monitor, LinkEventKind.Up);

        down.Should().Be(new LinkEvent(LinkEventKind.Down, "eth0", monitor.FindLink("eth0")!.Index, false));
        up.IsUp.Should().BeTrue();
        up.InterfaceName.Should().Be("eth0");
    }

    [Fact]
    public async Task ReadEventAsync_CarrierLostAtTheSwitch_ReportsDown()
    {
        using LinuxLinkMonitor monitor = Open(["eth0"]);

        // The cable is pulled: the bridge port (the other end of the veth) goes down; eth0 stays administratively up.
        Lan.SwitchIp("link", "set", "p1", "down");
        LinkEvent down = await NextAsync(monitor, LinkEventKind.Down);
        Lan.SwitchIp("link", "set", "p1", "up");
        LinkEvent up = await NextAsync(monitor, LinkEventKind.Up);

        down.InterfaceName.Should().Be("eth0");
        monitor.FindLink("eth0")!.IsAdministrativelyUp.Should().BeTrue();
        up.IsUp.Should().BeTrue();
    }

    [Fact]
    public async Task ReadEventAsync_InterfaceCreatedLate_PickedUpByName()
    {
        using LinuxLinkMonitor monitor = Open(["late0"]);
        monitor.FindLink("late0").Should().BeNull();

        Host.Ip("link", "add", "late0", "type", "veth", "peer", "name", "late0p");
        LinkEvent added = await NextAsync(monitor, LinkEventKind.Added);
        Host.Ip("link", "set", "late0p", "up");
        Host.Ip("link", "set", "late0", "up");
        LinkEvent up = await NextAsync(monitor, LinkEventKind.Up);

        added.InterfaceName.Should().Be("late0");
        added.IsUp.Should().BeFalse();
        up.InterfaceIndex.Should().Be(added.InterfaceIndex);
        monitor.FindLink("late0")!.IsUp.Should().BeTrue();
    }

    [Fact]
    public async Task ReadEventAsync_InterfaceRecreated_ReportsRemovedThenAddedWithNewIndex()
    {
        Host.Ip("link", "add", "vr0", "type", "veth", "peer", "name", "vr0p");
        using LinuxLinkMonitor monitor = Open(["vr0"]);
        int oldIndex = monitor.FindLink("vr0")!.Index;

        Host.Ip("link", "del", "vr0");
        LinkEvent removed = await NextAsync(monitor, LinkEventKind.Removed);
        Host.Ip("link", "add", "vr0", "type", "veth", "peer", "name", "vr0p");
        LinkEvent added = await NextAsync(monitor, LinkEventKind.Added);

        removed.InterfaceIndex.Should().Be(oldIndex);
        added.InterfaceIndex.Should().NotBe(oldIndex);
        monitor.FindLink("vr0")!.Index.Should().Be(added.InterfaceIndex);
    }

    [Fact]
    public async Task ReadEventAsync_AddressAddedAndRemoved_ReportsAddressAndPrefix()
    {
        using LinuxLinkMonitor monitor = Open(["eth0"]);

        Host.Ip("addr", "add", "10.99.0.50/28", "dev", "eth0");
        LinkEvent added = await NextAsync(monitor, LinkEventKind.AddressAdded);
        Host.Ip("addr", "del", "10.99.0.50/28", "dev", "eth0");
        LinkEvent removed = await NextAsync(monitor, LinkEventKind.AddressRemoved);

        added.Address!.ToString().Should().Be("10.99.0.50");
        added.PrefixLength.Should().Be(28);
        removed.Address!.ToString().Should().Be("10.99.0.50");
    }

    [Fact]
    public async Task IgnoreAddressesAddedBy_OwnSharedSocket_LeavesOutOwnAddsOnly()
    {
        using LinuxLinkMonitor monitor = Open(["eth0"]);
        using NetlinkAddresses binder = NetworkNamespaceThread.Run(Host.Namespace, () => NetlinkAddresses.Open());
        SharedNetlinkSocket requests = NetworkNamespaceThread.Run(Host.Namespace, SharedNetlinkSocket.Acquire);
        try
        {
            monitor.IgnoreAddressesAddedBy(requests.PortId);

            // Added (and renewed) through the shared socket: dropped in the kernel. Then one from another process.
            NetworkNamespaceThread.Run(Host.Namespace, () => binder.Add(new VrrpVirtualAddress(IPAddress.Parse("10.99.0.51")), "eth0"));
            Host.Ip("addr", "add", "10.99.0.52/32", "dev", "eth0");
            LinkEvent added = await NextAsync(monitor, LinkEventKind.AddressAdded);

            added.Address!.ToString().Should().Be("10.99.0.52");
        }
        finally
        {
            requests.Release();
        }
    }

    [Fact]
    public async Task Open_WithoutNetAdminOrNetRaw_StillSeesEvents()
    {
        using LinuxLinkMonitor monitor = NetworkNamespaceThread.Run(Host.Namespace, () =>
        {
            ThreadCapabilities.DropEffective(ThreadCapabilities.NetAdmin, ThreadCapabilities.NetRaw);
            return LinuxLinkMonitor.Open(["eth0"]);
        });

        Host.Ip("link", "set", "eth0", "down");

        (await NextAsync(monitor, LinkEventKind.Down)).InterfaceName.Should().Be("eth0");
    }

    private LinuxLinkMonitor Open(string[] tracked) => NetworkNamespaceThread.Run(Host.Namespace, () => LinuxLinkMonitor.Open(tracked));

    /// <summary>Reads events until one of <paramref name="kind"/> (others, like address changes on link up, are skipped).</summary>
    private static async Task<LinkEvent> NextAsync(LinuxLinkMonitor monitor, LinkEventKind kind)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        while (true)
        {
            LinkEvent next = await monitor.ReadEventAsync(timeout.Token);
            if (next.Kind == kind)
            {
                return next;
            }
        }
    }
}
