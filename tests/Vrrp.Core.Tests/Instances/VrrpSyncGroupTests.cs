using Microsoft.Extensions.Time.Testing;
using Vrrp.Instances;

namespace Vrrp.Tests.Instances;

public sealed class VrrpSyncGroupTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly CapturingTransport _transport = new();

    /// <summary>Sync group VG of VI_A (VRID 1) and VI_B (VRID 2), both started, A first.</summary>
    private async Task<VrrpSyncGroup> StartedGroupAsync()
    {
        var group = new VrrpSyncGroup("VG", [Create("VI_A", 1), Create("VI_B", 2)]);
        foreach (VrrpInstance member in group.Members)
        {
            await member.StartAsync(TestContext.Current.CancellationToken);
        }

        return group;
    }

    private VrrpInstance Create(string name, byte vrid) =>
        new(
            InstanceFixture.DefaultSettings() with { Name = name, VirtualRouterId = vrid, VirtualAddresses = [VrrpVirtualAddress.Parse($"10.0.{vrid}.100")] },
            _transport,
            new RecordingVipBinder(_clock),
            _clock);

    [Fact]
    public async Task KeepalivedSyncGroup_GoesToMasterOnlyWhenEveryMemberWouldBeMaster()
    {
        VrrpInstance a = Create("VI_A", 1);
        VrrpInstance b = Create("VI_B", 2);
        using var group = new VrrpSyncGroup("VG", [a, b]);
        await b.StartAsync(TestContext.Current.CancellationToken);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await a.StartAsync(TestContext.Current.CancellationToken);

        // B's down timer runs out first (3.609375 s): it waits for A instead of becoming master alone.
        _clock.Advance(TimeSpan.FromTicks(36_093_750 - TimeSpan.TicksPerSecond));
        b.State.Should().Be(VrrpState.Backup);
        b.Explain().Should().StartWith("backup: would be master, but sync group VG waits until every member would be");

        // A's runs out one second later: now every member would be master, and the group moves together.
        _clock.Advance(TimeSpan.FromSeconds(1));
        a.State.Should().Be(VrrpState.Master);
        b.State.Should().Be(VrrpState.Master);
        a.GetStatus().Reason.Should().Be(VrrpTransitionReason.MasterDownTimerExpired);
        b.GetStatus().Reason.Should().Be(VrrpTransitionReason.SyncGroup);
        b.Explain().Should().StartWith("master: another member of sync group VG became master");
    }

    [Fact]
    public async Task KeepalivedSyncGroup_MemberStepsDown_OthersStepDown()
    {
        using VrrpSyncGroup group = await StartedGroupAsync();
        (VrrpInstance a, VrrpInstance b) = (group.Members[0], group.Members[1]);
        _clock.Advance(TimeSpan.FromSeconds(4));
        a.State.Should().Be(VrrpState.Master);

        var peer = new InstanceFixture(InstanceFixture.DefaultSettings() with { Name = "VI_B", VirtualRouterId = 2, VirtualAddresses = [VrrpVirtualAddress.Parse("10.0.2.100")] });
        b.ReceiveAdvertisement(peer.PeerAdvert(200, vip: System.Net.IPAddress.Parse("10.0.2.100")), InstanceFixture.Context(InstanceFixture.PeerAddress)).Should().BeTrue();

        b.State.Should().Be(VrrpState.Backup);
        a.State.Should().Be(VrrpState.Backup);
        a.GetStatus().Reason.Should().Be(VrrpTransitionReason.SyncGroup);
    }

    [Fact]
    public async Task KeepalivedSyncGroup_MemberFault_HoldsOthersInFaultUntilItClears()
    {
        using VrrpSyncGroup group = await StartedGroupAsync();
        (VrrpInstance a, VrrpInstance b) = (group.Members[0], group.Members[1]);

        a.SetLinkState(false);

        a.State.Should().Be(VrrpState.Fault);
        b.State.Should().Be(VrrpState.Fault);
        b.Explain().Should().Be("fault: another member of sync group VG is in fault or maintenance");
        a.Explain().Should().Be("fault: link down");

        a.SetLinkState(true);
        a.State.Should().Be(VrrpState.Backup);
        b.State.Should().Be(VrrpState.Backup);
    }

    [Fact]
    public void Constructor_MemberAlreadyInAGroup_Throws()
    {
        VrrpInstance a = Create("VI_A", 1);
        using var first = new VrrpSyncGroup("VG1", [a]);

        Action act = () => _ = new VrrpSyncGroup("VG2", [a]);

        act.Should().Throw<ArgumentException>().WithMessage("*already in sync group VG1*");
    }
}
