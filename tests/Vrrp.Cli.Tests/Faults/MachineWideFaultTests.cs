
namespace Vrrp.Cli.Tests.Faults;

/// <summary>
/// Faults of the whole machine at 100 ms VRRPv3 adverts, run alone (<see cref="MachineWideFaults"/>): both cores
/// busy for 2 minutes, and wall-clock steps of ±1 h. Neither may cause a failover or a second VIP holder.
/// </summary>
[Collection(MachineWideFaults.Name)]
public sealed class MachineWideFaultTests(ITestOutputHelper output) : FaultLanTest(output)
{
    /// <summary>Two busy loops at normal priority, one per core of the CI machine, for 2 minutes: no failover at all.</summary>
    [Fact]
    public void CpuBurner_BothCoresBusyForTwoMinutes_NoSpuriousFailover()
    {
        (TimeSpan started, TimeSpan duration) = _lan.StartSoak();
        TimeSpan masterBefore = ProcessCpu.Used(_lan.Master.ProcessId);
        TimeSpan burned;
        using (CpuBurner burner = CpuBurner.Start(Math.Max(2, Environment.ProcessorCount)))
        {
            Thread.Sleep(duration);
            burned = burner.Used;
        }

        TimeSpan ended = VrrpNode.Now;
        double masterCores = (ProcessCpu.Used(_lan.Master.ProcessId) - masterBefore) / (ended - started);
        _lan.WriteLine(
            $"CPU burner: {Math.Max(2, Environment.ProcessorCount)} busy loops for {duration.TotalSeconds:F0} s used {burned.TotalSeconds:F0} s of CPU ({burned / (ended - started):F2} cores); master {masterCores:P1} of a core; backup -> Master {_lan.Backup.CountTransitions("Master", started)}; samples not held by host 1 alone: {_lan.Monitor.CountSamples(m => m != 1, started, ended)} of {_lan.Monitor.CountSamples(_ => true, started, ended)}");
        _lan.AssertTransitionsAtMost(_lan.Master, started, master: 0, backup: 0, "a busy machine is no reason to yield");
        _lan.AssertTransitionsAtMost(_lan.Backup, started, master: 0, backup: 0, "the master's adverts are sent and heard on time on a busy machine");
        _lan.Monitor.CountSamples(m => m != VipHolderMonitor.Bit(1), started, ended).Should().Be(0, "host 1 alone held the VIP throughout");
        _lan.AssertSoleHolder(1, "after the CPU burner", after: ended);
    }

    /// <summary>
    /// The wall clock steps forward 1 h, back 2 h and forward 1 h again (restored in Dispose if the test fails in
    /// between): VRRP timers run on the monotonic clock, so nothing happens.
    /// </summary>
    [Fact]
    public void WallClockStep_PlusOneHourThenMinusTwoHoursThenBack_NoFailover()
    {
        _lan.StartPair();
        TimeSpan phase = TimeSpan.FromSeconds(3);
        TimeSpan step = WallClock.TestStep;

        TimeSpan started = VrrpNode.Now;
        using (var clock = new WallClock())
        {
            clock.Step(step);
            Thread.Sleep(phase);
            clock.Step(-2 * step);
            Thread.Sleep(phase);
            clock.Step(step);
        }

        Thread.Sleep(phase);
        TimeSpan ended = VrrpNode.Now;
        _lan.WriteLine($"wall clock +{step}, -{2 * step}, +{step} ({phase.TotalSeconds:F0} s each): samples not held by host 1 alone: {_lan.Monitor.CountSamples(m => m != 1, started, ended)}");
        _lan.AssertTransitionsAtMost(_lan.Master, started, master: 0, backup: 0, "a wall-clock step is no reason to yield");
        _lan.AssertTransitionsAtMost(_lan.Backup, started, master: 0, backup: 0, "no timer runs on the wall clock");
        _lan.Monitor.CountSamples(m => m != VipHolderMonitor.Bit(1), started, ended).Should().Be(0, "host 1 alone held the VIP throughout");
        _lan.AssertSoleHolder(1, "after the clock steps", after: ended);
    }
}
