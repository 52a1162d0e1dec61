using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vrrp.Hosting.Control;
using Vrrp.Testing;

namespace Vrrp.Hosting.Tests.Hosting;

public sealed class VrrpHostedServiceTests : HostedTest
{
    [Fact]
    public async Task StartAsync_ConfigWithErrors_ThrowsPositionedDiagnosticsAndOpensNothing()
    {
        string path = Scene.Directory.WriteFile("keepalived.conf", "vrrp_instance VI_1 {\n    interface eth0\n    priority 100\n    virtual_ipaddress {\n        10.0.0.100\n    }\n}\n");
        await using HostedNode node = HostedNode.Create(Scene.Lan, HostedScene.First, path);

        Func<Task> start = () => node.Host.StartAsync();

        VrrpConfigurationException error = (await start.Should().ThrowAsync<VrrpConfigurationException>()).Which;
        error.Errors.Should().Contain(e => e.StartsWith(path + ":1:", StringComparison.Ordinal) && e.Contains("virtual_router_id", StringComparison.Ordinal));
        node.Registry.Names.Should().BeEmpty("no runner is created when the configuration has errors");
        node.Lan.Binder.Events.Should().BeEmpty();
    }

    [Fact]
    public async Task HealthCheckTracking_CheckFailsPastFall_PriorityDropsAndVipMovesToBackup()
    {
        var appCheck = new FakeHealthCheck();
        await using HostedNode master = HostedNode.Create(Scene.Lan, HostedScene.First, Pair(100), vrrp => vrrp.AddHealthCheckTracking("VI_1", "app", -60, t => t.Fall = 2), services => services.AddHealthChecks().AddCheck("app", appCheck));
        await using HostedNode backup = HostedNode.Create(Scene.Lan, HostedScene.Second, Pair(50));
        await master.StartAsync();
        await backup.StartAsync();
        await HostedNode.RunUntil(Scene.Clock, () => master.State() == VrrpState.Master && backup.State() == VrrpState.Backup, TimeSpan.FromSeconds(10));
        master.Lan.Binder.IsBound("VI_1").Should().BeTrue();

        appCheck.Healthy = false;
        await HostedNode.RunFor(Scene.Clock, TimeSpan.FromSeconds(1.2));
        master.Instance().GetStatus().EffectivePriority.Should().Be(100, "fall 2: one failure is not enough");

        TimeSpan takeover = await HostedNode.RunUntil(Scene.Clock, () => backup.State() == VrrpState.Master && master.State() == VrrpState.Backup, TimeSpan.FromSeconds(10));

        master.Instance().GetStatus().EffectivePriority.Should().Be(40);
        master.Instance().Explain().Should().Contain("app failing");
        backup.Lan.Binder.IsBound("VI_1").Should().BeTrue();
        master.Lan.Binder.IsBound("VI_1").Should().BeFalse();
        takeover.Should().BeLessThan(TimeSpan.FromSeconds(6), "the second failure comes 1 s later, then the backup's Master_Down_Interval (3.8 s) at most");

        appCheck.Healthy = true;
        await HostedNode.RunUntil(Scene.Clock, () => master.State() == VrrpState.Master && backup.State() == VrrpState.Backup, TimeSpan.FromSeconds(10));
        master.Instance().GetStatus().EffectivePriority.Should().Be(100, "rise 1: one pass restores the weight, and priority 100 preempts");
    }

    [Fact]
    public async Task TrackInterface_WeightZeroInterfaceDown_InstanceFaultsAndPublishedHealthIsUnhealthy()
    {
        string path = Scene.Directory.WriteFile("track.conf", Instance(100, "track_interface {\n        eth9\n    }"));
        await using HostedNode node = HostedNode.Create(Scene.Lan, HostedScene.First, path, vrrp => vrrp.AddInstanceHealthCheck());
        await node.StartAsync();
        await HostedNode.RunUntil(Scene.Clock, () => node.State() == VrrpState.Master, TimeSpan.FromSeconds(10));
        (await node.CheckHealthAsync()).Status.Should().Be(HealthStatus.Healthy);

        node.Lan.SetInterface("eth9", up: false);
        await HostedNode.Until(() => node.State() == VrrpState.Fault, TimeSpan.FromSeconds(5));

        HealthReport report = await node.CheckHealthAsync();
        report.Status.Should().Be(HealthStatus.Unhealthy);
        report.Entries["vrrp"].Description.Should().Contain("eth9 failing");
        node.Lan.Binder.IsBound("VI_1").Should().BeFalse();

        node.Lan.SetInterface("eth9", up: true);
        await HostedNode.RunUntil(Scene.Clock, () => node.State() == VrrpState.Master, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task SyncGroup_MemberCreatedLate_TheOthersNeverActAloneBeforeTheGroupIsFormed()
    {
        // Issue 10 defect 9e: the group must be in force from the members' first transitions, even when a platform
        // creates one member late (the Linux runner waits for its interface).
        string path = Scene.Directory.WriteFile("group.conf", """
            vrrp_sync_group VG {
                group {
                    VI_1
                    VI_2
                }
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority 100
                virtual_ipaddress {
                    10.0.0.100/24
                }
            }
            vrrp_instance VI_2 {
                interface eth0
                virtual_router_id 52
                priority 100
                virtual_ipaddress {
                    10.0.0.101/24
                }
            }
            """);
        await using HostedNode node = HostedNode.Create(Scene.Lan, HostedScene.First, path);
        TaskCompletionSource second = node.Lan.HoldCreation("VI_2");
        await node.StartAsync("VI_1");

        await HostedNode.RunFor(Scene.Clock, TimeSpan.FromSeconds(5));

        node.State("VI_1").Should().Be(VrrpState.Backup, "VI_2 does not run yet, so the group cannot be master");
        node.Lan.Binder.IsBound("VI_1").Should().BeFalse();

        second.SetResult();
        await HostedNode.Until(() => node.State("VI_2") != VrrpState.Initialize, TimeSpan.FromSeconds(10));
        await HostedNode.RunUntil(Scene.Clock, () => node.State("VI_1") == VrrpState.Master && node.State("VI_2") == VrrpState.Master, TimeSpan.FromSeconds(10));
        node.Lan.Binder.IsBound("VI_1").Should().BeTrue();
        node.Lan.Binder.IsBound("VI_2").Should().BeTrue();
    }

    [Fact]
    public async Task StopAsync_Master_AdvertisesPriorityZeroReleasesVipAndBackupTakesOverWithinSkewTime()
    {
        await using HostedNode backup = HostedNode.Create(Scene.Lan, HostedScene.Second, Pair(50));
        HostedNode master = HostedNode.Create(Scene.Lan, HostedScene.First, Pair(100));
        await master.StartAsync();
        await backup.StartAsync();
        await HostedNode.RunUntil(Scene.Clock, () => master.State() == VrrpState.Master && backup.State() == VrrpState.Backup, TimeSpan.FromSeconds(10));

        await master.DisposeAsync();

        master.Lan.Binder.Events[^1].Kind.Should().Be(VipBindingEventKind.Removed);
        TimeSpan takeover = await HostedNode.RunUntil(Scene.Clock, () => backup.State() == VrrpState.Master, TimeSpan.FromSeconds(5));
        takeover.Should().BeLessThanOrEqualTo(TimeSpan.FromMilliseconds(850), "Skew_Time of priority 50 is (256 - 50) / 256 = 0.80 s");
        backup.Instance().GetStatus().Reason.Should().Be(VrrpTransitionReason.MasterStopped);
    }

    /// <summary>
    /// SIGTERM reaches the host as StopApplication on the signal's thread; the instances stop from there, not when the
    /// host's shutdown sequence reaches the service (which this test never starts: only the early stop can release the VIP).
    /// </summary>
    [Fact]
    public async Task StopApplication_Master_ReleasesVipBeforeTheHostStops()
    {
        await using HostedNode backup = HostedNode.Create(Scene.Lan, HostedScene.Second, Pair(50));
        await using HostedNode master = HostedNode.Create(Scene.Lan, HostedScene.First, Pair(100));
        await master.StartAsync();
        await backup.StartAsync();
        await HostedNode.RunUntil(Scene.Clock, () => master.State() == VrrpState.Master && backup.State() == VrrpState.Backup, TimeSpan.FromSeconds(10));

        master.Host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        await HostedNode.Until(() => master.Lan.Binder.Events[^1].Kind == VipBindingEventKind.Removed, TimeSpan.FromSeconds(5));
        TimeSpan takeover = await HostedNode.RunUntil(Scene.Clock, () => backup.State() == VrrpState.Master, TimeSpan.FromSeconds(5));
        takeover.Should().BeLessThanOrEqualTo(TimeSpan.FromMilliseconds(850), "the master advertised priority 0: Skew_Time, not Master_Down_Interval");
    }

    /// <summary>
    /// <c>vrrp run</c>'s SIGTERM handler calls <see cref="VrrpHostController.StopInstancesNow"/> before the host's own
    /// shutdown begins: the master advertises priority 0 and releases its VIP at once, while the host keeps running
    /// (its shutdown, notify scripts and exit code come afterwards as usual).
    /// </summary>
    [Fact]
    public async Task ControllerStopInstancesNow_Master_ReleasesVipAndAdvertisesPriorityZeroWithoutStoppingTheHost()
    {
        await using HostedNode backup = HostedNode.Create(Scene.Lan, HostedScene.Second, Pair(50));
        await using HostedNode master = HostedNode.Create(Scene.Lan, HostedScene.First, Pair(100));
        await master.StartAsync();
        await backup.StartAsync();
        await HostedNode.RunUntil(Scene.Clock, () => master.State() == VrrpState.Master && backup.State() == VrrpState.Backup, TimeSpan.FromSeconds(10));

        master.Host.Services.GetRequiredService<VrrpHostController>().StopInstancesNow();

        await HostedNode.Until(() => master.Lan.Binder.Events[^1].Kind == VipBindingEventKind.Removed, TimeSpan.FromSeconds(5));
        TimeSpan takeover = await HostedNode.RunUntil(Scene.Clock, () => backup.State() == VrrpState.Master, TimeSpan.FromSeconds(5));
        takeover.Should().BeLessThanOrEqualTo(TimeSpan.FromMilliseconds(850), "the master advertised priority 0: Skew_Time, not Master_Down_Interval");
        master.Host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested.Should().BeFalse("only the instances stopped");
    }

    [Fact]
    public async Task StateChanges_AreLoggedOnOneLineAndStreamedInOrder()
    {
        await using HostedNode node = HostedNode.Create(Scene.Lan, HostedScene.First, Pair(100));
        var changes = new List<VrrpStateChange>();
        using var watching = new CancellationTokenSource();
        Task watcher = Task.Run(async () =>
        {
            await foreach (VrrpStateChange change in node.Registry.WatchAsync(watching.Token))
            {
                lock (changes)
                {
                    changes.Add(change);
                }
            }
        }, TestContext.Current.CancellationToken);
        await Task.Delay(50, TestContext.Current.CancellationToken);

        await node.StartAsync();
        await HostedNode.RunUntil(Scene.Clock, () => node.State() == VrrpState.Master, TimeSpan.FromSeconds(10));
        await node.Host.StopAsync(TestContext.Current.CancellationToken);
        await watcher;

        changes.Select(c => (c.Sequence, c.From, c.To)).Should().Equal(
            (1L, VrrpState.Initialize, VrrpState.Backup),
            (2L, VrrpState.Backup, VrrpState.Master),
            (3L, VrrpState.Master, VrrpState.Stopped));
        changes[1].Reason.Should().Be(VrrpTransitionReason.MasterDownTimerExpired);
        changes.Select(c => c.KeepalivedState).Should().Equal("BACKUP", "MASTER", "STOP");
        string[] lines = [.. node.Logs.GetSnapshot().Where(r => r.Id.Id == 6001).Select(r => r.Message)];
        lines.Should().HaveCount(3).And.AllSatisfy(l => l.Should().NotContain("\n"));
        lines[1].Should().StartWith("VI_1: Backup -> Master reason=MasterDownTimerExpired priority=100: ");
    }

    private string Pair(int priority) => HostedPair.Write(Scene.Directory, priority);

    private static string Instance(int priority, string extra) => HostedPair.Instance(priority, extra);
}
