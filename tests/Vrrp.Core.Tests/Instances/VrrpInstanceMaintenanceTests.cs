using Microsoft.Extensions.Time.Testing;
using Vrrp.Instances;
using Vrrp.Tracking;

namespace Vrrp.Tests.Instances;

/// <summary><see cref="VrrpInstance.SetMaintenance"/>: an operator takes an instance out of the election and back.</summary>
public sealed class VrrpInstanceMaintenanceTests
{
    private static readonly TimeSpan MasterDown100 = TimeSpan.FromTicks(36_093_750);

    [Fact]
    public async Task SetMaintenance_OnAMaster_SendsPriorityZeroReleasesAndStaysOutOfTheElection()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync();
        f.Clock.Advance(MasterDown100);
        var changes = new List<VrrpStateChangedEventArgs>();
        f.Instance.StateChanged += (_, e) => changes.Add(e);
        int sent = f.Transport.Count;

        f.Instance.SetMaintenance(true).Should().BeTrue();

        f.Instance.IsInMaintenance.Should().BeTrue();
        f.Transport.Count.Should().Be(sent + 1);
        f.Transport.LastPriority.Should().Be(0);
        f.Binder.IsBound("VI_1").Should().BeFalse();
        changes.Select(c => $"{c.From}->{c.To}:{c.Reason}").Should().Equal("Master->Fault:Maintenance");
        VrrpInstanceStatus status = f.Instance.GetStatus();
        status.InMaintenance.Should().BeTrue();
        status.State.Should().Be(VrrpState.Fault);
        status.Reason.Should().Be(VrrpTransitionReason.Maintenance);
        status.OwnsVirtualAddresses.Should().BeFalse();
        f.Instance.Explain().Should().Be("maintenance: out of the election on an operator's request (maintenance off to return)");

        // Out of the election: no adverts, no takeover however long nobody advertises.
        f.Clock.Advance(TimeSpan.FromSeconds(30));
        f.Transport.Count.Should().Be(sent + 1);
        f.Instance.State.Should().Be(VrrpState.Fault);
    }

    [Fact]
    public async Task SetMaintenance_Off_StartsOverAsBackupAndRejoinsTheElection()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync();
        f.Clock.Advance(MasterDown100);
        f.Instance.SetMaintenance(true);
        var changes = new List<VrrpStateChangedEventArgs>();
        f.Instance.StateChanged += (_, e) => changes.Add(e);

        f.Instance.SetMaintenance(false).Should().BeTrue();
        f.Instance.IsInMaintenance.Should().BeFalse();
        f.Instance.State.Should().Be(VrrpState.Backup);
        f.Clock.Advance(MasterDown100);

        f.Instance.State.Should().Be(VrrpState.Master);
        changes.Select(c => $"{c.From}->{c.To}:{c.Reason}").Should().Equal("Fault->Backup:Maintenance", "Backup->Master:MasterDownTimerExpired");
        f.Instance.GetStatus().InMaintenance.Should().BeFalse();
    }

    [Fact]
    public async Task SetMaintenance_OnABackup_LeavesTheElectionWithoutSendingOrBinding()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync();
        f.Deliver(f.PeerAdvert(150)).Should().BeTrue();

        f.Instance.SetMaintenance(true);

        f.Instance.State.Should().Be(VrrpState.Fault);
        f.Instance.GetStatus().Reason.Should().Be(VrrpTransitionReason.Maintenance);
        f.Transport.Count.Should().Be(0);
        f.Binder.Events.Should().BeEmpty();
        f.Clock.Advance(TimeSpan.FromSeconds(30));
        f.Instance.State.Should().Be(VrrpState.Fault);
        f.Binder.Events.Should().BeEmpty();
    }

    [Fact]
    public async Task SetMaintenance_FaultsComeAndGoMeanwhile_StaysInMaintenance()
    {
        VrrpInstanceSettings settings = InstanceFixture.DefaultSettings() with { TrackedItems = [new VrrpTrackedItem { Name = "chk", Weight = 0 }] };
        InstanceFixture f = await InstanceFixture.StartedAsync(settings);
        f.Instance.SetMaintenance(true);

        f.Instance.SetLinkState(false);
        f.Instance.ReportTrackedItem("chk", healthy: false);
        f.Instance.Explain().Should().Be("maintenance: out of the election on an operator's request (maintenance off to return); also faulted: link down; chk failing (weight 0)");
        f.Instance.SetLinkState(true);
        f.Instance.ReportTrackedItem("chk", healthy: true);
        f.Clock.Advance(TimeSpan.FromSeconds(30));

        f.Instance.State.Should().Be(VrrpState.Fault);
        f.Instance.GetStatus().InMaintenance.Should().BeTrue();
        f.Binder.Events.Should().BeEmpty();
    }

    [Fact]
    public async Task SetMaintenance_OffWhileAFaultRemains_StaysInFaultUntilItClears()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync();
        f.Instance.SetMaintenance(true);
        f.Instance.SetLinkState(false);

        f.Instance.SetMaintenance(false);

        f.Instance.State.Should().Be(VrrpState.Fault);
        f.Instance.GetStatus().InMaintenance.Should().BeFalse();
        f.Instance.Explain().Should().Be("fault: link down");
        f.Instance.SetLinkState(true);
        f.Instance.State.Should().Be(VrrpState.Backup);
        f.Instance.GetStatus().Reason.Should().Be(VrrpTransitionReason.FaultCleared);
    }

    [Fact]
    public async Task SetMaintenance_BeforeStart_StartsInMaintenance()
    {
        var f = new InstanceFixture();
        f.Instance.SetMaintenance(true).Should().BeTrue();

        await f.Instance.StartAsync(TestContext.Current.CancellationToken);

        f.Instance.State.Should().Be(VrrpState.Fault);
        f.Instance.GetStatus().Reason.Should().Be(VrrpTransitionReason.Maintenance);
        f.Clock.Advance(TimeSpan.FromSeconds(30));
        f.Transport.Count.Should().Be(0);
    }

    [Fact]
    public async Task SetMaintenance_Owner_ReleasesAndOnReturnIsMasterAtOnce()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync(InstanceFixture.DefaultSettings() with { Priority = 255 });

        f.Instance.SetMaintenance(true);
        f.Transport.LastPriority.Should().Be(0);
        f.Binder.IsBound("VI_1").Should().BeFalse();
        f.Instance.SetMaintenance(false);

        f.Instance.State.Should().Be(VrrpState.Master);
        f.Instance.GetStatus().Reason.Should().Be(VrrpTransitionReason.AddressOwner);
        f.Binder.IsBound("VI_1").Should().BeTrue();
    }

    [Fact]
    public async Task SetMaintenance_Stopped_ReturnsFalseAndChangesNothing()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync();
        await f.Instance.StopAsync(TestContext.Current.CancellationToken);

        f.Instance.SetMaintenance(true).Should().BeFalse();

        f.Instance.IsInMaintenance.Should().BeFalse();
        f.Instance.State.Should().Be(VrrpState.Stopped);
    }

    [Fact]
    public async Task SetMaintenance_SyncGroupMember_HoldsTheWholeGroupOutUntilItReturns()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var transport = new CapturingTransport();
        var binder = new RecordingVipBinder(clock);
        VrrpInstance Create(string name, byte vrid) => new(
            InstanceFixture.DefaultSettings() with { Name = name, VirtualRouterId = vrid, VirtualAddresses = [VrrpVirtualAddress.Parse($"10.0.{vrid}.100")] },
            transport,
            binder,
            clock);
        using var group = new VrrpSyncGroup("VG", [Create("VI_A", 1), Create("VI_B", 2)]);
        (VrrpInstance a, VrrpInstance b) = (group.Members[0], group.Members[1]);
        await a.StartAsync(TestContext.Current.CancellationToken);
        await b.StartAsync(TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(4));
        a.State.Should().Be(VrrpState.Master);
        b.State.Should().Be(VrrpState.Master);

        a.SetMaintenance(true);

        a.State.Should().Be(VrrpState.Fault);
        a.GetStatus().Reason.Should().Be(VrrpTransitionReason.Maintenance);
        b.State.Should().Be(VrrpState.Fault);
        b.GetStatus().InMaintenance.Should().BeFalse();
        b.Explain().Should().Be("fault: another member of sync group VG is in fault or maintenance");
        binder.IsBound("VI_A").Should().BeFalse();
        binder.IsBound("VI_B").Should().BeFalse();

        a.SetMaintenance(false);
        a.State.Should().Be(VrrpState.Backup);
        b.State.Should().Be(VrrpState.Backup);
        clock.Advance(TimeSpan.FromSeconds(4));
        a.State.Should().Be(VrrpState.Master);
        b.State.Should().Be(VrrpState.Master);
    }
}
