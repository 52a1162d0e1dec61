using Vrrp.Etcd.Hosting;
using Vrrp.StateMachine;

namespace Vrrp.Etcd.Tests;

/// <summary>The witness gate with a fake election on a fake clock: who may be master, and when the addresses go.</summary>
public sealed class EtcdWitnessTests
{
    [Fact]
    public async Task Backup_WhoseMasterWentSilent_CampaignsAndBecomesMasterOnlyOnceElected()
    {
        await using var node = new WitnessNode(EtcdUnreachableBehavior.KeepMaster);
        await node.Instance.StartAsync(TestContext.Current.CancellationToken);
        node.Election.IsEligible.Should().BeFalse("a backup that hears its master does not campaign");

        node.Clock.Advance(TimeSpan.FromSeconds(4));

        node.Election.IsEligible.Should().BeTrue();
        await WitnessNode.SettleAsync();
        node.Instance.State.Should().Be(VrrpState.Backup);
        node.Bound.Should().BeFalse();
        node.Instance.Explain().Should().Contain("waits for the mastership gate");

        node.Election.Elect();

        await node.WaitForAsync(VrrpState.Master);
        node.Bound.Should().BeTrue();
        node.Witness.IsPermitted.Should().BeTrue();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task LeaseDeadline_EtcdNotDown_MasterLeaves_AndTheLeaseIsRevokedOnlyAfterTheRemoval(bool cutOff)
    {
        EtcdReachability reachability = cutOff ? EtcdReachability.CutOff : EtcdReachability.Available;
        await using var node = new WitnessNode(EtcdUnreachableBehavior.KeepMaster);
        await node.StartAsMasterAsync();
        node.Election.Probe = new EtcdProbeResult(reachability, OtherLeads: false);
        node.Witness.ApplyProbe(node.Election.Probe);
        TaskCompletionSource removal = node.HoldRemoval();

        Task released = node.Election.Lose("lease-deadline");

        await node.WaitForAsync(VrrpState.Backup);
        node.Instance.GetStatus().Reason.Should().Be(VrrpTransitionReason.Witness);
        await WitnessNode.SettleAsync();
        released.IsCompleted.Should().BeFalse("the lease must outlive the address");
        removal.SetResult();
        await released.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        node.Bound.Should().BeFalse();
        node.Election.IsEligible.Should().BeFalse("a node that left master stops campaigning until its down timer expires again");
    }

    [Theory]
    [InlineData(EtcdUnreachableBehavior.KeepMaster)]
    [InlineData(EtcdUnreachableBehavior.PlainVrrp)]
    public async Task LeaseDeadline_EtcdItselfDown_MasterStays(EtcdUnreachableBehavior behavior)
    {
        await using var node = new WitnessNode(behavior);
        await node.StartAsMasterAsync();
        node.Election.Probe = new EtcdProbeResult(EtcdReachability.Unavailable, OtherLeads: false);
        node.Witness.ApplyProbe(node.Election.Probe);

        Task released = node.Election.Lose("lease-deadline");

        await released.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        await WitnessNode.SettleAsync();
        node.Instance.State.Should().Be(VrrpState.Master);
        node.Bound.Should().BeTrue();
        node.Witness.IsPermitted.Should().BeTrue();
    }

    [Theory]
    [InlineData(EtcdUnreachableBehavior.KeepMaster, VrrpState.Backup)]
    [InlineData(EtcdUnreachableBehavior.PlainVrrp, VrrpState.Master)]
    public async Task EtcdDown_BackupWhoseMasterWentSilent_TakesOverOnlyWithPlainVrrp(EtcdUnreachableBehavior behavior, VrrpState expected)
    {
        await using var node = new WitnessNode(behavior);
        node.Election.Probe = new EtcdProbeResult(EtcdReachability.Unavailable, OtherLeads: false);

        await node.StartWantingAsync();
        node.Witness.ApplyProbe(node.Election.Probe);

        await WitnessNode.SettleAsync();
        await node.WaitForAsync(expected);
    }

    [Theory]
    [InlineData(EtcdUnreachableBehavior.KeepMaster)]
    [InlineData(EtcdUnreachableBehavior.PlainVrrp)]
    public async Task CutOffFromEtcd_BackupNeverTakesOver(EtcdUnreachableBehavior behavior)
    {
        await using var node = new WitnessNode(behavior);
        node.Election.Probe = new EtcdProbeResult(EtcdReachability.CutOff, OtherLeads: false);

        await node.StartWantingAsync();
        node.Witness.ApplyProbe(node.Election.Probe);
        node.Clock.Advance(TimeSpan.FromSeconds(10));

        await WitnessNode.SettleAsync();
        node.Instance.State.Should().Be(VrrpState.Backup);
        node.Bound.Should().BeFalse();
    }

    [Fact]
    public async Task MasterHeldWhileEtcdWasDown_EtcdBackWithAnotherLeader_Leaves()
    {
        await using var node = new WitnessNode(EtcdUnreachableBehavior.PlainVrrp);
        await node.StartAsMasterAsync();
        node.Election.Probe = new EtcdProbeResult(EtcdReachability.Unavailable, OtherLeads: false);
        node.Witness.ApplyProbe(node.Election.Probe);
        await node.Election.Lose("lease-deadline");
        node.Election.Probe = new EtcdProbeResult(EtcdReachability.Available, OtherLeads: false);
        node.Witness.ApplyProbe(node.Election.Probe);
        await WitnessNode.SettleAsync();
        node.Instance.State.Should().Be(VrrpState.Master, "etcd is back and nobody else leads: its own campaign decides");

        node.Election.Probe = new EtcdProbeResult(EtcdReachability.Available, OtherLeads: true);
        node.Witness.ApplyProbe(node.Election.Probe);

        await node.WaitForAsync(VrrpState.Backup);
        node.Bound.Should().BeFalse();
    }

    [Fact]
    public async Task MasterStopping_ReleasesTheAddressesBeforeResigning()
    {
        await using var node = new WitnessNode(EtcdUnreachableBehavior.KeepMaster);
        await node.StartAsMasterAsync();

        await node.Instance.StopAsync(TestContext.Current.CancellationToken);

        node.Bound.Should().BeFalse();
        node.Election.IsEligible.Should().BeFalse();
        node.Election.IsLeader.Should().BeFalse();
    }
}
