using Vrrp.Instances;

namespace Vrrp.Tests.Instances;

/// <summary><see cref="VrrpInstance.SetSourceAddress"/>: the interface's address changed or went away under the instance.</summary>
public sealed class VrrpInstanceSourceAddressTests
{
    private static readonly IPAddress s_newAddress = IPAddress.Parse("10.0.0.11");

    [Fact]
    public async Task SetSourceAddress_Master_AdvertisesAtOnceWithTheNewAddressInTheChecksum()
    {
        InstanceFixture f = await StartMasterAsync();
        int sent = f.Transport.Sent.Count;

        f.Instance.SetSourceAddress(s_newAddress).Should().BeTrue();

        f.Transport.Sent.Should().HaveCount(sent + 1, "a master advertises from its new address at once");
        byte[] message = f.Transport.Sent[^1].Message;
        VrrpPacketReader.TryRead(message, InstanceFixture.Context(s_newAddress), out VrrpPacket packet, out VrrpPacketError error).Should().BeTrue(error.ToString());
        packet.Priority.Should().Be(100);
        VrrpPacketReader.TryRead(message, InstanceFixture.Context(InstanceFixture.LocalAddress), out _, out error).Should().BeFalse("the VRRPv3 checksum covers the source address");
        error.Should().Be(VrrpPacketError.BadChecksum);
        f.Instance.GetStatus().MasterAddress.Should().Be(s_newAddress);

        f.Clock.Advance(TimeSpan.FromSeconds(1));
        VrrpPacketReader.TryRead(f.Transport.Sent[^1].Message, InstanceFixture.Context(s_newAddress), out _, out error).Should().BeTrue("the next scheduled advert too: " + error);
    }

    [Fact]
    public async Task SetSourceAddress_Null_FaultsReleasesTheAddressesAndRecoversWhenAnAddressReturns()
    {
        InstanceFixture f = await StartMasterAsync();

        f.Instance.SetSourceAddress(null);

        f.Instance.State.Should().Be(VrrpState.Fault);
        f.Transport.LastPriority.Should().Be(0, "the backups take over after Skew_Time");
        f.Binder.IsBound("VI_1").Should().BeFalse();
        f.Instance.Explain().Should().Be("fault: no usable source address on the interface");
        f.Clock.Advance(TimeSpan.FromSeconds(10));
        f.Instance.State.Should().Be(VrrpState.Fault);

        f.Instance.SetSourceAddress(s_newAddress);

        f.Instance.State.Should().Be(VrrpState.Backup);
        f.Clock.Advance(TimeSpan.FromSeconds(4));
        f.Instance.State.Should().Be(VrrpState.Master);
        VrrpPacketReader.TryRead(f.Transport.Sent[^1].Message, InstanceFixture.Context(s_newAddress), out _, out VrrpPacketError error).Should().BeTrue(error.ToString());
    }

    [Fact]
    public async Task SetSourceAddress_NullWhileLinkDown_StaysInFaultUntilBothReturn()
    {
        InstanceFixture f = await StartMasterAsync();

        f.Instance.SetLinkState(false);
        f.Instance.SetSourceAddress(null);
        f.Instance.SetLinkState(true);

        f.Instance.State.Should().Be(VrrpState.Fault);
        f.Instance.SetSourceAddress(InstanceFixture.LocalAddress);
        f.Instance.State.Should().Be(VrrpState.Backup);
    }

    [Fact]
    public async Task SetSourceAddress_EqualPriorityTieBreak_UsesTheNewAddress()
    {
        // 10.0.0.1 < 10.0.0.2 would yield to an equal-priority peer (RFC 5798 §6.4.3); 10.0.0.11 > 10.0.0.2 does not.
        InstanceFixture f = await StartMasterAsync();
        f.Instance.SetSourceAddress(s_newAddress);

        f.Deliver(f.PeerAdvert(100)).Should().BeTrue();

        f.Instance.State.Should().Be(VrrpState.Master);
    }

    [Fact]
    public async Task SetSourceAddress_OwnAdvertFromTheNewAddress_IsDroppedAsOurOwn()
    {
        InstanceFixture f = await StartMasterAsync();
        f.Instance.SetSourceAddress(s_newAddress);

        f.Deliver(f.Transport.Sent[^1].Message, s_newAddress).Should().BeFalse();

        f.Instance.GetStatus().Counters.Drops.Should().ContainKey(VrrpDropReason.OwnAdvertisement);
        f.Instance.State.Should().Be(VrrpState.Master);
    }

    [Fact]
    public async Task SetSourceAddress_Backup_ChangesNothingButTheAddress()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync(InstanceFixture.DefaultSettings() with { Version = VrrpVersion.V3 });

        f.Instance.SetSourceAddress(s_newAddress);

        f.Instance.State.Should().Be(VrrpState.Backup);
        f.Transport.Sent.Should().BeEmpty();
        f.Binder.Events.Should().BeEmpty();
    }

    [Fact]
    public void SetSourceAddress_OtherFamily_Throws()
    {
        var f = new InstanceFixture();

        Action act = () => f.Instance.SetSourceAddress(IPAddress.Parse("fe80::1"));

        act.Should().Throw<ArgumentException>().WithMessage("*fe80::1*InterNetwork*");
    }

    private static async Task<InstanceFixture> StartMasterAsync()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync(InstanceFixture.DefaultSettings() with { Version = VrrpVersion.V3 });
        f.Clock.Advance(TimeSpan.FromSeconds(4));
        f.Instance.State.Should().Be(VrrpState.Master);
        f.Binder.IsBound("VI_1").Should().BeTrue();
        return f;
    }
}
