namespace Vrrp.Cli.Tests.Failover;

/// <summary>
/// The first takeover of a `vrrp run` backup under the JIT compiles nothing on the timer thread between
/// Master_Down_Timer and the first gratuitous ARP: the warm-ups (the takeover rehearsal, <c>MasterPathWarmup</c>) reach
/// every method it runs. A method they miss costs 0.3-0.5 ms of failover each (docs/failover.md). Read from the
/// process's own traces (VRRP_TRACE_TAKEOVER steps, VRRP_TRACE_JIT); the Native AOT binary (VRRP_BINARY) compiles
/// nothing and passes trivially.
/// </summary>
public sealed class VrrpRunFirstTakeoverTests(ITestOutputHelper output) : VrrpRunPairTest(output)
{
    [Fact]
    public void Run_MasterKilled_TheBackupsFirstTakeoverCompilesNothingBeforeItsFirstGarp()
    {
        string steps = Files.Combine("backup.steps");
        string jit = Files.Combine("backup.jit");
        string[] common = ["-i", "eth0", "--vrid", "9", "--version", "3", "--advert-interval", "0.1", "--vip", "10.99.0.100/24"];
        _first = VrrpNode.Start(Lan[1], [.. common, "--priority", "150"]);
        _first.WaitForState("Master", s_electionTimeout);
        _second = VrrpNode.Start(Lan[2], new Dictionary<string, string> { ["VRRP_TRACE_TAKEOVER"] = steps, ["VRRP_TRACE_JIT"] = jit }, [.. common, "--priority", "100"]);
        _second.WaitForState("Backup", s_electionTimeout);
        Thread.Sleep(1000);

        TimeSpan killed = _first.KillHard();
        _second.WaitForState("Master", TimeSpan.FromSeconds(5), after: killed);
        Thread.Sleep(500);
        _second.Terminate();
        _second.WaitForExit(TimeSpan.FromSeconds(10)).Should().Be(0, "the steps are written at exit");

        // The takeover: the first announcement really sent, and the timer callback that led to it, on one thread.
        string[] stepLines = File.ReadAllLines(steps);
        int garp = Array.FindIndex(stepLines, l => l.Contains(" AnnouncementSent ", StringComparison.Ordinal));
        garp.Should().BeGreaterThan(0, "the steps trace shows the takeover's announcement");
        string thread = Field(stepLines[garp], 1);
        int timer = Array.FindLastIndex(stepLines, garp, l => l.Contains(" TimerCallback ", StringComparison.Ordinal) && Field(l, 1) == thread);
        timer.Should().BeGreaterThanOrEqualTo(0);
        TimeSpan from = Time(stepLines[timer]);
        TimeSpan to = Time(stepLines[garp]);
        _output.WriteLine($"takeover on {thread}: {stepLines[timer]} .. {stepLines[garp]}");

        string[] compiled = [.. File.ReadLines(jit).Where(l => l.Contains(" MethodJittingStarted", StringComparison.Ordinal) && Field(l, 1) == thread && Time(l) >= from && Time(l) <= to)];
        compiled.Should().BeEmpty("everything the takeover runs was compiled at start");
    }

    private static string Field(string line, int index) => line.Split(' ')[index];

    private static TimeSpan Time(string line) => TimeSpan.ParseExact(Field(line, 0), @"hh\:mm\:ss\.ffffff", CultureInfo.InvariantCulture);
}
