namespace Vrrp.Tests.StateMachine;

/// <summary>One test per rule of RFC 5798 §6.4 (and RFC 3768 / RFC 9568 / keepalived where they differ), named after it.</summary>
public sealed class VrrpStateMachineTests
{
    private const long Second = 1_000_000;

    private static string[] Names(List<VrrpEffect> effects) => effects.Select(e => e.ToString()).ToArray();

    /// <summary>Starts a new machine at <paramref name="priority"/>: the harness, the time it started at and the effects' names.</summary>
    private static (MachineHarness Harness, long StartedAt, string[] Effects) StartNew(byte priority)
    {
        var h = new MachineHarness(priority: priority);
        long now = h.Now;
        return (h, now, Names(h.Start()));
    }

    [Fact]
    public void Rfc5798_6_4_1_StartupWithPriority255_BecomesMasterAtOnce()
    {
        (MachineHarness h, long now, string[] effects) = StartNew(priority: 255);

        effects.Should().Equal(
            "AddVirtualAddresses",
            "SendAdvertisement(255)",
            "AnnounceVirtualAddresses",
            $"ArmTimer(Adver at {now + Second})",
            "StateChanged(Initialize -> Master: AddressOwner)");
        h.Machine.MasterAddress.Should().Be(MachineHarness.Local);
    }

    [Fact]
    public void Rfc5798_6_4_1_StartupBelow255_BecomesBackupWithMasterDownTimer()
    {
        (MachineHarness h, long now, string[] effects) = StartNew(priority: 100);

        // 3 x 1 s + (256 - 100) x 1 s / 256 = 3.609375 s
        effects.Should().Equal(
            $"ArmTimer(MasterDown at {now + 3_609_375})",
            "StateChanged(Initialize -> Backup: Started)");
        h.Machine.State.Should().Be(VrrpState.Backup);
    }

    [Theory]
    [InlineData(100, 100, 609_375, 3_609_375)]
    [InlineData(200, 100, 218_750, 3_218_750)]
    [InlineData(254, 100, 7_812, 3_007_812)]
    [InlineData(100, 10, 60_937, 360_937)]
    [InlineData(100, 1, 6_093, 36_093)]
    public void Rfc5798_6_1_SkewTimeAndMasterDownInterval_V3ScaleWithMasterAdverInterval(int priority, int intervalCs, long skewUs, long downUs)
    {
        TimeSpan interval = TimeSpan.FromMilliseconds(intervalCs * 10);

        VrrpTimers.SkewTime(VrrpVersion.V3, (byte)priority, interval).Should().Be(TimeSpan.FromTicks(skewUs * 10));
        VrrpTimers.MasterDownInterval(VrrpVersion.V3, (byte)priority, interval).Should().Be(TimeSpan.FromTicks(downUs * 10));
    }

    [Fact]
    public void Rfc3768_6_1_SkewTime_V2IsIndependentOfTheInterval()
    {
        TimeSpan threeSeconds = TimeSpan.FromSeconds(3);

        VrrpTimers.SkewTime(VrrpVersion.V2, 100, threeSeconds).Should().Be(TimeSpan.FromTicks(6_093_750));
        VrrpTimers.MasterDownInterval(VrrpVersion.V2, 100, threeSeconds).Should().Be(TimeSpan.FromTicks(96_093_750));
    }

    [Fact]
    public void Rfc5798_6_4_2_MasterDownTimerFires_BindsSendsAnnouncesAndBecomesMaster()
    {
        var h = new MachineHarness(priority: 100).Started();

        List<VrrpEffect> effects = h.FireTimer();

        Names(effects).Should().Equal(
            "AddVirtualAddresses",
            "SendAdvertisement(100)",
            "AnnounceVirtualAddresses",
            $"ArmTimer(Adver at {h.Now + Second})",
            "StateChanged(Backup -> Master: MasterDownTimerExpired)");
    }

    [Fact]
    public void Rfc5798_6_4_2_PriorityZeroAdvert_SetsMasterDownToSkewTime()
    {
        var h = new MachineHarness(priority: 100).Started();
        h.Now += Second;

        List<VrrpEffect> effects = h.Receive(0, MachineHarness.HigherAddress);

        Names(effects).Should().Equal($"ArmTimer(MasterDown at {h.Now + 609_375})");
        h.FireTimer().Last().Reason.Should().Be(VrrpTransitionReason.MasterStopped);
    }

    [Theory]
    [InlineData(150)]
    [InlineData(100)]
    public void Rfc5798_6_4_2_AdvertAtOrAboveLocalPriority_ResetsMasterDownTimer(int senderPriority)
    {
        var h = new MachineHarness(priority: 100).Started();
        h.Now += 2 * Second;

        List<VrrpEffect> effects = h.Receive((byte)senderPriority, MachineHarness.LowerAddress);

        Names(effects).Should().Equal($"ArmTimer(MasterDown at {h.Now + 3_609_375})");
        h.Machine.MasterAddress.Should().Be(MachineHarness.LowerAddress);
        h.Machine.MasterPriority.Should().Be((byte)senderPriority);
    }

    [Fact]
    public void Rfc5798_6_4_2_EqualPriorityFromLowerAddress_DoesNotPreempt()
    {
        var h = new MachineHarness(priority: 100).Started();

        for (int i = 0; i < 10; i++)
        {
            h.Now += Second;
            h.Receive(100, MachineHarness.LowerAddress);
        }

        h.Machine.State.Should().Be(VrrpState.Backup);
        h.Machine.TimerDue.Should().Be(h.Now + 3_609_375);
    }

    [Fact]
    public void Rfc5798_6_4_2_LowerPriorityAdvertWithPreempt_IsDiscardedSoTheBackupPreempts()
    {
        var h = new MachineHarness(priority: 100).Started();
        long due = h.Machine.TimerDue;
        h.Now += Second;

        List<VrrpEffect> effects = h.Receive(50, MachineHarness.HigherAddress);

        effects.Should().BeEmpty();
        h.Machine.TimerDue.Should().Be(due);
        h.Machine.LastLowerPriority.Should().Be(50);
        h.FireTimer().Last().To.Should().Be(VrrpState.Master);
    }

    [Fact]
    public void Rfc5798_6_4_2_LowerPriorityAdvertWithoutPreempt_ResetsMasterDownTimer()
    {
        var h = new MachineHarness(priority: 100, preempt: false).Started();
        h.Now += Second;

        List<VrrpEffect> effects = h.Receive(50, MachineHarness.HigherAddress);

        Names(effects).Should().Equal($"ArmTimer(MasterDown at {h.Now + 3_609_375})");
        h.Machine.MasterPriority.Should().Be(50);
    }

    [Fact]
    public void Rfc5798_6_4_2_V3Backup_LearnsMasterAdverIntervalAndRecomputesSkewTime()
    {
        var h = new MachineHarness(priority: 100, advertIntervalCentiseconds: 100).Started();

        List<VrrpEffect> effects = h.Receive(200, MachineHarness.HigherAddress, intervalCentiseconds: 10);

        // 3 x 100 ms + 156 x 100 ms / 256 = 360.937 ms (skew recomputed from the learnt interval, not 609 ms)
        Names(effects).Should().Equal($"ArmTimer(MasterDown at {h.Now + 360_937})");
        h.Machine.MasterAdverIntervalMicroseconds.Should().Be(100_000);
        h.Machine.SkewTimeMicroseconds.Should().Be(60_937);
    }

    [Fact]
    public void Rfc3768_6_4_2_V2Backup_KeepsTheConfiguredInterval()
    {
        var h = new MachineHarness(priority: 100, version: VrrpVersion.V2, advertIntervalCentiseconds: 100).Started();

        List<VrrpEffect> effects = h.Receive(200, MachineHarness.HigherAddress, intervalCentiseconds: 100);

        Names(effects).Should().Equal($"ArmTimer(MasterDown at {h.Now + 3_609_375})");
        h.Machine.MasterAdverIntervalMicroseconds.Should().Be(Second);
    }

    [Fact]
    public void Rfc5798_6_4_2_ShutdownInBackup_CancelsMasterDownTimer()
    {
        var h = new MachineHarness(priority: 100).Started();

        List<VrrpEffect> effects = h.Step(VrrpInput.Shutdown());

        Names(effects).Should().Equal("CancelTimer", "StateChanged(Backup -> Stopped: Shutdown)");
        h.Machine.TimerKind.Should().Be(VrrpTimerKind.None);
    }

    [Fact]
    public void Rfc5798_6_4_3_AdverTimerFires_SendsAdvertAndResetsTimer()
    {
        var h = new MachineHarness(priority: 255).Started();

        List<VrrpEffect> effects = h.FireTimer();

        Names(effects).Should().Equal("SendAdvertisement(255)", $"ArmTimer(Adver at {h.Now + Second})");
    }

    [Fact]
    public void Rfc5798_6_4_3_HigherPriorityAdvert_MasterBecomesBackup()
    {
        var h = new MachineHarness(priority: 100).StartedAsMaster();

        List<VrrpEffect> effects = h.Receive(150, MachineHarness.LowerAddress, intervalCentiseconds: 50);

        // The new master's interval is learnt: 3 x 500 ms + 156 x 500 ms / 256 = 1.8046875 s
        Names(effects).Should().Equal(
            "SendAdvertisement(100)",
            "RemoveVirtualAddresses",
            $"ArmTimer(MasterDown at {h.Now + 1_804_687})",
            "StateChanged(Master -> Backup: HigherPriorityAdvertisement)");
        h.Machine.MasterAddress.Should().Be(MachineHarness.LowerAddress);
    }

    [Fact]
    public void Rfc5798_6_4_3_EqualPriorityFromHigherAddress_MasterBecomesBackup()
    {
        var h = new MachineHarness(priority: 100).StartedAsMaster();

        List<VrrpEffect> effects = h.Receive(100, MachineHarness.HigherAddress);

        effects.Last().Reason.Should().Be(VrrpTransitionReason.EqualPriorityHigherAddress);
        h.Machine.State.Should().Be(VrrpState.Backup);
    }

    [Fact]
    public void Rfc5798_6_4_3_EqualPriorityFromLowerAddress_MasterStaysAndAsserts()
    {
        var h = new MachineHarness(priority: 100).StartedAsMaster();

        List<VrrpEffect> effects = h.Receive(100, MachineHarness.LowerAddress);

        Names(effects).Should().Equal("SendAdvertisement(100)", "ReannounceVirtualAddresses");
        h.Machine.State.Should().Be(VrrpState.Master);
    }

    [Fact]
    public void Rfc9568_6_4_3_LowerPriorityAdvert_MasterAdvertisesAtOnceAndReannouncesAddresses()
    {
        var h = new MachineHarness(priority: 100).StartedAsMaster();
        long adverDue = h.Machine.TimerDue;

        List<VrrpEffect> effects = h.Receive(50, MachineHarness.HigherAddress);

        Names(effects).Should().Equal("SendAdvertisement(100)", "ReannounceVirtualAddresses");
        h.Machine.TimerDue.Should().Be(adverDue, "the immediate advertisement does not move the regular cadence");
    }

    [Fact]
    public void SplitBrainHeal_YieldingMaster_AdvertisesOnceSoTheWinnerSeesTheContention()
    {
        var loser = new MachineHarness(priority: 100).StartedAsMaster();

        List<VrrpEffect> effects = loser.Receive(200, MachineHarness.HigherAddress);

        effects[0].ToString().Should().Be("SendAdvertisement(100)", "the winner answers a lower-priority advertisement by re-announcing (RFC 9568)");
        var winner = new MachineHarness(priority: 200).StartedAsMaster();
        Names(winner.Receive(100, MachineHarness.LowerAddress)).Should().Equal("SendAdvertisement(200)", "ReannounceVirtualAddresses");
    }

    [Fact]
    public void Keepalived_LowerPrioNoAdvert_MasterDoesNotAdvertiseButStillReannouncesOnTheLowerPrioritySchedule()
    {
        // keepalived (vrrp.c, master receiving a lower-priority advert): lower_prio_no_advert only stops the advert;
        // the gratuitous ARPs follow garp_lower_prio_repeat (0 sends none, as strict mode sets it) and _delay.
        var h = new MachineHarness(priority: 100, lowerPriorityNoAdvert: true).StartedAsMaster();

        Names(h.Receive(50, MachineHarness.HigherAddress)).Should().Equal("ReannounceVirtualAddresses");
    }

    [Fact]
    public void LowerPriorityFlood_MasterAnswersAtMostOncePerAdvertisementInterval()
    {
        // A host flooding lower-priority adverts (2,000 a second in the fault suite) must not turn the master into an
        // amplifier: one advert and one re-announcement per Advertisement_Interval assert mastership just as well.
        var h = new MachineHarness(priority: 100, advertIntervalCentiseconds: 10).StartedAsMaster();
        long start = h.Now;

        int adverts = 0;
        int reannouncements = 0;
        for (int i = 0; i < 2_000; i++)
        {
            h.Now = start + (i * 500L); // 2,000 adverts a second for one second: ten Advertisement_Intervals
            List<VrrpEffect> effects = h.Receive(50, MachineHarness.LowerAddress);
            adverts += effects.Count(e => e.Kind == VrrpEffectKind.SendAdvertisement);
            reannouncements += effects.Count(e => e.Kind == VrrpEffectKind.ReannounceVirtualAddresses);
        }

        adverts.Should().Be(10);
        reannouncements.Should().Be(10);
        h.Machine.State.Should().Be(VrrpState.Master);
        h.Machine.LastLowerPriority.Should().Be(50, "every lower-priority advert is still recorded");
    }

    [Fact]
    public void Keepalived_HigherPrioSendAdvertOff_MasterYieldsWithoutAnAdvert()
    {
        var h = new MachineHarness(priority: 100, higherPrioritySendAdvert: false).StartedAsMaster();

        List<VrrpEffect> effects = h.Receive(150, MachineHarness.HigherAddress);

        effects.Should().NotContain(e => e.Kind == VrrpEffectKind.SendAdvertisement);
        effects.Last().ToString().Should().Be("StateChanged(Master -> Backup: HigherPriorityAdvertisement)");
    }

    [Fact]
    public void Keepalived_HigherPrioSendAdvertOn_MasterYieldsWithAnAdvertEvenWithLowerPrioNoAdvert()
    {
        var h = new MachineHarness(priority: 100, lowerPriorityNoAdvert: true, higherPrioritySendAdvert: true).StartedAsMaster();

        h.Receive(150, MachineHarness.HigherAddress)[0].ToString().Should().Be("SendAdvertisement(100)");
    }

    [Fact]
    public void Rfc5798_6_4_3_PriorityZeroAdvert_MasterAdvertisesAtOnce()
    {
        var h = new MachineHarness(priority: 100).StartedAsMaster();

        List<VrrpEffect> effects = h.Receive(0, MachineHarness.HigherAddress);

        Names(effects).Should().Equal("SendAdvertisement(100)", $"ArmTimer(Adver at {h.Now + Second})");
        h.Machine.State.Should().Be(VrrpState.Master);
    }

    [Fact]
    public void Rfc5798_6_4_3_ShutdownInMaster_SendsPriorityZeroAndReleasesAddresses()
    {
        var h = new MachineHarness(priority: 100).StartedAsMaster();

        List<VrrpEffect> effects = h.Step(VrrpInput.Shutdown());

        Names(effects).Should().Equal(
            "CancelTimer",
            "SendAdvertisement(0)",
            "RemoveVirtualAddresses",
            "StateChanged(Master -> Stopped: Shutdown)");
    }

    [Fact]
    public void Rfc5798_6_4_Restart_AfterShutdown_StartsOverAsBackup()
    {
        var h = new MachineHarness(priority: 100).StartedAsMaster();
        h.Step(VrrpInput.Shutdown());

        h.Start().Last().ToString().Should().Be("StateChanged(Stopped -> Backup: Started)");
    }

    [Fact]
    public void Rfc5798_6_4_2_AdvertsInInitializeFaultOrStopped_AreIgnored()
    {
        var h = new MachineHarness(priority: 100);
        h.Receive(200, MachineHarness.HigherAddress).Should().BeEmpty();
        h.Step(VrrpInput.FaultChanged(true));
        h.Start();
        h.Machine.State.Should().Be(VrrpState.Fault);
        h.Receive(200, MachineHarness.HigherAddress).Should().BeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Keepalived_FaultOrMaintenance_MasterSendsPriorityZeroReleasesAddressesAndRecoversAsBackup(bool maintenance)
    {
        var h = new MachineHarness(priority: 100).StartedAsMaster();
        VrrpInput Out(bool on) => maintenance ? VrrpInput.MaintenanceChanged(on) : VrrpInput.FaultChanged(on);

        Names(h.Step(Out(true))).Should().Equal(
            "CancelTimer",
            "SendAdvertisement(0)",
            "RemoveVirtualAddresses",
            $"StateChanged(Master -> Fault: {(maintenance ? "Maintenance" : "Fault")})");

        h.Now += Second;
        Names(h.Step(Out(false))).Should().Equal(
            $"ArmTimer(MasterDown at {h.Now + 3_609_375})",
            $"StateChanged(Fault -> Backup: {(maintenance ? "Maintenance" : "FaultCleared")})");
    }

    [Fact]
    public void Keepalived_Fault_OwnerRecoversStraightToMaster()
    {
        var h = new MachineHarness(priority: 255).Started();
        h.Step(VrrpInput.FaultChanged(true));

        h.Step(VrrpInput.FaultChanged(false)).Last().ToString().Should().Be("StateChanged(Fault -> Master: AddressOwner)");
    }

    [Fact]
    public void Keepalived_TrackingPriorityChange_MasterReadvertisesAtOnce()
    {
        var h = new MachineHarness(priority: 100).StartedAsMaster();
        h.Now += 300_000;

        Names(h.Step(VrrpInput.PriorityChanged(96))).Should().Equal("SendAdvertisement(96)", $"ArmTimer(Adver at {h.Now + Second})");
        h.Machine.Priority.Should().Be(96);
    }

    [Fact]
    public void Keepalived_TrackingPriorityChange_CannotMoveTheOwner()
    {
        var h = new MachineHarness(priority: 255).Started();

        h.Step(VrrpInput.PriorityChanged(200)).Should().BeEmpty();
        h.Machine.Priority.Should().Be(255);
    }

    [Fact]
    public void Keepalived_TrackingPriorityChange_BackupUsesNewPriorityForSkewAndPreemption()
    {
        var h = new MachineHarness(priority: 100).Started();
        h.Receive(150, MachineHarness.HigherAddress);

        Names(h.Step(VrrpInput.PriorityChanged(200))).Should().Equal($"ArmTimer(MasterDown at {h.Now + 3_218_750})");
        h.Machine.SkewTimeMicroseconds.Should().Be(218_750);
        h.Now += Second;
        h.Receive(150, MachineHarness.HigherAddress).Should().BeEmpty("150 is now below us and preemption is on");
    }

    [Fact]
    public void Keepalived_PreemptDelay_BackupDefersToLowerPriorityMasterUntilTheDelayPasses()
    {
        var h = new MachineHarness(priority: 200, preemptDelay: TimeSpan.FromSeconds(5)).Started();
        long started = h.Now;

        for (int i = 1; i <= 8; i++)
        {
            h.Now = started + (i * Second);
            List<VrrpEffect> effects = h.Receive(100, MachineHarness.HigherAddress);
            if (h.Now < started + (6 * Second))
            {
                effects.Should().ContainSingle("advert {0} is inside the preempt delay", i);
            }
            else
            {
                effects.Should().BeEmpty("advert {0} is after the preempt delay", i);
            }
        }

        h.FireTimer().Last().To.Should().Be(VrrpState.Master);
        h.Now.Should().Be(started + (5 * Second) + 3_218_750);
    }

    [Fact]
    public void Keepalived_PreemptDelay_CountsFromTheFirstLowerPriorityAdvertNotFromStartup()
    {
        // Issue 10 defect 8: keepalived starts preempt_delay when preemption first becomes possible.
        var h = new MachineHarness(priority: 200, preemptDelay: TimeSpan.FromSeconds(2)).Started();
        long started = h.Now;

        // Longer than the delay hearing nothing (the down timer, 3.21875 s, has not run out yet).
        h.Now = started + (3 * Second);
        List<VrrpEffect> first = h.Receive(100, MachineHarness.LowerAddress);

        Names(first).Should().Equal($"ArmTimer(MasterDown at {h.Now + 3_218_750})");
        h.Machine.PreemptDelayUntil.Should().Be(started + (5 * Second));
        h.Now = started + (4 * Second) + (Second / 2);
        h.Receive(100, MachineHarness.LowerAddress).Should().ContainSingle("still inside the delay counted from the first lower advert");
        h.Now = started + (5 * Second);
        h.Receive(100, MachineHarness.LowerAddress).Should().BeEmpty("the delay has passed: discard, and preempt when the timer runs out");
        h.FireTimer().Last().To.Should().Be(VrrpState.Master);
        h.Now.Should().Be(started + (4 * Second) + (Second / 2) + 3_218_750);
    }

    [Theory]
    [InlineData(50, 3_804_687)]
    [InlineData(150, 3_414_062)]
    public void Keepalived_PriorityChangedInBackup_RebasesMasterDownTimerOnTheLastAdvert(int newPriority, long downUs)
    {
        // Issue 10 defect 9a: Skew_Time depends on the priority, so keepalived recomputes ms_down_timer and moves the
        // deadline (vrrp_track.c). The last advert came at `heard`; the new deadline is heard + the new interval.
        var h = new MachineHarness(priority: 100).Started();
        h.Receive(200, MachineHarness.HigherAddress);
        long heard = h.Now;
        h.Now += Second;

        List<VrrpEffect> effects = h.Step(VrrpInput.PriorityChanged((byte)newPriority));

        Names(effects).Should().Equal($"ArmTimer(MasterDown at {heard + downUs})");
        h.Machine.MasterDownIntervalMicroseconds.Should().Be(downUs);
    }

    [Theory]
    [InlineData(VrrpVersion.V3, 100, 1_003_906)]
    [InlineData(VrrpVersion.V3, 10, 100_390)]
    [InlineData(VrrpVersion.V2, 100, 1_003_906)]
    public void Keepalived_StateMasterInASyncGroup_WaitsOneAdvertIntervalNotMasterDownInterval(VrrpVersion version, int intervalCs, long downUs)
    {
        // Issue 10 defect 9b. keepalived's vrrp_init_state (vrrp_scheduler.c): a non-owner configured `state MASTER`
        // whose sync group starts in BACKUP waits Master_Adver_Interval + the smallest skew (pri_val 1) "to ensure there
        // is no other master" instead of Master_Down_Interval.
        var h = new MachineHarness(priority: 100, version: version, advertIntervalCentiseconds: intervalCs, startAsMaster: true);
        h.Machine.InSyncGroup = true;
        long now = h.Now;

        List<VrrpEffect> effects = h.Start();

        Names(effects).Should().Equal($"ArmTimer(MasterDown at {now + downUs})", "StateChanged(Initialize -> Backup: Started)");
    }

    [Fact]
    public void Keepalived_StateMasterWithoutASyncGroup_WaitsMasterDownIntervalAsKeepalivedDoes()
    {
        // keepalived.conf(5): below priority 255 `state MASTER` waits "between 3 and 4 advert intervals"; a fault that
        // clears starts over as BACKUP in any case (try_up_instance).
        var h = new MachineHarness(priority: 100, startAsMaster: true);
        long now = h.Now;

        Names(h.Start()).Should().Equal($"ArmTimer(MasterDown at {now + 3_609_375})", "StateChanged(Initialize -> Backup: Started)");
    }

    [Fact]
    public void TimerFired_StaleKind_IsIgnored()
    {
        var h = new MachineHarness(priority: 100).Started();
        h.Now = h.Machine.TimerDue;

        h.Step(VrrpInput.TimerFired(VrrpTimerKind.Adver)).Should().BeEmpty();
        h.Machine.State.Should().Be(VrrpState.Backup);
    }

    [Fact]
    public void TimerFired_BeforeItIsDue_RearmsInsteadOfActing()
    {
        var h = new MachineHarness(priority: 100).Started();
        long due = h.Machine.TimerDue;
        h.Now = due - 1;

        Names(h.Step(VrrpInput.TimerFired(VrrpTimerKind.MasterDown))).Should().Equal($"ArmTimer(MasterDown at {due})");
        h.Machine.State.Should().Be(VrrpState.Backup);
    }

    [Fact]
    public void AdverTimer_FiredWithinAHundredthOfTheInterval_SendsAndKeepsTheSchedule()
    {
        // The timer thread fires advert timers due within a millisecond together (1,000 instances: 10,000 deadlines
        // a second); the advert goes and the next one stays on the old schedule, one interval after the deadline.
        var h = new MachineHarness(priority: 255).Started();
        long due = h.Machine.TimerDue;
        h.Now = due - 1_000;

        Names(h.Step(VrrpInput.TimerFired(VrrpTimerKind.Adver))).Should().Equal("SendAdvertisement(255)", $"ArmTimer(Adver at {due + Second})");
    }

    [Fact]
    public void AdverTimer_FiredEarlierThanItsTolerance_Rearms()
    {
        // 10 ms adverts: a hundredth is 100 µs; 101 µs early is too early.
        var h = new MachineHarness(priority: 255, advertIntervalCentiseconds: 1).Started();
        long due = h.Machine.TimerDue;
        h.Now = due - 101;

        Names(h.Step(VrrpInput.TimerFired(VrrpTimerKind.Adver))).Should().Equal($"ArmTimer(Adver at {due})");
        h.Now = due - 100;
        Names(h.Step(VrrpInput.TimerFired(VrrpTimerKind.Adver))).Should().Equal("SendAdvertisement(255)", $"ArmTimer(Adver at {due + 10_000})");
    }

    [Fact]
    public void KeepalivedSyncGroup_DownTimerExpires_AsksTheGroupInsteadOfBecomingMaster()
    {
        var h = new MachineHarness(priority: 100);
        h.Machine.InSyncGroup = true;
        h.Start();

        List<VrrpEffect> effects = h.FireTimer();

        Names(effects).Should().Equal($"ArmTimer(MasterDown at {h.Now + 3_609_375})", "SyncGroupRequestMaster");
        h.Machine.State.Should().Be(VrrpState.Backup);
        h.Machine.WantsMaster.Should().BeTrue();
        h.Step(VrrpInput.SyncGroupMaster(initiator: true)).Last().ToString().Should().Be("StateChanged(Backup -> Master: MasterDownTimerExpired)");
        h.Machine.WantsMaster.Should().BeFalse();
        h.Step(VrrpInput.SyncGroupMaster()).Should().BeEmpty();
        h.Step(VrrpInput.SyncGroupBackup()).Last().ToString().Should().Be("StateChanged(Master -> Backup: SyncGroup)");
        h.Step(VrrpInput.SyncGroupBackup()).Should().BeEmpty();
    }

    [Fact]
    public void KeepalivedSyncGroup_MemberThatHearsABetterMaster_IgnoresTheGroupsMasterAndAsksForBackup()
    {
        var h = new MachineHarness(priority: 100);
        h.Machine.InSyncGroup = true;
        h.Start();
        h.Step(VrrpInput.SyncGroupMaster()).Should().BeEmpty("a member that does not want master is never forced to it");
        h.FireTimer();

        List<VrrpEffect> effects = h.Receive(150, MachineHarness.HigherAddress);

        Names(effects).Should().Equal($"ArmTimer(MasterDown at {h.Now + 3_609_375})", "SyncGroupRequestBackup");
        h.Machine.WantsMaster.Should().BeFalse();
        h.Step(VrrpInput.SyncGroupMaster()).Should().BeEmpty();
        h.Machine.State.Should().Be(VrrpState.Backup);
    }

    [Fact]
    public void Step_EffectBufferTooSmall_Throws()
    {
        var h = new MachineHarness();
        Action act = () => h.Machine.Step(VrrpInput.Start(), 0, new VrrpEffect[2]);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Step_AdvertAndTimerPath_AllocatesNothing()
    {
        var h = new MachineHarness(priority: 100);
        var buffer = new VrrpEffect[VrrpStateMachine.MaxEffectsPerStep];
        h.Machine.Step(VrrpInput.Start(), 0, buffer);
        VrrpInput advert = VrrpInput.AdvertisementReceived(h.Advert(200, 100), MachineHarness.HigherAddress);
        var master = new MachineHarness(priority: 255);
        master.Machine.Step(VrrpInput.Start(), 0, buffer);
        for (int i = 0; i < 100; i++)
        {
            h.Machine.Step(advert, i, buffer);
            master.Machine.Step(VrrpInput.TimerFired(VrrpTimerKind.Adver), master.Machine.TimerDue, buffer);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            h.Machine.Step(advert, 1000 + i, buffer);
            master.Machine.Step(VrrpInput.TimerFired(VrrpTimerKind.Adver), master.Machine.TimerDue, buffer);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.Should().Be(0);
        master.Machine.State.Should().Be(VrrpState.Master);
        h.Machine.MasterPriority.Should().Be(200);
    }
}
