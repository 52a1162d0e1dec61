using System.Text.Json;
using System.Text.RegularExpressions;
using static Vrrp.TestSupport.Hosting.ReloadConf;

namespace Vrrp.Cli.Tests.Reload;

/// <summary>
/// SIGHUP (what <c>systemctl reload</c> sends) to a <c>vrrp run -f</c> pair on a namespace LAN, with a client on host 3
/// pinging the VIP 100 times a second: each reload does what its plan says and nothing else, seen from outside
/// (<c>ip addr</c> in each namespace, the daemons' log lines, the status file) and by the pinging client.
/// </summary>
public sealed partial class VrrpRunReloadTests(ITestOutputHelper output) : VrrpRunPairTest(output)
{
    private const string Vip = "10.99.0.100";
    private static readonly TimeSpan s_reloadTimeout = TimeSpan.FromSeconds(10);
    private readonly System.Text.StringBuilder _pingOutput = new();

    [Fact]
    public void Sighup_RunningMaster_ReloadsInsteadOfDyingAndKeepsTheOnlyVip()
    {
        // Before issue 12 SIGHUP killed the daemon without releasing the VIP, and the backup took it too: two holders.
        string first = Files.WriteFile("h1.conf", Instance("VI_1", 51, 100, [Vip + "/24"]));
        string second = Files.WriteFile("h2.conf", Instance("VI_1", 51, 50, [Vip + "/24"]));
        StartMasterThenBackup([], ["-f", first], ["-f", second]);

        TimeSpan at = _first.Reload();
        _first.WaitForLine(l => l.Contains("Reloaded: 1 kept", StringComparison.Ordinal), s_reloadTimeout, at);
        Thread.Sleep(4500);

        _first.CountLines(l => l.Contains(" reason=", StringComparison.Ordinal), at).Should().Be(0);
        _second.CountLines(l => l.Contains(" reason=", StringComparison.Ordinal), at).Should().Be(0, "the master kept advertising");
        AssertVipOnlyOn(1);
        _first.Terminate();
        _first.WaitForExit(TimeSpan.FromSeconds(10)).Should().Be(0);
    }

    [Fact]
    public void Sighup_DaemonStartedWithSighupIgnored_StillReloads()
    {
        // nohup (and a CI runner or supervisor started under it) execs the daemon with SIGHUP ignored. .NET installs no
        // handler for a signal ignored at start ("we respect ignored signals"), so PosixSignalRegistration succeeded and
        // every SIGHUP was discarded by the kernel: the daemon advertised on and never reloaded (the CI failures of 2026-12-07).
        string conf = Files.WriteFile("h1.conf", Instance("VI_1", 51, 100, [Vip + "/24"]));
        _first = VrrpNode.StartCommandLine(Lan[1], null, ignoreHangup: true, ["run", "-f", conf, "--status-file", "none", "--control-socket", "none"]);
        _first.WaitForState("Master", s_electionTimeout);

        TimeSpan at = _first.Reload();
        _first.WaitForLine(l => l.Contains("Reloaded: 1 kept", StringComparison.Ordinal), s_reloadTimeout, at);
        _first.Terminate();
        _first.WaitForExit(TimeSpan.FromSeconds(10)).Should().Be(0);
        Lan[1].Addresses().Should().NotContain(Vip);
    }

    [Fact]
    public void Sighup_PingedVip_HundredUnchangedReloadsThenEachChangeDoesOnlyWhatItsPlanSays()
    {
        string[] vip = [Vip + "/24"];
        string status1 = Files.Combine("h1-status.json");
        string status2 = Files.Combine("h2-status.json");
        string first = Files.WriteFile("h1.conf", Instance("VI_1", 51, 100, vip));
        string second = Files.WriteFile("h2.conf", Instance("VI_1", 51, 50, vip));
        StartMasterThenBackup([], ["-f", first, "--status-file", status1], ["-f", second, "--status-file", status2]);
        Lan[3].Ping(System.Net.IPAddress.Parse(Vip)).Should().BeTrue();
        TimeSpan started = VrrpNode.Now;
        using Process ping = StartPing();
        Thread.Sleep(300);

        // 100 reloads of each unchanged file: every one keeps VI_1, none moves it.
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 100; i++)
        {
            ReloadBoth("Reloaded: 1 kept, 0 updated, 0 restarted, 0 added, 0 removed, 0 error(s)");
        }

        _output.WriteLine($"200 unchanged reloads (100 per node) in {clock.Elapsed.TotalSeconds:F1} s");
        Transitions(started).Should().Be(0);

        // Priority: live, in the next advert (the backup's status shows the master's new priority).
        File.WriteAllText(first, Instance("VI_1", 51, 110, vip));
        Reload(_first, "Reload: vrrp_instance VI_1: Update: priority 100 -> 110");
        WaitForStatus(status2, json => json.Contains("\"master_priority\": 110", StringComparison.Ordinal));

        // A VIP added, then removed: only that address comes and goes, on the master only.
        string[] two = [Vip + "/24", "10.99.0.101/24"];
        File.WriteAllText(first, Instance("VI_1", 51, 110, two));
        File.WriteAllText(second, Instance("VI_1", 51, 50, two));
        ReloadBoth("Reload: vrrp_instance VI_1: Update");
        AssertVipOnlyOn(1, "10.99.0.101/24");
        AssertVipOnlyOn(1);
        File.WriteAllText(first, Instance("VI_1", 51, 110, vip));
        File.WriteAllText(second, Instance("VI_1", 51, 50, vip));
        ReloadBoth("Reload: vrrp_instance VI_1: Update");
        Lan[1].Addresses().Should().NotContain("10.99.0.101").And.Contain(Vip + "/24");

        // An instance added (the master first, so it wins the election), then removed (the backup first, so it never takes over).
        string added = Instance("VI_2", 52, 100, ["10.99.0.102/24"]);
        File.WriteAllText(first, Instance("VI_1", 51, 110, vip) + added);
        TimeSpan addedAt = Reload(_first, "Reload: vrrp_instance VI_2: Add");
        File.WriteAllText(second, Instance("VI_1", 51, 50, vip) + Instance("VI_2", 52, 50, ["10.99.0.102/24"]));
        Reload(_second, "Reload: vrrp_instance VI_2: Add");
        _first.WaitForLine(l => l.Contains("VI_2: Backup -> Master", StringComparison.Ordinal), s_electionTimeout, addedAt);
        AssertVipOnlyOn(1, "10.99.0.102/24");
        File.WriteAllText(second, Instance("VI_1", 51, 50, vip));
        Reload(_second, "Reload: vrrp_instance VI_2: Remove");
        File.WriteAllText(first, Instance("VI_1", 51, 110, vip));
        TimeSpan removedAt = Reload(_first, "Reload: vrrp_instance VI_2: Remove");
        _first.WaitForLine(l => l.Contains("VI_2: Master -> Stopped", StringComparison.Ordinal), s_reloadTimeout, removedAt);
        Lan[1].Addresses().Should().NotContain("10.99.0.102");
        Lan[2].Addresses().Should().NotContain("10.99.0.102");

        // A broken file changes nothing; the log and the status file say where it is broken.
        File.WriteAllText(first, Instance("VI_1", 51, 110, vip).Replace("virtual_router_id 51", "virtual_router_id 300", StringComparison.Ordinal));
        TimeSpan brokenAt = _first.Reload();
        _first.WaitForLine(l => l.Contains($"Reload refused, nothing changed: {first}:4:", StringComparison.Ordinal), s_reloadTimeout, brokenAt);
        string written = WaitForStatus(status1, json => json.Contains("\"succeeded\": false", StringComparison.Ordinal));
        written.Should().Contain($"{first}:4:");
        Lan[1].Addresses().Should().Contain(Vip + "/24");

        Thread.Sleep(500);
        (int sent, int lost) = StopPing(ping);
        int transitions = Transitions(started);
        _output.WriteLine($"pings to {Vip} every 10 ms: {sent} sent, {lost} lost; VI_1 transitions during the reloads: {transitions}");
        lost.Should().Be(0);
        transitions.Should().Be(0);
        _second.CountLines(l => l.Contains("VI_2: Backup -> Master", StringComparison.Ordinal), started).Should().Be(0, "the backup's VI_2 went first when removed");
    }

    private int Transitions(TimeSpan after) =>
        _first!.CountLines(IsVi1Transition, after) + _second!.CountLines(IsVi1Transition, after);

    private static bool IsVi1Transition(string line) => line.Contains("VI_1: ", StringComparison.Ordinal) && line.Contains(" reason=", StringComparison.Ordinal);

    private static TimeSpan Reload(VrrpNode node, string expected)
    {
        TimeSpan at = node.Reload();
        node.WaitForLine(l => l.Contains("Reloaded:", StringComparison.Ordinal), s_reloadTimeout, at);
        node.CountLines(l => l.Contains(expected, StringComparison.Ordinal), at).Should().BeGreaterThan(0, $"the reload should log \"{expected}\":\n{node.Output}");
        return at;
    }

    private void ReloadBoth(string expected)
    {
        Reload(_first!, expected);
        Reload(_second!, expected);
    }

    private static string WaitForStatus(string path, Func<string, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        string json = string.Empty;
        while (clock.Elapsed < TimeSpan.FromSeconds(8))
        {
            try
            {
                json = File.ReadAllText(path);
                if (condition(json))
                {
                    using var parsed = JsonDocument.Parse(json);
                    return json;
                }
            }
            catch (IOException)
            {
            }

            Thread.Sleep(50);
        }

        throw new TimeoutException($"{path} never matched:\n{json}");
    }

    private Process StartPing()
    {
        // -w 600: a test that fails before StopPing leaves no ping behind for longer (one kept a CI run's measure.lock for 48 minutes).
        ProcessStartInfo info = Command.StartInfo("nsenter", [$"--net=/run/netns/{Lan[3].Namespace}", "ping", "-n", "-i", "0.01", "-W", "1", "-w", "600", Vip]);
        Process ping = Process.Start(info) ?? throw new InvalidOperationException("cannot start ping");

        // Read as it comes: 100 lines a second would fill the pipe and stall ping.
        ping.OutputDataReceived += (_, e) =>
        {
            lock (_pingOutput)
            {
                _pingOutput.AppendLine(e.Data);
            }
        };
        ping.BeginOutputReadLine();
        return ping;
    }

    /// <summary>Stops the ping; the last echo may still be in flight at SIGINT, so a sequence number counts as lost only if a later one was answered.</summary>
    private (int Sent, int Lost) StopPing(Process ping)
    {
        Command.Run("kill", "-INT", ping.Id.ToString(CultureInfo.InvariantCulture));
        ping.WaitForExit(5000).Should().BeTrue();
        ping.WaitForExit();
        string text;
        lock (_pingOutput)
        {
            text = _pingOutput.ToString();
        }

        var answered = new HashSet<int>();
        foreach (Match match in Sequence().Matches(text))
        {
            answered.Add(int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture));
        }

        int sent = int.Parse(Transmitted().Match(text).Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        int last = answered.Count == 0 ? 0 : answered.Max();
        return (sent, Enumerable.Range(1, last).Count(seq => !answered.Contains(seq)) + (sent - last > 1 ? sent - last - 1 : 0));
    }

    [GeneratedRegex(@"icmp_seq=(\d+) ")]
    private static partial Regex Sequence();

    [GeneratedRegex(@"(\d+) packets transmitted")]
    private static partial Regex Transmitted();
}
