using Microsoft.Extensions.Time.Testing;
using Vrrp.Hosting.Tracking;

namespace Vrrp.Hosting.Tests.Tracking;

[SupportedOSPlatform("linux")]
public sealed class ProcessTrackerTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _clock = new();
    private readonly FakeProcessTable _table = new();
    private readonly List<bool> _reports = [];

    /// <summary>Sets the table to <paramref name="count"/> processes, then lets <paramref name="seconds"/> pass.</summary>
    private void Step(int count, double seconds)
    {
        _table.Set("haproxy", count);
        _clock.Advance(TimeSpan.FromSeconds(seconds));
    }

    private ProcessTracker Start(VrrpTrackProcessOptions options)
    {
        var tracker = new ProcessTracker("haproxy", options, _table, _clock, Poll, new FakeLogger(), _reports.Add);
        tracker.Start();
        return tracker;
    }

    [Fact]
    public void Poll_QuorumAndQuorumMax_DecideUpAndZombiesDoNotCount()
    {
        _table.Set("haproxy", 1, zombies: 3);
        using ProcessTracker tracker = Start(new VrrpTrackProcessOptions { Process = "haproxy", Quorum = 2, QuorumMax = 3 });

        Step(2, 1);
        Step(4, 1);
        Step(3, 1);

        _reports.Should().Equal(false, true, false, true);
    }

    [Fact]
    public void Poll_RestartWithinTerminateDelay_ReportsNothing()
    {
        _table.Set("haproxy", 1);
        using ProcessTracker tracker = Start(new VrrpTrackProcessOptions { Process = "haproxy", TerminateDelay = TimeSpan.FromSeconds(3), ForkDelay = TimeSpan.FromSeconds(3) });

        Step(0, 1);
        Step(1, 1);
        Step(1, 5);

        _reports.Should().Equal(true);
    }

    [Fact]
    public void Poll_LostQuorum_IsReportedWhenTheTerminateDelayEnds()
    {
        var options = new VrrpTrackProcessOptions { Process = "haproxy", TerminateDelay = TimeSpan.FromSeconds(2.5), ForkDelay = TimeSpan.FromSeconds(10) };
        _table.Set("haproxy", 1);
        using ProcessTracker tracker = Start(options);

        Step(0, 1);
        Step(0, 2);
        tracker.IsUp.Should().BeTrue("2 of the 2.5 s have passed");
        Step(0, 0.5);

        _reports.Should().Equal(true, false);
        tracker.IsUp.Should().BeFalse();
    }

    [Fact]
    public void Poll_GainedQuorum_WaitsForTheForkDelay()
    {
        _table.Set("haproxy", 0);
        using ProcessTracker tracker = Start(new VrrpTrackProcessOptions { Process = "haproxy", ForkDelay = TimeSpan.FromSeconds(2) });

        Step(1, 1);
        _reports.Should().Equal(false);
        Step(1, 2);

        _reports.Should().Equal(false, true);
    }

    [Fact]
    public void Poll_QuorumMaxZero_IsUpOnlyWhileNoneRuns()
    {
        _table.Set("haproxy", 0);
        using ProcessTracker tracker = Start(new VrrpTrackProcessOptions { Process = "haproxy", Quorum = 0, QuorumMax = 0 });

        Step(1, 1);

        _reports.Should().Equal(true, false);
    }

    [LinuxFact("vrrp_track_process reads /proc")]
    public async Task RealProcFileSystem_StartedThenKilledProcess_GoesUpThenDown()
    {
        string sleep = Vrrp.Config.ScriptPrograms.Resolve("sleep") ?? "/bin/sleep";
        var options = new VrrpTrackProcessOptions { Process = sleep, FullCommand = true, ParameterMatch = ProcessParameterMatch.Exact };
        options.Parameters.Add("300." + Random.Shared.Next(100000, 999999).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var reports = new List<bool>();
        using var tracker = new ProcessTracker("sleep", options, new ProcFileSystemProcessTable(), TimeProvider.System, TimeSpan.FromMilliseconds(50), new FakeLogger(), up => { lock (reports) { reports.Add(up); } });
        tracker.Start();
        tracker.IsUp.Should().BeFalse();

        using var process = Process.Start(new ProcessStartInfo(sleep, options.Parameters[0]) { UseShellExecute = false })!;
        await HostedTestWait.Until(() => tracker.IsUp == true);
        process.Kill();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await HostedTestWait.Until(() => tracker.IsUp == false);

        lock (reports)
        {
            reports.Should().Equal(false, true, false);
        }
    }
}
