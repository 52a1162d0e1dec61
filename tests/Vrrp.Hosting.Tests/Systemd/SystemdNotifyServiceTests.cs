using Vrrp.Hosting.Control;
using Vrrp.Hosting.Systemd;
using Vrrp.TestSupport.Systemd;

namespace Vrrp.Hosting.Tests.Systemd;

/// <summary>
/// The messages <c>UseSystemdNotify()</c> sends, read from a notify socket of the test's own (in process: through the
/// listener's <c>ISystemdNotifier</c>, so parallel tests never touch the process environment).
/// </summary>
public sealed class SystemdNotifyServiceTests : HostedTest
{
    private const string TwoInstances = """
        vrrp_instance VI_1 {
            state BACKUP
            interface eth0
            virtual_router_id 51
            priority 90
            advert_int 1
            virtual_ipaddress {
                10.0.0.100/24
            }
        }
        vrrp_instance VI_2 {
            state BACKUP
            interface eth0
            virtual_router_id 52
            priority 90
            advert_int 1
            virtual_ipaddress {
                10.0.0.200/24
            }
        }
        """;

    [Fact]
    public async Task Start_ReadyOnlyOnceEveryInstanceStarted_ThenStoppingOnStop()
    {
        await using var listener = new NotifySocketListener(Scene.Directory);
        HostedNode node = Create(listener, Scene.Directory.WriteFile("two.conf", TwoInstances));
        TaskCompletionSource secondCreated = node.Lan.HoldCreation("VI_2");
        await using (node)
        {
            await node.StartAsync("VI_1");
            await Task.Delay(300, Ct);
            listener.States.Should().BeEmpty("VI_2 has not started yet (its runner waits, as for a missing interface)");

            secondCreated.SetResult();
            await listener.WaitForAsync(l => l.States.Contains("READY=1"));
            listener.Datagrams[^1].Should().Be("READY=1\nSTATUS=2 instances: 2 backup", "READY=1 carries the status in the same datagram");
            node.State("VI_2").Should().Be(VrrpState.Backup);
        }

        await listener.WaitForAsync(l => l.States.Contains("STOPPING=1"));
        listener.States.Should().Equal("READY=1", "STOPPING=1");
    }

    [Fact]
    public async Task StateChange_UpdatesStatus()
    {
        await using var listener = new NotifySocketListener(Scene.Directory);
        await using HostedNode node = Create(listener, HostedPair.Write(Scene.Directory, 90));
        await node.StartAsync();
        await listener.WaitForAsync(l => l.LastStatus == "1 instance: 1 backup");

        await HostedNode.RunUntil(Scene.Clock, () => node.State() == VrrpState.Master, TimeSpan.FromSeconds(10));

        await listener.WaitForAsync(l => l.LastStatus == "1 instance: 1 master");
        listener.States.Should().Equal("READY=1");
    }

    [Fact]
    public async Task NoNotifySocket_SendsNothingAndRuns()
    {
        await using var listener = new NotifySocketListener(Scene.Directory);
        await using HostedNode node = HostedNode.Create(Scene.Lan, HostedScene.First, HostedPair.Write(Scene.Directory, 90), vrrp => vrrp.UseSystemdNotify(), services =>
        {
            services.AddSingleton<Microsoft.Extensions.Hosting.Systemd.ISystemdNotifier>(new DisabledNotifier());
        });
        await node.StartAsync();
        await Task.Delay(200, Ct);
        listener.Datagrams.Should().BeEmpty();
    }

    [Fact]
    public async Task Reload_SendsReloadingWithMonotonicUsecThenReady()
    {
        // The file unchanged: the notify pair must not depend on what the plan changes.
        ReloadSeen seen = await ReloadAsync(HostedPair.Instance(90));

        seen.Result.Succeeded.Should().BeTrue(string.Join("; ", seen.Result.Errors));
        seen.States.Should().Equal("READY=1", "RELOADING=1", "MONOTONIC_USEC", "READY=1");

        // Environment.TickCount64 reads CLOCK_MONOTONIC_COARSE (same clock, a few ms coarser): MONOTONIC_USEC must be that clock.
        string line = seen.Lines.Single(l => l.StartsWith("MONOTONIC_USEC=", StringComparison.Ordinal));
        (long.Parse(line["MONOTONIC_USEC=".Length..], System.Globalization.CultureInfo.InvariantCulture) / 1000).Should().BeInRange(seen.BeforeMs - 50, seen.AfterMs + 50);
        seen.LastDatagram.Should().MatchRegex(@"^READY=1\nSTATUS=1 instance: 1 backup; last reload \d\d:\d\d:\d\d ok$");
    }

    [Fact]
    public async Task FailedReload_SendsTheSamePairAndTheFailureInStatus()
    {
        ReloadSeen seen = await ReloadAsync("vrrp_instance VI_1 {\n    priority nine\n");

        seen.Result.Succeeded.Should().BeFalse();
        seen.States.Should().Equal("READY=1", "RELOADING=1", "MONOTONIC_USEC", "READY=1");
        seen.LastDatagram.Should().StartWith("READY=1\nSTATUS=1 instance: 1 backup; last reload ").And.Contain(" failed: ").And.Contain("node-90.conf");
        seen.StateAfter.Should().Be(VrrpState.Backup, "a refused reload changes nothing");
    }

    [Fact]
    public async Task Watchdog_HealthyLoops_PingEveryHalfTimeout()
    {
        await using var listener = new NotifySocketListener(Scene.Directory);
        TimeSpan interval = TimeSpan.FromMilliseconds(200);
        await using HostedNode node = Create(listener, Scene.Directory.WriteFile("two.conf", TwoInstances), interval);
        await node.StartAsync();
        await listener.WaitForAsync(l => l.WatchdogPings >= 1);

        int first = listener.WatchdogPings;
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        int pings = listener.WatchdogPings - first;

        // 10 intervals; a loaded machine may skip a tick or two, never add one.
        pings.Should().BeInRange(6, 11);
    }

    [Fact]
    public async Task Watchdog_HungLoop_StopsThePings_AndTheyResumeWhenItAnswers()
    {
        await using var listener = new NotifySocketListener(Scene.Directory);
        var platform = new StallingPlatform(Scene.Clock, HostedScene.First);
        TimeSpan interval = TimeSpan.FromMilliseconds(200);
        HostedNode node = Create(listener, HostedPair.Write(Scene.Directory, 90), interval, vrrp => vrrp.UsePlatform(platform));
        try
        {
            await node.StartAsync();
            await listener.WaitForAsync(l => l.WatchdogPings >= 2);

            // Alone, the backup becomes master after Master_Down_Interval and binds its VIPs: the binder hangs the loop.
            await HostedNode.RunUntil(Scene.Clock, () => platform.AddStarted.Task.IsCompleted, TimeSpan.FromSeconds(10));
            await Task.Delay(interval * 2, Ct);
            int atHang = listener.WatchdogPings;
            await Task.Delay(interval * 6, Ct);
            listener.WatchdogPings.Should().Be(atHang, "no ping while the input loop does not answer");

            platform.Release.SetResult();
            await listener.WaitForAsync(l => l.WatchdogPings >= atHang + 2, TimeSpan.FromSeconds(5));
        }
        finally
        {
            platform.Release.TrySetResult();
            await node.DisposeAsync();
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HostedNode Create(NotifySocketListener listener, string configPath, TimeSpan? watchdog = null, Action<IVrrpBuilder>? configure = null) =>
        HostedNode.Create(Scene.Lan, HostedScene.First, configPath, vrrp =>
        {
            vrrp.UseSystemdNotify();
            configure?.Invoke(vrrp);
        }, services =>
        {
            services.AddSingleton(listener.CreateNotifier());
            services.AddSingleton(new SystemdNotifyEnvironment(watchdog));

            // Instances run on the scene's fake clock (the platform gives it to them); the watchdog pings on real time.
            services.AddSingleton(TimeProvider.System);
        });

    private static VrrpHostController Controller(HostedNode node) => node.Host.Services.GetRequiredService<VrrpHostController>();

    /// <summary>Starts a node on node-90.conf, waits for READY=1, replaces the file, reloads, and waits for the reload's pair.</summary>
    private async Task<ReloadSeen> ReloadAsync(string newConfig)
    {
        await using var listener = new NotifySocketListener(Scene.Directory);
        string path = HostedPair.Write(Scene.Directory, 90);
        await using HostedNode node = Create(listener, path);
        await node.StartAsync();
        await listener.WaitForAsync(l => l.States.Contains("READY=1"));

        File.WriteAllText(path, newConfig);
        long before = Environment.TickCount64;
        VrrpReloadResult result = await Controller(node).ReloadAsync(cancellationToken: Ct);
        long after = Environment.TickCount64;
        await listener.WaitForAsync(l => l.States.Count == 4);
        return new ReloadSeen(result, listener.States, listener.Lines, listener.Datagrams[^1], before, after, node.State());
    }

    private sealed class DisabledNotifier : Microsoft.Extensions.Hosting.Systemd.ISystemdNotifier
    {
        public bool IsEnabled => false;

        public void Notify(Microsoft.Extensions.Hosting.Systemd.ServiceState state) => throw new InvalidOperationException("notify is off");
    }

    private sealed record ReloadSeen(VrrpReloadResult Result, IReadOnlyList<string> States, IReadOnlyList<string> Lines, string LastDatagram, long BeforeMs, long AfterMs, VrrpState StateAfter);
}
