
namespace Vrrp.Cli.Tests.Failover;

/// <summary>
/// The VIP lease of <c>vrrp run</c> (on by default): a master killed with SIGKILL or stopped with SIGSTOP loses its
/// VIP by itself, so the backup ends up the only holder; checked with <c>ip addr</c> on both nodes.
/// </summary>
public sealed class VrrpRunVipLeaseTests(ITestOutputHelper output) : VrrpRunPairTest(output, hostCount: 2)
{
    private const string Vip = "10.99.0.100/24";

    // VRRPv3, 200 ms adverts: lease max(2 s, ceil(5 x 0.2 + 1)) = 2 s, renewed every 2/3 s; the backup (priority 100)
    // takes over after Master_Down_Interval = 3 x 0.2 + 156 x 0.2 / 256 = 0.722 s.
    private static readonly string[] s_common = ["-i", "eth0", "--version", "3", "--advert-interval", "0.2", "--vip", Vip];
    private static readonly TimeSpan s_lease = TimeSpan.FromSeconds(2);

    [Fact]
    public void Run_MasterKilledWithSigkill_VipLeaseRunsOutOnTheDeadNodeAndTheBackupHoldsItAlone()
    {
        FaultMasterUntilLeaseRunsOut("41", master => master.KillHard(), "SIGKILL", "killed", "nobody renews the lease of a killed master");
        Holders().Should().Equal([2], "the backup holds the VIP alone");
    }

    [Fact]
    public void Run_MasterStoppedWithSigstopThenContinued_VipLeaseRunsOutAndTheOldMasterRejoinsWithOneHolderAtATime()
    {
        FaultMasterUntilLeaseRunsOut("42", master => master.Stop(), "SIGSTOP", "stopped", "a hung master does not renew its lease");
        Holders().Should().Equal([2], "the backup holds the VIP alone while the old master hangs");
        Thread.Sleep(1000);
        Holders().Should().Equal([2]);

        // SIGCONT: the old master (priority 150, preempt) still believes it is master; its first advert renews the
        // lapsed lease (binding and announcing the VIP again) and sends the backup back to Backup.
        TimeSpan continued = _first!.Continue();
        _second!.WaitForState("Backup", TimeSpan.FromSeconds(5), after: continued);
        _first.WaitForLine(l => l.Contains("renewed its VIP lease", StringComparison.Ordinal), TimeSpan.FromSeconds(5), after: continued);
        TimeSpan converged = VrrpNode.WaitUntil(() => Holders().SequenceEqual([1]), TimeSpan.FromSeconds(5));
        _output.WriteLine($"SIGCONT -> one holder again (the old master) after {(converged - continued).TotalMilliseconds:F0} ms");

        // From here on, every sample of both nodes shows exactly one holder, for longer than a lease.
        var samples = new List<int[]>();
        long end = Environment.TickCount64 + (long)(s_lease.TotalMilliseconds * 1.5);
        while (Environment.TickCount64 < end)
        {
            samples.Add(Holders());
            Thread.Sleep(50);
        }

        _output.WriteLine($"{samples.Count} samples after convergence");
        samples.Should().HaveCountGreaterThan(10).And.AllSatisfy(holders => holders.Should().Equal([1], "exactly one holder, the old master, which renews again"));
    }

    [Fact]
    public void Run_LiveMaster_RenewsItsLeaseAndKeepsTheVipLongerThanTheLease()
    {
        StartPair("43");

        Lan[1].Addresses().Should().MatchRegex(@"inet 10\.99\.0\.100/24 .*valid_lft [12]sec preferred_lft [12]sec", "the VIP carries the lease as its kernel lifetime");
        Thread.Sleep(s_lease * 2);

        Holders().Should().Equal([1], "the master renews its lease with its adverts");
        Lan[1].Addresses().Should().MatchRegex(@"inet 10\.99\.0\.100/24 .*valid_lft [12]sec");
        _first!.HasLine(l => l.Contains("leased for 2 s", StringComparison.Ordinal)).Should().BeTrue();

        // A graceful stop still releases the VIP at once.
        TimeSpan terminated = _first.Terminate();
        _first.WaitForExit(TimeSpan.FromSeconds(10)).Should().Be(0);
        _second!.WaitForState("Master", TimeSpan.FromSeconds(5), after: terminated);
        Holders().Should().Equal([2]);
    }

    /// <summary>
    /// Starts the pair, faults the master with <paramref name="fault"/>, and checks that the backup takes over and the
    /// VIP leaves the faulted node within the lease plus a second.
    /// </summary>
    private void FaultMasterUntilLeaseRunsOut(string vrid, Func<VrrpNode, TimeSpan> fault, string signal, string faulted, string because)
    {
        StartPair(vrid);

        TimeSpan at = fault(_first!);
        TimeSpan takeover = _second!.WaitForState("Master", TimeSpan.FromSeconds(5), after: at);
        TimeSpan gone = WaitUntilReleased(Lan[1], at + s_lease + TimeSpan.FromSeconds(3));
        _output.WriteLine($"{signal} -> backup master {(takeover - at).TotalMilliseconds:F0} ms; -> VIP gone from the {faulted} node {(gone - at).TotalMilliseconds:F0} ms (lease {s_lease.TotalSeconds} s)");
        (gone - at).Should().BeLessThan(s_lease + TimeSpan.FromSeconds(1), because);
    }

    private void StartPair(string vrid)
    {
        StartPair(s_common, vrid);
        Holders().Should().Equal([1]);
    }

    /// <summary>The hosts (1, 2) whose eth0 has the VIP now, from <c>ip addr</c>.</summary>
    private int[] Holders() => [.. new[] { 1, 2 }.Where(n => Lan[n].Addresses().Contains("inet " + Vip, StringComparison.Ordinal))];

    private static TimeSpan WaitUntilReleased(LanHost host, TimeSpan deadline)
    {
        while (VrrpNode.Now < deadline)
        {
            if (!host.Addresses().Contains("inet " + Vip, StringComparison.Ordinal))
            {
                return VrrpNode.Now;
            }

            Thread.Sleep(20);
        }

        throw new TimeoutException($"{host.Namespace} still holds {Vip}:\n{host.Addresses()}");
    }
}
