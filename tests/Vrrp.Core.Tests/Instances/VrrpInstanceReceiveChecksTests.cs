using Vrrp.Instances;

namespace Vrrp.Tests.Instances;

/// <summary>The receive checks keepalived makes optional: the unicast source and the advertised address list.</summary>
public sealed class VrrpInstanceReceiveChecksTests
{
    private static readonly IPAddress PeerSecondAddress = IPAddress.Parse("10.0.0.3");

    [Fact]
    public async Task Keepalived_UnicastAdvertFromAnotherAddressOfThePeer_IsUsedAndCounted()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync(InstanceFixture.DefaultSettings() with { UnicastPeers = [InstanceFixture.PeerAddress] });

        // The peer sends from its second address: keepalived without check_unicast_src hears it.
        f.Deliver(f.PeerAdvert(150, source: PeerSecondAddress), PeerSecondAddress).Should().BeTrue();
        f.Clock.Advance(TimeSpan.FromSeconds(3));
        f.Deliver(f.PeerAdvert(150, source: PeerSecondAddress), PeerSecondAddress);
        f.Clock.Advance(TimeSpan.FromSeconds(3));

        f.Instance.State.Should().Be(VrrpState.Backup);
        VrrpCounters counters = f.Instance.GetStatus().Counters;
        counters.UnicastSourceMismatches.Should().Be(2);
        counters.Drops.Should().NotContainKey(VrrpDropReason.UnicastSourceMismatch);
    }

    [Fact]
    public async Task Keepalived_CheckUnicastSource_DropsAndCountsAdvertsFromOtherSources()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync(InstanceFixture.DefaultSettings() with { UnicastPeers = [InstanceFixture.PeerAddress], CheckUnicastSource = true });

        f.Deliver(f.PeerAdvert(150, source: PeerSecondAddress), PeerSecondAddress).Should().BeFalse();
        f.Deliver(f.PeerAdvert(150)).Should().BeTrue();
        f.Clock.Advance(TimeSpan.FromSeconds(3));

        f.Instance.State.Should().Be(VrrpState.Backup);
        VrrpCounters counters = f.Instance.GetStatus().Counters;
        counters.UnicastSourceMismatches.Should().Be(1);
        counters.Drops.Should().ContainKey(VrrpDropReason.UnicastSourceMismatch).WhoseValue.Should().Be(1);
    }

    [Fact]
    public async Task Keepalived233_AdvertWithAnotherAddressList_IsAcceptedCountedAndItsSourceRemembered()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync();
        IPAddress other = IPAddress.Parse("10.0.0.200");

        // keepalived 2.3.3 accepts it (RFC 5798 §7.1 lets either way): a master listing other VIPs still keeps us backup.
        f.Deliver(f.PeerAdvert(200, vip: other)).Should().BeTrue();
        f.Clock.Advance(TimeSpan.FromSeconds(3));
        f.Deliver(f.PeerAdvert(200, vip: other)).Should().BeTrue();
        f.Clock.Advance(TimeSpan.FromSeconds(3));

        f.Instance.State.Should().Be(VrrpState.Backup);
        VrrpCounters counters = f.Instance.GetStatus().Counters;
        counters.AddressListMismatches.Should().Be(2);
        counters.LastAddressListMismatchSource.Should().Be(InstanceFixture.PeerAddress);
        counters.Drops.Should().BeEmpty();
    }

    [Fact]
    public async Task DropAddressListMismatch_RestoresTheOldDiscardUnlessTheOwnerSentIt()
    {
        VrrpCounters counters = await InstanceFixture.DeliverMismatchedAddressListsAsync();

        counters.Drops.Should().ContainKey(VrrpDropReason.AddressListMismatch).WhoseValue.Should().Be(1);
        counters.AddressListMismatches.Should().Be(2);
    }

    [Fact]
    public async Task SkipCheckAdvertisementAddresses_DoesNotCompareTheLists()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync(InstanceFixture.DefaultSettings() with { CheckAdvertisementAddresses = false, DropAddressListMismatch = true });

        f.Deliver(f.PeerAdvert(200, vip: IPAddress.Parse("10.0.0.200"))).Should().BeTrue();

        f.Instance.GetStatus().Counters.AddressListMismatches.Should().Be(0);
    }
}
