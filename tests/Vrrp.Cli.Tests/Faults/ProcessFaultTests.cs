namespace Vrrp.Cli.Tests.Faults;

/// <summary>
/// Faults of the master's process, at 100 ms VRRPv3 adverts: kill -9, SIGSTOP for 5 s, SIGTERM. The invariants are
/// checked from outside: the VIP holder sampled every 50 ms, the observer's ARP and ping view, the state changes
/// each node logged.
/// </summary>
public sealed class ProcessFaultTests(ITestOutputHelper output) : FaultLanTest(output)
{
    /// <summary>The crash: the backup takes over within its Master_Down_Interval, with one transition and no flapping.</summary>
    [Fact]
    public void KillMaster_Sigkill_BackupTakesOverWithinMasterDownInterval()
    {
        _lan.StartPair();

        TimeSpan killed = _lan.Master.KillHard();
        TimeSpan takeover = _lan.Backup.WaitForState("Master", TimeSpan.FromSeconds(5), after: killed);
        TimeSpan held = _lan.Monitor.WaitFor(mask => (mask & VipHolderMonitor.Bit(2)) != 0, "held by host 2", TimeSpan.FromSeconds(5), killed);
        Thread.Sleep(1000);

        _lan.WriteLine($"kill -9 -> backup master: {(takeover - killed).TotalMilliseconds:F0} ms, VIP on host 2 after {(held - killed).TotalMilliseconds:F0} ms (Master_Down_Interval {FaultLan.BackupMasterDownInterval.TotalMilliseconds:F0} ms)");
        (takeover - killed).Should().BeLessThan(FaultLan.BackupMasterDownInterval + FaultLan.Tolerance);
        _lan.AssertTransitionsAtMost(_lan.Backup, killed, master: 1, backup: 0, "one takeover, no flapping");
        _lan.Observer.Ping(FaultLan.Vip).Should().BeTrue();
    }

    /// <summary>
    /// Needs the VIP lease (issue 10): after kill -9 the dead master's VIP expires by itself within the lease + 1 s
    /// (the lease read from the kernel's valid_lft of the VIP before the kill, rounded up), and the backup alone holds and
    /// answers it.
    /// </summary>
    [Fact]
    public void KillMaster_Sigkill_VipLeaseRemovesVipFromDeadNodeWithinLeasePlusOneSecond()
    {
        _lan.StartPair();
        int? lease = _lan.VipLeaseSeconds(1);
        _lan.WriteLine($"VIP valid_lft on the master: {(lease is null ? "forever" : lease + " s")}");
        lease.Should().NotBeNull("vrrp run adds the VIP with a kernel lifetime (the VIP lease) that the live master renews");

        TimeSpan killed = _lan.Master.KillHard();
        _lan.Backup.WaitForState("Master", TimeSpan.FromSeconds(5), after: killed);
        TimeSpan bound = TimeSpan.FromSeconds(lease!.Value + 1);
        TimeSpan sole = _lan.AssertSoleHolder(2, "the dead master's lease ran out", bound + TimeSpan.FromSeconds(2), killed);

        _lan.WriteLine($"kill -9 -> VIP held by host 2 alone after {(sole - killed).TotalMilliseconds:F0} ms (lease {lease} s)");
        (sole - killed).Should().BeLessThanOrEqualTo(bound);
        _lan.AssertTransitionsAtMost(_lan.Backup, killed, master: 1, backup: 0, "one takeover, no flapping");
    }

    /// <summary>
    /// Needs the VIP lease: a master stopped for 5 s loses its VIP within the lease + 1 s while the backup serves it
    /// alone; after SIGCONT the old master (priority 150) takes the VIP back without a second holder beyond a
    /// moment, and nobody flaps.
    /// </summary>
    [Fact]
    public void StopMasterFiveSeconds_SigstopThenSigcont_LeaseDropsVipWhileStoppedAndOldMasterRejoinsWithoutSecondVip()
    {
        _lan.StartPair();
        int? lease = _lan.VipLeaseSeconds(1);
        _lan.WriteLine($"VIP valid_lft on the master: {(lease is null ? "forever" : lease + " s")}");

        TimeSpan stopped = FaultLan.Signal(_lan.Master, "STOP");
        TimeSpan takeover = _lan.Backup.WaitForState("Master", TimeSpan.FromSeconds(5), after: stopped);
        (takeover - stopped).Should().BeLessThan(FaultLan.BackupMasterDownInterval + FaultLan.Tolerance);
        lease.Should().NotBeNull("without the VIP lease the stopped master keeps its VIP and both hold it while it is stopped");
        TimeSpan sole = _lan.AssertSoleHolder(2, "the stopped master's lease ran out", TimeSpan.FromSeconds(lease!.Value + 3), stopped);
        _lan.WriteLine($"SIGSTOP -> backup master after {(takeover - stopped).TotalMilliseconds:F0} ms, host 2 alone after {(sole - stopped).TotalMilliseconds:F0} ms (lease {lease} s)");
        (sole - stopped).Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(lease.Value + 1));

        // Stopped for 5 s (longer only if the lease itself is longer, so that it can run out while stopped).
        TimeSpan resume = stopped + TimeSpan.FromSeconds(5) - TestSupport.Netns.VrrpNode.Now;
        Thread.Sleep(resume > TimeSpan.Zero ? resume : TimeSpan.Zero);
        TimeSpan continued = FaultLan.Signal(_lan.Master, "CONT");
        TimeSpan back = _lan.AssertSoleHolder(1, "the SIGCONT'd master (priority 150) took the VIP back", TimeSpan.FromSeconds(5), continued);
        Thread.Sleep(1000);

        TimeSpan overlap = _lan.Monitor.LongestRun(mask => mask == 3, continued, TestSupport.Netns.VrrpNode.Now);
        _lan.WriteLine($"SIGCONT -> host 1 alone after {(back - continued).TotalMilliseconds:F0} ms; longest two-holder run {overlap.TotalMilliseconds:F0} ms");
        overlap.Should().BeLessThanOrEqualTo(TimeSpan.FromMilliseconds(200), "the resumed master must not hold a second VIP beside the backup for longer than a hand-over");
        _lan.AssertTransitionsAtMost(_lan.Master, continued, master: 1, backup: 1, "at most one hand-over back");
        _lan.AssertTransitionsAtMost(_lan.Backup, continued, master: 0, backup: 1, "the backup yields once");
        _lan.AssertSoleHolder(1, "steady state after SIGCONT");
    }

    /// <summary>The clean stop: priority 0, the backup within Skew_Time, no VIP left on the stopped node, never two holders.</summary>
    [Fact]
    public void TerminateMaster_Sigterm_BackupTakesOverWithinSkewTimeAndNoVipRemainsOnStoppedNode()
    {
        _lan.StartPair();

        TimeSpan terminated = _lan.Master.Terminate();
        TimeSpan takeover = _lan.Backup.WaitForState("Master", TimeSpan.FromSeconds(5), after: terminated);
        _lan.Master.WaitForExit(TimeSpan.FromSeconds(10)).Should().Be(0);
        TimeSpan sole = _lan.AssertSoleHolder(2, "the backup took over and the stopped node removed its VIP", after: terminated);
        Thread.Sleep(500);

        TimeSpan vacancy = _lan.Monitor.LongestRun(mask => mask == 0, terminated, TestSupport.Netns.VrrpNode.Now);
        _lan.WriteLine($"SIGTERM -> backup master: {(takeover - terminated).TotalMilliseconds:F0} ms (Skew_Time {FaultLan.BackupSkewTime.TotalMilliseconds:F0} ms), host 2 alone after {(sole - terminated).TotalMilliseconds:F0} ms, longest vacancy {vacancy.TotalMilliseconds:F0} ms");
        (takeover - terminated).Should().BeLessThan(FaultLan.BackupSkewTime + FaultLan.Tolerance);
        _lan.Monitor.CountSamples(mask => mask == 3, terminated, TestSupport.Netns.VrrpNode.Now).Should().Be(0, "the stopping master removes its VIP before the backup adds it");
        _lan.Lan[1].Addresses().Should().NotContain(FaultLan.Vip + "/");
        _lan.AssertTransitionsAtMost(_lan.Backup, terminated, master: 1, backup: 0, "one takeover");
    }
}
