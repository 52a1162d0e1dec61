using Vrrp.Instances;
using Vrrp.Tracking;

namespace Vrrp.Tests.Instances;

/// <summary><see cref="VrrpInstance.ApplySettingsAsync"/>: a reload changes a running instance without a flap.</summary>
public sealed class VrrpInstanceLiveSettingsTests
{
    private static readonly TimeSpan MasterDown100 = TimeSpan.FromTicks(36_093_750);
    private static readonly VrrpVirtualAddress Vip8 = VrrpVirtualAddress.Parse("10.0.0.8/24");
    private static readonly VrrpVirtualAddress Vip9 = VrrpVirtualAddress.Parse("10.0.0.9/24");

    [Fact]
    public async Task ApplySettingsAsync_UnchangedCopyOnAMaster_DoesNothing()
    {
        (InstanceFixture f, List<VrrpStateChangedEventArgs> changes) = await MasterAsync();
        int sent = f.Transport.Count;
        int events = f.Binder.Events.Count;

        Task applied = f.Instance.ApplySettingsAsync(InstanceFixture.DefaultSettings() with { VirtualAddresses = [InstanceFixture.Vip] }, TestContext.Current.CancellationToken);

        applied.IsCompletedSuccessfully.Should().BeTrue();
        f.Transport.Count.Should().Be(sent);
        f.Binder.Events.Should().HaveCount(events);
        changes.Should().BeEmpty();
        f.Instance.Settings.Should().BeSameAs(f.Settings);
    }

    [Fact]
    public async Task ApplySettingsAsync_MasterPriorityChanged_NextAdvertCarriesItWithoutTransitionOrExtraTraffic()
    {
        (InstanceFixture f, List<VrrpStateChangedEventArgs> changes) = await MasterAsync();
        int sent = f.Transport.Count;
        int events = f.Binder.Events.Count;

        await f.Instance.ApplySettingsAsync(f.Settings with { Priority = 90 }, TestContext.Current.CancellationToken);

        f.Transport.Count.Should().Be(sent, "no advert at once: the next periodic one carries the priority");
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        f.Transport.Count.Should().Be(sent + 1);
        f.Transport.LastPriority.Should().Be(90);
        f.Binder.Events.Should().HaveCount(events, "no GARP, no rebinding");
        changes.Should().BeEmpty();
        f.Instance.State.Should().Be(VrrpState.Master);
        VrrpInstanceStatus status = f.Instance.GetStatus();
        status.BasePriority.Should().Be(90);
        status.EffectivePriority.Should().Be(90);
        f.Instance.Settings.Priority.Should().Be(90);
    }

    [Fact]
    public async Task ApplySettingsAsync_BackupRaisedAbovePreemptingMaster_TakesOverThroughTheNormalElection()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync();
        var changes = new List<VrrpStateChangedEventArgs>();
        f.Instance.StateChanged += (_, e) => changes.Add(e);
        f.Deliver(f.PeerAdvert(150)).Should().BeTrue();

        await f.Instance.ApplySettingsAsync(f.Settings with { Priority = 200 }, TestContext.Current.CancellationToken);
        f.Instance.State.Should().Be(VrrpState.Backup);
        changes.Should().BeEmpty();

        // The master's adverts are now below us: discarded, so Master_Down_Timer runs out (RFC 5798 §6.4.2).
        for (int i = 0; i < 5 && f.Instance.State == VrrpState.Backup; i++)
        {
            f.Deliver(f.PeerAdvert(150));
            f.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        f.Instance.State.Should().Be(VrrpState.Master);
        changes.Select(c => $"{c.From}->{c.To}:{c.Reason}").Should().Equal("Backup->Master:MasterDownTimerExpired");
        f.Transport.LastPriority.Should().Be(200);
    }

    [Fact]
    public async Task ApplySettingsAsync_MasterLoweredBelowABackup_YieldsToTheBackupsNextAdvert()
    {
        (InstanceFixture f, List<VrrpStateChangedEventArgs> changes) = await MasterAsync();

        await f.Instance.ApplySettingsAsync(f.Settings with { Priority = 50 }, TestContext.Current.CancellationToken);
        f.Instance.State.Should().Be(VrrpState.Master);
        f.Deliver(f.PeerAdvert(80)).Should().BeTrue();

        f.Instance.State.Should().Be(VrrpState.Backup);
        changes.Select(c => $"{c.From}->{c.To}:{c.Reason}").Should().Equal("Master->Backup:HigherPriorityAdvertisement");
    }

    [Fact]
    public async Task ApplySettingsAsync_AddressesChangedOnAMaster_BinderSeesOnlyTheDifferenceAndAnnouncesOnlyTheAdded()
    {
        (InstanceFixture f, List<VrrpStateChangedEventArgs> changes) = await MasterAsync(InstanceFixture.DefaultSettings() with { VirtualAddresses = [InstanceFixture.Vip, Vip8] });
        int events = f.Binder.Events.Count;
        int sent = f.Transport.Count;

        await f.Instance.ApplySettingsAsync(f.Settings with { VirtualAddresses = [InstanceFixture.Vip, Vip9] }, TestContext.Current.CancellationToken);

        IReadOnlyList<VipBindingEvent> diff = [.. f.Binder.Events.Skip(events)];
        diff.Select(e => $"{e.Kind} {string.Join(' ', e.Addresses)} {e.IsChange}").Should().Equal(
            "Removed 10.0.0.8/24 True",
            "Added 10.0.0.9/24 True",
            "Announced 10.0.0.9/24 True");
        f.Binder.IsBound("VI_1").Should().BeTrue();
        changes.Should().BeEmpty();
        f.Transport.Count.Should().Be(sent);

        f.Clock.Advance(TimeSpan.FromSeconds(1));
        AdvertisedAddresses(f.Transport.Sent[^1].Message).Should().Equal(InstanceFixture.Vip.Address, Vip9.Address);
    }

    [Fact]
    public async Task ApplySettingsAsync_AddressesChangedOnABackup_BinderUntouchedUntilItBecomesMaster()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync();
        f.Deliver(f.PeerAdvert(150)).Should().BeTrue();

        await f.Instance.ApplySettingsAsync(f.Settings with { VirtualAddresses = [InstanceFixture.Vip, Vip9] }, TestContext.Current.CancellationToken);

        f.Binder.Events.Should().BeEmpty();
        f.Clock.Advance(MasterDown100);
        f.Instance.State.Should().Be(VrrpState.Master);
        f.Binder.Events[0].Kind.Should().Be(VipBindingEventKind.Added);
        f.Binder.Events[0].IsChange.Should().BeFalse();
        f.Binder.Events[0].Addresses.Should().Equal(InstanceFixture.Vip, Vip9);
    }

    [Fact]
    public async Task ApplySettingsAsync_ChangeNeedsRestart_ThrowsAndChangesNothing()
    {
        (InstanceFixture f, List<VrrpStateChangedEventArgs> changes) = await MasterAsync();
        int sent = f.Transport.Count;

        Func<Task> apply = () => f.Instance.ApplySettingsAsync(f.Settings with { Priority = 90, VirtualRouterId = 52 }, TestContext.Current.CancellationToken);

        (await apply.Should().ThrowAsync<ArgumentException>()).WithMessage("*virtual_router_id 51 -> 52*");
        f.Instance.Settings.Should().BeSameAs(f.Settings);
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        f.Transport.LastPriority.Should().Be(100);
        f.Transport.Count.Should().Be(sent + 1);
        changes.Should().BeEmpty();
    }

    [Fact]
    public async Task ApplySettingsAsync_InvalidSettings_Throws()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync();

        Func<Task> apply = () => f.Instance.ApplySettingsAsync(f.Settings with { VirtualAddresses = [] }, TestContext.Current.CancellationToken);

        await apply.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task ApplySettingsAsync_StoppedInstance_ThrowsInvalidOperation()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync();
        await f.Instance.StopAsync(TestContext.Current.CancellationToken);

        Func<Task> apply = () => f.Instance.ApplySettingsAsync(f.Settings with { Priority = 90 }, TestContext.Current.CancellationToken);

        await apply.Should().ThrowAsync<InvalidOperationException>();
    }

    [Fact]
    public async Task ApplySettingsAsync_MasterAdvertIntervalShortened_NextAdvertComesAtTheNewIntervalAndCarriesIt()
    {
        (InstanceFixture f, _) = await MasterAsync();
        int sent = f.Transport.Count;

        await f.Instance.ApplySettingsAsync(f.Settings with { AdvertInterval = TimeSpan.FromMilliseconds(200) }, TestContext.Current.CancellationToken);
        f.Clock.Advance(TimeSpan.FromMilliseconds(200));
        f.Clock.Advance(TimeSpan.FromMilliseconds(200));

        f.Transport.Count.Should().Be(sent + 2);
        VrrpPacketReader.TryRead(f.Transport.Sent[^1].Message, InstanceFixture.Context(InstanceFixture.LocalAddress), out VrrpPacket packet, out _).Should().BeTrue();
        packet.AdvertIntervalCentiseconds.Should().Be(20);
    }

    [Fact]
    public async Task ApplySettingsAsync_TrackedWeightChanged_ItemKeepsItsStateUnderTheNewWeight()
    {
        VrrpInstanceSettings settings = InstanceFixture.DefaultSettings() with { TrackedItems = [new VrrpTrackedItem { Name = "chk", Weight = -20 }] };
        InstanceFixture f = await InstanceFixture.StartedAsync(settings);
        f.Instance.ReportTrackedItem("chk", healthy: false);
        f.Instance.GetStatus().EffectivePriority.Should().Be(80);

        await f.Instance.ApplySettingsAsync(settings with { TrackedItems = [new VrrpTrackedItem { Name = "chk", Weight = -30 }] }, TestContext.Current.CancellationToken);

        f.Instance.GetStatus().EffectivePriority.Should().Be(70);
        f.Instance.Explain().Should().Contain("70 = 100 - 30 (chk failing)");
    }

    [Fact]
    public async Task ApplySettingsAsync_AddressFilter_FollowsTheNewList()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync(InstanceFixture.DefaultSettings() with { DropAddressListMismatch = true });
        f.Deliver(f.PeerAdvert(150, vip: Vip9.Address)).Should().BeFalse();

        await f.Instance.ApplySettingsAsync(f.Settings with { VirtualAddresses = [Vip9] }, TestContext.Current.CancellationToken);

        f.Deliver(f.PeerAdvert(150, vip: Vip9.Address)).Should().BeTrue();
        f.Deliver(f.PeerAdvert(150)).Should().BeFalse();
    }

    [Fact]
    public async Task ApplySettingsAsync_UnspecifiedPrimaryAddress_KeepsTheRunningOne()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync();

        await f.Instance.ApplySettingsAsync(f.Settings with { PrimaryAddress = IPAddress.Any, Priority = 90 }, TestContext.Current.CancellationToken);

        f.Instance.Settings.PrimaryAddress.Should().Be(InstanceFixture.LocalAddress);
        f.Instance.Settings.Priority.Should().Be(90);
    }

    [Fact]
    public async Task ApplySettingsAsync_LeasingMasterAddressesChanged_RenewsTheNewList()
    {
        var f = new InstanceFixture(InstanceFixture.DefaultSettings() with { Priority = 255, VirtualAddresses = [InstanceFixture.Vip, Vip8] });
        var binder = new LeaseRecordingBinder();
        await using var instance = new VrrpInstance(f.Settings, f.Transport, binder, f.Clock);
        await instance.StartAsync(TestContext.Current.CancellationToken);
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        binder.LastRenewed.Should().Equal(InstanceFixture.Vip, Vip8);

        await instance.ApplySettingsAsync(f.Settings with { VirtualAddresses = [InstanceFixture.Vip, Vip9] }, TestContext.Current.CancellationToken);
        f.Clock.Advance(TimeSpan.FromSeconds(1));

        binder.Changes.Should().Equal("+10.0.0.9/24 -10.0.0.8/24 of 10.0.0.100/24 10.0.0.9/24");
        binder.LastRenewed.Should().Equal(InstanceFixture.Vip, Vip9);
        binder.Adds.Should().Be(1);
    }

    private static async Task<(InstanceFixture Fixture, List<VrrpStateChangedEventArgs> Changes)> MasterAsync(VrrpInstanceSettings? settings = null)
    {
        InstanceFixture f = await InstanceFixture.StartedAsync(settings);
        f.Clock.Advance(MasterDown100);
        f.Instance.State.Should().Be(VrrpState.Master);
        var changes = new List<VrrpStateChangedEventArgs>();
        f.Instance.StateChanged += (_, e) => changes.Add(e);
        return (f, changes);
    }

    private static List<IPAddress> AdvertisedAddresses(byte[] message)
    {
        VrrpPacketReader.TryRead(message, InstanceFixture.Context(InstanceFixture.LocalAddress), out VrrpPacket packet, out VrrpPacketError error).Should().BeTrue(error.ToString());
        var addresses = new List<IPAddress>();
        for (int i = 0; i < packet.AddressCount; i++)
        {
            addresses.Add(new IPAddress(packet.GetAddress(i)));
        }

        return addresses;
    }

    /// <summary>A leasing binder that records what each renewal covers and each live change.</summary>
    private sealed class LeaseRecordingBinder : IVipBinder, IVipLeaseBinder
    {
        public IReadOnlyList<VrrpVirtualAddress> LastRenewed { get; private set; } = [];

        public List<string> Changes { get; } = [];

        public int Adds { get; private set; }

        public ValueTask AddAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
        {
            Adds++;
            return default;
        }

        public ValueTask RemoveAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => default;

        public ValueTask AnnounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => default;

        public ValueTask ChangeAddressesAsync(VrrpInstanceSettings instance, IReadOnlyList<VrrpVirtualAddress> added, IReadOnlyList<VrrpVirtualAddress> removed, CancellationToken cancellationToken)
        {
            Changes.Add($"+{string.Join(' ', added)} -{string.Join(' ', removed)} of {string.Join(' ', instance.VirtualAddresses)}");
            return default;
        }

        public void RenewLease(VrrpInstanceSettings instance) => LastRenewed = instance.VirtualAddresses;
    }
}
