namespace Vrrp.Tests.StateMachine;

/// <summary>The mastership gate (<see cref="IVrrpMastershipGate"/>, etcd's witness mode): no mastership without it.</summary>
public sealed class VrrpStateMachineGateTests
{
    private static string[] Names(List<VrrpEffect> effects) => effects.Select(e => e.ToString()).ToArray();

    private static MachineHarness Gated(byte priority = 100, bool preempt = true)
    {
        var h = new MachineHarness(priority: priority, preempt: preempt);
        h.Machine.Gated = true;
        return h;
    }

    [Fact]
    public void MasterDownExpires_GateClosed_StaysBackupAndAsksForTheGate()
    {
        MachineHarness h = Gated().Started();

        string[] effects = Names(h.FireTimer());

        h.Machine.State.Should().Be(VrrpState.Backup);
        h.Machine.WaitsForGate.Should().BeTrue();
        effects.Should().Equal($"ArmTimer(MasterDown at {h.Now + 3_609_375})", "WantGate");
    }

    [Fact]
    public void GateOpens_WhileWaiting_BecomesMasterWithTheTimerReason()
    {
        MachineHarness h = Gated().Started();
        h.FireTimer();
        h.Now += 250_000;

        string[] effects = Names(h.Step(VrrpInput.GateChanged(true)));

        effects.Should().Equal(
            "AddVirtualAddresses",
            "SendAdvertisement(100)",
            "AnnounceVirtualAddresses",
            $"ArmTimer(Adver at {h.Now + 1_000_000})",
            "StateChanged(Backup -> Master: MasterDownTimerExpired)");
    }

    [Fact]
    public void GateOpenAlready_MasterDownExpires_BecomesMasterAtOnceAndWantsTheGate()
    {
        MachineHarness h = Gated().Started();
        h.Step(VrrpInput.GateChanged(true)).Should().BeEmpty("a backup that does not want mastership ignores an open gate");

        string[] effects = Names(h.FireTimer());

        h.Machine.State.Should().Be(VrrpState.Master);
        effects.Should().EndWith(["StateChanged(Backup -> Master: MasterDownTimerExpired)", "WantGate"]);
    }

    [Fact]
    public void GateCloses_WhileMaster_AdvertisesZeroReleasesAddressesThenTheGate()
    {
        MachineHarness h = Gated().Started();
        h.Step(VrrpInput.GateChanged(true));
        h.FireTimer();

        string[] effects = Names(h.Step(VrrpInput.GateChanged(false)));

        h.Machine.State.Should().Be(VrrpState.Backup);
        h.Machine.Reason.Should().Be(VrrpTransitionReason.Witness);
        effects.Should().Equal(
            "CancelTimer",
            "SendAdvertisement(0)",
            "RemoveVirtualAddresses",
            $"ArmTimer(MasterDown at {h.Now + 3_609_375})",
            "StateChanged(Master -> Backup: Witness)",
            "ReleaseGate");
    }

    [Fact]
    public void WaitingBackup_HearsAMaster_StopsWaitingAndReleasesTheGate()
    {
        MachineHarness h = Gated().Started();
        h.FireTimer();

        string[] effects = Names(h.Receive(90, MachineHarness.LowerAddress));

        h.Machine.WaitsForGate.Should().BeFalse();
        effects.Should().EndWith("ReleaseGate");
        h.Step(VrrpInput.GateChanged(true)).Should().BeEmpty("the gate opening late must not make a second master");
        h.Machine.State.Should().Be(VrrpState.Backup);
    }

    [Fact]
    public void Gated_DoesNotPreemptALowerPriorityMaster()
    {
        MachineHarness h = Gated(priority: 200).Started();

        h.Receive(100, MachineHarness.LowerAddress);
        h.FireTimer();

        h.Machine.WaitsForGate.Should().BeTrue("only silence makes it want mastership");
        h.Receive(100, MachineHarness.LowerAddress);
        h.Machine.WaitsForGate.Should().BeFalse("the lower master holds the gate; a preempting backup would only wait for it");
    }

    [Fact]
    public void Master_YieldsToAHigherPriority_ReleasesTheGateAfterTheAddresses()
    {
        MachineHarness h = Gated().Started();
        h.Step(VrrpInput.GateChanged(true));
        h.FireTimer();

        string[] effects = Names(h.Receive(200, MachineHarness.HigherAddress));

        effects.Should().ContainInOrder("RemoveVirtualAddresses", "StateChanged(Master -> Backup: HigherPriorityAdvertisement)", "ReleaseGate");
        effects.Should().EndWith("ReleaseGate");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Master_FaultOrShutdown_ReleasesTheGateLast(bool fault)
    {
        MachineHarness h = Gated().Started();
        h.Step(VrrpInput.GateChanged(true));
        h.FireTimer();

        string[] effects = Names(h.Step(fault ? VrrpInput.FaultChanged(true) : VrrpInput.Shutdown()));

        effects.Should().Contain("RemoveVirtualAddresses");
        effects.Should().EndWith("ReleaseGate");
    }

    [Fact]
    public void GatedOwner_StartsAsBackup_AndWaitsForTheGate()
    {
        MachineHarness h = Gated(priority: 255);

        string[] effects = Names(h.Start());

        h.Machine.State.Should().Be(VrrpState.Backup);
        effects.Should().NotContain("AddVirtualAddresses");
        h.FireTimer();
        h.Machine.WaitsForGate.Should().BeTrue();
        h.Step(VrrpInput.GateChanged(true));
        h.Machine.State.Should().Be(VrrpState.Master);
    }

    [Fact]
    public void NotGated_GateInputsChangeNothing()
    {
        var h = new MachineHarness().Started();
        h.FireTimer();
        h.Machine.State.Should().Be(VrrpState.Master);

        h.Step(VrrpInput.GateChanged(true)).Should().BeEmpty();
        h.Step(VrrpInput.GateChanged(false)).Should().BeEmpty();
        h.Machine.State.Should().Be(VrrpState.Master);
    }

    [Fact]
    public void MasterStopping_GatedBackupWaitsForTheGateAfterSkewTime()
    {
        MachineHarness h = Gated().Started();
        h.Receive(150, MachineHarness.HigherAddress);
        h.Receive(0, MachineHarness.HigherAddress);

        h.FireTimer();
        h.Machine.WaitsForGate.Should().BeTrue();
        h.Step(VrrpInput.GateChanged(true));

        h.Machine.State.Should().Be(VrrpState.Master);
        h.Machine.Reason.Should().Be(VrrpTransitionReason.MasterStopped);
    }
}
