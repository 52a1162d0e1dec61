using Vrrp.Instances;
using Vrrp.TestSupport.Time;
using Vrrp.Tracking;

namespace Vrrp.Tests.Instances;

public sealed class VrrpInstanceTests
{
    private static readonly TimeSpan MasterDown100 = TimeSpan.FromTicks(36_093_750);

    [Fact]
    public async Task StartAsync_Owner_BindsAdvertisesAndAnnouncesOnTheWire()
    {
        var f = new InstanceFixture(InstanceFixture.DefaultSettings() with { Priority = 255 });

        await f.Instance.StartAsync(TestContext.Current.CancellationToken);

        f.Instance.State.Should().Be(VrrpState.Master);
        f.Binder.Events.Select(e => e.Kind).Should().Equal(VipBindingEventKind.Added, VipBindingEventKind.Announced);
        f.Transport.Sent.Should().ContainSingle();
        (byte[] message, VrrpAddress destination) = f.Transport.Sent[0];
        destination.ToString().Should().Be("224.0.0.18");
        VrrpPacketReader.TryRead(message, VrrpIpContext.IPv4(InstanceFixture.LocalAddress.GetAddressBytes(), [224, 0, 0, 18], 255), out VrrpPacket packet, out VrrpPacketError error)
            .Should().BeTrue(error.ToString());
        packet.Priority.Should().Be(255);
        packet.VirtualRouterId.Should().Be(51);
        packet.AdvertIntervalCentiseconds.Should().Be(100);
        new IPAddress(packet.GetAddress(0)).Should().Be(InstanceFixture.Vip.Address);
        packet.ChecksumForm.Should().Be(VrrpChecksumForm.PseudoHeader);
    }

    [Fact]
    public async Task MasterDownTimer_OnFakeClock_TakesOverExactlyAtMasterDownInterval()
    {
        var f = new InstanceFixture();
        var changes = new List<VrrpStateChangedEventArgs>();
        f.Instance.StateChanged += (_, e) => changes.Add(e);
        await f.Instance.StartAsync(TestContext.Current.CancellationToken);

        f.Clock.Advance(MasterDown100 - TimeSpan.FromTicks(1));
        f.Instance.State.Should().Be(VrrpState.Backup);
        f.Clock.Advance(TimeSpan.FromTicks(1));

        f.Instance.State.Should().Be(VrrpState.Master);
        changes.Select(c => $"{c.From}->{c.To}:{c.Reason}").Should().Equal("Initialize->Backup:Started", "Backup->Master:MasterDownTimerExpired");
        VrrpInstanceStatus status = f.Instance.GetStatus();
        status.TimerLateness.Count.Should().Be(1);
        status.TimerLateness.Max.Should().Be(TimeSpan.Zero);
        status.Counters.BecameMaster.Should().Be(1);
        status.OwnsVirtualAddresses.Should().BeTrue();
        f.Binder.IsBound("VI_1").Should().BeTrue();
    }

    [Fact]
    public async Task TimerLateness_ClockAdvancedPastTheDeadline_IsMeasuredAndCountedOverThreshold()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync();

        f.Clock.Advance(MasterDown100 + TimeSpan.FromMilliseconds(700));

        VrrpTimerLateness lateness = f.Instance.GetStatus().TimerLateness;
        lateness.Count.Should().Be(1);
        lateness.Last.Should().Be(TimeSpan.FromMilliseconds(700));
        lateness.Max.Should().Be(TimeSpan.FromMilliseconds(700));
        lateness.CountOverThreshold.Should().Be(1);
        lateness.Histogram.Should().Equal(0, 0, 0, 1, 0);
    }

    [Fact]
    public async Task AdverTimer_AsMaster_SendsOneAdvertPerInterval()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync(InstanceFixture.DefaultSettings() with { Priority = 255, AdvertInterval = TimeSpan.FromMilliseconds(100) });

        for (int i = 0; i < 10; i++)
        {
            f.Clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        f.Transport.Count.Should().Be(11);
        f.Instance.GetStatus().Counters.AdvertisementsSent.Should().Be(11);
    }

    [Fact]
    public async Task ReceiveAdvertisement_HigherPriorityPeer_KeepsBackupAndExplainsWhy()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync(InstanceFixture.DefaultSettings() with
        {
            TrackedItems = [new VrrpTrackedItem { Name = "chk_haproxy", Weight = -4 }],
        });
        f.Instance.ReportTrackedItem("chk_haproxy", healthy: false);

        for (int i = 0; i < 10; i++)
        {
            f.Deliver(f.PeerAdvert(150)).Should().BeTrue();
            f.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        f.Instance.State.Should().Be(VrrpState.Backup);
        f.Instance.Explain().Should().Be("backup: master 10.0.0.2 advertises priority 150 > our effective priority 96 = 100 - 4 (chk_haproxy failing)");
        VrrpInstanceStatus status = f.Instance.GetStatus();
        status.MasterAddress.Should().Be(InstanceFixture.PeerAddress);
        status.MasterPriority.Should().Be(150);
        status.EffectivePriority.Should().Be(96);
        status.Counters.AdvertisementsReceived.Should().Be(10);
        status.TimeInState.Should().Be(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Rfc5798_6_4_3_MasterHearsHigherPriority_ReleasesAddressesAndExplains()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync();
        f.Clock.Advance(MasterDown100);
        f.Instance.State.Should().Be(VrrpState.Master);

        f.Deliver(f.PeerAdvert(200));

        f.Instance.State.Should().Be(VrrpState.Backup);
        f.Binder.IsBound("VI_1").Should().BeFalse();
        f.Instance.Explain().Should().Be("backup: master 10.0.0.2 advertises priority 200 > our effective priority 100");
    }

    [Fact]
    public async Task Rfc9568_6_4_3_MasterHearsLowerPriority_AdvertisesAndReannouncesAtOnce()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync(InstanceFixture.DefaultSettings() with { Priority = 200 });
        f.Clock.Advance(TimeSpan.FromSeconds(4));
        int sent = f.Transport.Count;
        int announced = f.Binder.AnnouncementCount;

        f.Deliver(f.PeerAdvert(100));

        f.Transport.Count.Should().Be(sent + 1);
        f.Binder.AnnouncementCount.Should().Be(announced + 1);
        f.Instance.Explain().Should().EndWith("last contention won against 10.0.0.2 (priority 100)");
    }

    [Fact]
    public async Task Rfc3768_7_1_V2IntervalMismatch_IsDroppedAndCounted()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync(InstanceFixture.DefaultSettings() with { Version = VrrpVersion.V2 });

        f.Deliver(f.PeerAdvert(200, intervalCentiseconds: 200)).Should().BeFalse();

        f.Instance.GetStatus().Counters.Drops.Should().Equal(new Dictionary<VrrpDropReason, long> { [VrrpDropReason.AdvertIntervalMismatch] = 1 });
        f.Instance.GetStatus().MasterAddress.Should().BeNull();
    }

    [Fact]
    public async Task Rfc5798_6_4_2_V3IntervalDifference_IsLearntNotDropped()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync();

        f.Deliver(f.PeerAdvert(200, intervalCentiseconds: 50)).Should().BeTrue();

        f.Instance.GetStatus().MasterAdverInterval.Should().Be(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task Rfc3768_7_1_AuthenticationMismatch_IsDroppedByReason()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync(InstanceFixture.DefaultSettings() with
        {
            Version = VrrpVersion.V2,
            AuthType = VrrpAuthType.SimpleText,
            AuthPassword = "secret",
        });

        f.Deliver(f.PeerAdvert(200, password: "wrong")).Should().BeFalse();
        f.Deliver(f.PeerAdvert(200)).Should().BeFalse();
        f.Deliver(f.PeerAdvert(200, password: "secret")).Should().BeTrue();

        f.Instance.GetStatus().Counters.Drops.Should().Equal(new Dictionary<VrrpDropReason, long>
        {
            [VrrpDropReason.AuthenticationFailure] = 1,
            [VrrpDropReason.AuthTypeMismatch] = 1,
        });
    }

    [Fact]
    public async Task Rfc3768_7_1_AddressListMismatch_WithDropAddressListMismatch_IsDroppedUnlessTheOwnerSentIt()
    {
        VrrpCounters counters = await InstanceFixture.DeliverMismatchedAddressListsAsync();

        counters.Drops.Should().Equal(new Dictionary<VrrpDropReason, long> { [VrrpDropReason.AddressListMismatch] = 1 });
    }

    [Fact]
    public async Task ReceiveAdvertisement_WrongVridOwnEchoOrBadChecksum_AreCountedSeparately()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync();
        byte[] corrupt = f.PeerAdvert(200);
        corrupt[6] ^= 0xFF;

        f.Deliver(f.PeerAdvert(200, vrid: 52)).Should().BeFalse();
        f.Deliver(f.PeerAdvert(200), source: InstanceFixture.LocalAddress).Should().BeFalse();
        f.Deliver(corrupt).Should().BeFalse();
        f.Deliver(f.PeerAdvert(200, version: VrrpVersion.V2)).Should().BeFalse();

        VrrpCounters counters = f.Instance.GetStatus().Counters;
        counters.Drops.Should().BeEquivalentTo(new Dictionary<VrrpDropReason, long>
        {
            [VrrpDropReason.VirtualRouterIdMismatch] = 1,
            [VrrpDropReason.VersionMismatch] = 1,
        });
        counters.PacketErrors.Should().BeEquivalentTo(new Dictionary<VrrpPacketError, long> { [VrrpPacketError.BadChecksum] = 2 }, "the echo's checksum was computed for the peer's source");
        counters.AdvertisementsReceived.Should().Be(4);
    }

    [Fact]
    public async Task ReceiveAdvertisement_OwnEchoWithValidChecksum_IsDroppedAsOwn()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync(InstanceFixture.DefaultSettings() with { Priority = 255 });
        byte[] own = f.Transport.Sent[0].Message;

        f.Deliver(own, source: InstanceFixture.LocalAddress).Should().BeFalse();

        f.Instance.GetStatus().Counters.Drops.Should().ContainKey(VrrpDropReason.OwnAdvertisement);
    }

    [Fact]
    public async Task Rfc5798_6_4_2_PriorityZeroFromMaster_BackupTakesOverAfterSkewTime()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync();
        f.Deliver(f.PeerAdvert(200));
        f.Clock.Advance(TimeSpan.FromSeconds(1));

        f.Deliver(f.PeerAdvert(0));
        f.Instance.Explain().Should().StartWith("backup: master 10.0.0.2 is stopping (priority 0); taking over in 0.609 s");
        f.Clock.Advance(TimeSpan.FromTicks(6_093_750));

        f.Instance.State.Should().Be(VrrpState.Master);
        f.Instance.GetStatus().Reason.Should().Be(VrrpTransitionReason.MasterStopped);
        f.Instance.GetStatus().Counters.PriorityZeroReceived.Should().Be(1);
    }

    [Fact]
    public async Task StopAsync_Master_SendsPriorityZeroAndReleasesAddresses()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync(InstanceFixture.DefaultSettings() with { Priority = 255 });

        await f.Instance.StopAsync(TestContext.Current.CancellationToken);

        f.Instance.State.Should().Be(VrrpState.Stopped);
        f.Transport.LastPriority.Should().Be(0);
        f.Binder.IsBound("VI_1").Should().BeFalse();
        f.Instance.Completion.IsCompleted.Should().BeTrue();
        f.Deliver(f.PeerAdvert(200)).Should().BeFalse();
        f.Instance.GetStatus().Counters.Drops.Should().ContainKey(VrrpDropReason.NotRunning);
    }

    [Fact]
    public async Task Keepalived_WeightZeroCheckFailing_PutsMasterInFaultAndBack()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync(InstanceFixture.DefaultSettings() with
        {
            Priority = 255,
            TrackedItems = [new VrrpTrackedItem { Name = "chk_haproxy", Weight = 0, Fall = 2 }],
        });

        f.Instance.ReportTrackedItem("chk_haproxy", false);
        f.Instance.State.Should().Be(VrrpState.Master, "fall is 2");
        f.Instance.ReportTrackedItem("chk_haproxy", false);

        f.Instance.State.Should().Be(VrrpState.Fault);
        f.Instance.Explain().Should().Be("fault: chk_haproxy failing (weight 0)");
        f.Transport.LastPriority.Should().Be(0);
        f.Binder.IsBound("VI_1").Should().BeFalse();

        f.Instance.ReportTrackedItem("chk_haproxy", true);
        f.Instance.State.Should().Be(VrrpState.Master);
    }

    [Fact]
    public async Task Keepalived_InitFail_StartsInFault()
    {
        var f = new InstanceFixture(InstanceFixture.DefaultSettings() with
        {
            TrackedItems = [new VrrpTrackedItem { Name = "chk", Weight = 0, InitFail = true }],
        });

        await f.Instance.StartAsync(TestContext.Current.CancellationToken);

        f.Instance.State.Should().Be(VrrpState.Fault);
        f.Instance.ReportTrackedItem("chk", true);
        f.Instance.State.Should().Be(VrrpState.Backup);
    }

    [Fact]
    public async Task SetLinkState_Down_IsAFault()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync();

        f.Instance.SetLinkState(false);

        f.Instance.State.Should().Be(VrrpState.Fault);
        f.Instance.Explain().Should().Be("fault: link down");
        f.Instance.SetLinkState(true);
        f.Instance.State.Should().Be(VrrpState.Backup);
    }

    [Fact]
    public async Task SetLinkState_DownWithoutFaultOnLinkDown_StaysInItsState()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync(InstanceFixture.DefaultSettings() with { FaultOnLinkDown = false });

        f.Instance.SetLinkState(false);

        f.Instance.State.Should().Be(VrrpState.Backup);
    }

    [Fact]
    public async Task StartAsync_ExcludedAddresses_BoundButNotAdvertised()
    {
        var excluded = VrrpVirtualAddress.Parse("2001:db8::200/64") with { IsExcluded = true };
        var f = new InstanceFixture(InstanceFixture.DefaultSettings() with { Priority = 255, VirtualAddresses = [InstanceFixture.Vip, excluded] });

        await f.Instance.StartAsync(TestContext.Current.CancellationToken);

        f.Binder.Events.Select(e => e.Kind).Should().Equal(VipBindingEventKind.Added, VipBindingEventKind.Announced);
        VrrpPacketReader.TryRead(f.Transport.Sent[0].Message, VrrpIpContext.IPv4(InstanceFixture.LocalAddress.GetAddressBytes(), [224, 0, 0, 18], 255), out VrrpPacket packet, out VrrpPacketError error)
            .Should().BeTrue(error.ToString());
        packet.AddressCount.Should().Be(1);
        new IPAddress(packet.GetAddress(0)).Should().Be(InstanceFixture.Vip.Address);
        f.Deliver(f.PeerAdvert(200)).Should().BeTrue();
        f.Instance.GetStatus().Counters.Drops.Values.Sum().Should().Be(0, "a peer advertising only the non-excluded address passes the address check");
    }

    [Fact]
    public async Task StartAsync_MulticastGroup_AdvertisesToIt()
    {
        var f = new InstanceFixture(InstanceFixture.DefaultSettings() with { Priority = 255, MulticastGroup = IPAddress.Parse("224.0.0.99") });

        await f.Instance.StartAsync(TestContext.Current.CancellationToken);

        f.Transport.Sent.Should().ContainSingle().Which.Destination.ToString().Should().Be("224.0.0.99");
    }

    [Fact]
    public void Validate_UnicastMulticastGroupOrOnlyExcludedAddresses_AreErrors()
    {
        VrrpInstanceSettings settings = InstanceFixture.DefaultSettings();

        (settings with { MulticastGroup = IPAddress.Parse("10.0.0.9") }).Validate().Should().ContainSingle().Which.Should().Contain("multicast group 10.0.0.9 is not a multicast address");
        (settings with { VirtualAddresses = [InstanceFixture.Vip with { IsExcluded = true }] }).Validate().Should().ContainSingle().Which.Should().Contain("at least one virtual address");
    }

    [Fact]
    public async Task Keepalived_PriorityChangeAsMaster_ReadvertisesAtOnce()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync(InstanceFixture.DefaultSettings() with
        {
            TrackedItems = [new VrrpTrackedItem { Name = "chk", Weight = -30 }],
        });
        f.Clock.Advance(MasterDown100);
        int sent = f.Transport.Count;

        f.Instance.ReportTrackedItem("chk", false);

        f.Transport.Count.Should().Be(sent + 1);
        f.Transport.LastPriority.Should().Be(70);
    }

    [Fact]
    public void ReportTrackedItem_UnknownName_Throws()
    {
        var f = new InstanceFixture();

        Action act = () => f.Instance.ReportTrackedItem("nope", true);

        act.Should().Throw<ArgumentException>().WithMessage("*tracks no item named 'nope'*");
    }

    [Fact]
    public async Task StartAsync_Twice_Throws()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync();

        Func<Task> act = () => f.Instance.StartAsync(TestContext.Current.CancellationToken);

        await act.Should().ThrowAsync<InvalidOperationException>();
    }

    [Fact]
    public async Task UnicastPeers_EachGetsAnAdvertWithItsOwnPseudoHeaderChecksum()
    {
        IPAddress[] peers = [IPAddress.Parse("10.0.0.2"), IPAddress.Parse("10.0.0.3")];
        var f = new InstanceFixture(InstanceFixture.DefaultSettings() with { Priority = 255, UnicastPeers = peers });

        await f.Instance.StartAsync(TestContext.Current.CancellationToken);

        f.Transport.Sent.Select(s => s.Destination.ToString()).Should().Equal("10.0.0.2", "10.0.0.3");
        foreach ((byte[] message, VrrpAddress destination) in f.Transport.Sent)
        {
            byte[] destinationBytes = destination.ToIPAddress().GetAddressBytes();
            VrrpPacketReader.TryRead(message, VrrpIpContext.IPv4(InstanceFixture.LocalAddress.GetAddressBytes(), destinationBytes, 255), out _, out VrrpPacketError error)
                .Should().BeTrue(error.ToString());
        }
    }

    [Fact]
    public async Task StateChanged_HandlerThrows_FailoverContinuesAndErrorIsReported()
    {
        var f = new InstanceFixture();
        f.Instance.StateChanged += (_, _) => throw new InvalidOperationException("boom");
        await f.Instance.StartAsync(TestContext.Current.CancellationToken);

        f.Clock.Advance(MasterDown100);

        f.Instance.State.Should().Be(VrrpState.Master);
        f.Instance.GetStatus().LastError.Should().Contain("boom");
    }

    [Fact]
    public void Constructor_InvalidSettings_ListsEveryProblem()
    {
        VrrpInstanceSettings bad = InstanceFixture.DefaultSettings() with
        {
            VirtualRouterId = 0,
            Version = VrrpVersion.V2,
            AdvertInterval = TimeSpan.FromMilliseconds(1500),
            VirtualAddresses = [],
        };

        Action act = () => _ = new VrrpInstance(bad, new CapturingTransport(), new RecordingVipBinder());

        act.Should().Throw<ArgumentException>()
            .WithMessage("*virtual router id must be 1 to 255*")
            .WithMessage("*VRRPv2 advert interval is whole seconds*")
            .WithMessage("*at least one virtual address*");
    }

    [Fact]
    public async Task ReceiveAdvertisement_SteadyStateBackup_AllocatesNothing()
    {
        var f = new InstanceFixture();
        f.Transport.Capture = false;
        await f.Instance.StartAsync(TestContext.Current.CancellationToken);
        byte[] advert = f.PeerAdvert(200);
        byte[] source = InstanceFixture.PeerAddress.GetAddressBytes();
        byte[] group = [224, 0, 0, 18];
        for (int i = 0; i < 1000; i++)
        {
            f.Instance.ReceiveAdvertisement(advert, VrrpIpContext.IPv4(source, group, 255));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            f.Instance.ReceiveAdvertisement(advert, VrrpIpContext.IPv4(source, group, 255));
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.Should().Be(0);
        f.Instance.GetStatus().Counters.AdvertisementsReceived.Should().Be(11_000);
        f.Instance.State.Should().Be(VrrpState.Backup);
    }

    [Fact]
    public async Task AdverTimerTick_SteadyStateMaster_AllocatesNothing()
    {
        var clock = new ManualTimeProvider();
        var transport = new CapturingTransport { Capture = false };
        VrrpInstanceSettings settings = InstanceFixture.DefaultSettings() with { Priority = 255, AdvertInterval = TimeSpan.FromMilliseconds(10) };
        var instance = new VrrpInstance(settings, transport, new RecordingVipBinder(clock), clock);
        await instance.StartAsync(TestContext.Current.CancellationToken);
        TimeSpan step = TimeSpan.FromMilliseconds(10);
        for (int i = 0; i < 1000; i++)
        {
            clock.Advance(step);
        }

        int sentBefore = transport.Count;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            clock.Advance(step);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.Should().Be(0);
        transport.Count.Should().Be(sentBefore + 10_000);
        instance.GetStatus().TimerLateness.Max.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public async Task BackupReceivingAdverts_DoesNotRearmTheTimerPerAdvert_ButStillTakesOverOnTime()
    {
        InstanceFixture f = await InstanceFixture.StartedAsync();
        for (int i = 0; i < 5; i++)
        {
            f.Deliver(f.PeerAdvert(200));
            f.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        // Last advert at t = 4 s after start; Master_Down_Interval for priority 100 is 3.609375 s.
        f.Clock.Advance(TimeSpan.FromTicks(26_093_750 - 1));
        f.Instance.State.Should().Be(VrrpState.Backup);
        f.Clock.Advance(TimeSpan.FromTicks(1));
        f.Instance.State.Should().Be(VrrpState.Master);
        f.Instance.GetStatus().TimerLateness.Max.Should().Be(TimeSpan.Zero);
    }
}
