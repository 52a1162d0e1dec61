namespace Vrrp.Tests.StateMachine;

/// <summary>Maintenance and new settings for a running machine (issue 12): the effects, in order.</summary>
public sealed class VrrpStateMachineLiveTests
{
    [Fact]
    public void Maintenance_FaultsComeAndGo_NoEffectsAndStillInFault()
    {
        var h = new MachineHarness(priority: 100).StartedAsMaster();
        h.Step(VrrpInput.MaintenanceChanged(true));

        h.Step(VrrpInput.FaultChanged(true)).Should().BeEmpty();
        h.Step(VrrpInput.FaultChanged(false)).Should().BeEmpty();

        h.Machine.InMaintenance.Should().BeTrue();
        h.Machine.State.Should().Be(VrrpState.Fault);
        h.Machine.Reason.Should().Be(VrrpTransitionReason.Maintenance);
    }

    [Fact]
    public void Maintenance_OffWhileFaulted_StaysInFaultThenClearsAsFaultCleared()
    {
        var h = new MachineHarness(priority: 100).Started();
        h.Step(VrrpInput.MaintenanceChanged(true));
        h.Step(VrrpInput.FaultChanged(true));

        h.Step(VrrpInput.MaintenanceChanged(false)).Should().BeEmpty();

        Names(h.Step(VrrpInput.FaultChanged(false)))[^1].Should().Be("StateChanged(Fault -> Backup: FaultCleared)");
    }

    [Fact]
    public void Reconfigure_MasterNewPriority_NoEffectAndTheNextAdvertCarriesIt()
    {
        var h = new MachineHarness(priority: 100).StartedAsMaster();

        h.Machine.Reconfigure(h.Machine.Config with { Priority = 90 }, 90, h.Now, new VrrpEffect[VrrpStateMachine.MaxEffectsPerStep]).Should().Be(0);

        Names(h.FireTimer())[0].Should().Be("SendAdvertisement(90)");
        h.Machine.State.Should().Be(VrrpState.Master);
    }

    [Fact]
    public void Reconfigure_BackupNewPriority_MovesMasterDownBySkewTimeChange()
    {
        var h = new MachineHarness(priority: 100).Started();
        h.Receive(150, MachineHarness.HigherAddress);
        long due = h.Machine.TimerDue;
        var effects = new VrrpEffect[VrrpStateMachine.MaxEffectsPerStep];

        int count = h.Machine.Reconfigure(h.Machine.Config with { Priority = 200 }, 200, h.Now, effects);

        // Skew_Time = (256 - priority) / 256 s: 156/256 -> 56/256 s, so Master_Down_Timer is 100/256 s earlier.
        count.Should().Be(1);
        effects[0].ToString().Should().Be($"ArmTimer(MasterDown at {due - 390_625})");
        h.Machine.Priority.Should().Be(200);
    }

    [Fact]
    public void Reconfigure_ToOrFromOwner_Throws()
    {
        var h = new MachineHarness(priority: 100).Started();

        Action act = () => h.Machine.Reconfigure(h.Machine.Config with { Priority = 255 }, 255, h.Now, new VrrpEffect[VrrpStateMachine.MaxEffectsPerStep]);

        act.Should().Throw<ArgumentException>();
    }

    private static string[] Names(List<VrrpEffect> effects) => effects.Select(e => e.ToString()).ToArray();
}
