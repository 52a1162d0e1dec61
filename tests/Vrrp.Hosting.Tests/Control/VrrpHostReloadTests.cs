using Vrrp.Hosting.Control;
using Vrrp.Testing;
using static Vrrp.TestSupport.Hosting.ReloadConf;

namespace Vrrp.Hosting.Tests.Control;

/// <summary>Reloads of a running hosted pair (loopback LAN, fake clock): each does what its plan says, and only that.</summary>
public sealed class VrrpHostReloadTests : HostedTest
{
    private static readonly string[] s_vip = ["10.0.0.100/24"];

    [Fact]
    public async Task Reload_UnchangedFile_NoTransitionNoRunnerAndNoBinderCall()
    {
        await using Pair pair = await StartPairAsync();
        (HostedNode master, HostedNode backup) = pair;
        (int transitions, int runners, int binds) = (pair.Transitions, master.Lan.RunnersCreated, master.Lan.Binder.Events.Count(e => e.Kind != VipBindingEventKind.Announced));

        for (int i = 0; i < 20; i++)
        {
            VrrpReloadResult result = await master.Controller.ReloadAsync(cancellationToken: Ct);
            result.Succeeded.Should().BeTrue();
            result.Actions.Should().ContainSingle().Which.Kind.Should().Be(VrrpReloadActionKind.Keep);
            await HostedNode.RunFor(Scene.Clock, TimeSpan.FromMilliseconds(100));
        }

        await HostedNode.RunFor(Scene.Clock, TimeSpan.FromSeconds(3));
        pair.Transitions.Should().Be(transitions);
        master.Lan.RunnersCreated.Should().Be(runners);
        master.Lan.Binder.Events.Count(e => e.Kind != VipBindingEventKind.Announced).Should().Be(binds);
        master.State().Should().Be(VrrpState.Master);
        master.Controller.LastReload!.Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task Reload_PriorityChanged_UpdatedLiveAndTheNextAdvertCarriesIt()
    {
        await using Pair pair = await StartPairAsync();
        (HostedNode master, HostedNode backup) = pair;
        int transitions = pair.Transitions;

        Scene.Directory.WriteFile("master.conf", Instance("VI_1", 51, 110, s_vip));
        VrrpReloadResult result = await master.Controller.ReloadAsync(cancellationToken: Ct);
        await HostedNode.RunFor(Scene.Clock, TimeSpan.FromSeconds(1.1));

        result.Actions.Should().ContainSingle().Which.Should().BeEquivalentTo(new VrrpReloadAction("vrrp_instance", "VI_1", VrrpReloadActionKind.Update, ["priority 100 -> 110"]));
        backup.Instance().GetStatus().MasterPriority.Should().Be(110);
        pair.Transitions.Should().Be(transitions);
        master.Lan.RunnersCreated.Should().Be(1);
    }

    [Fact]
    public async Task Reload_VipAddedThenRemoved_BinderSeesOnlyTheDifference()
    {
        await using Pair pair = await StartPairAsync();
        (HostedNode master, HostedNode backup) = pair;
        int transitions = pair.Transitions;
        int events = master.Lan.Binder.Events.Count;

        Scene.Directory.WriteFile("master.conf", Instance("VI_1", 51, 100, ["10.0.0.100/24", "10.0.0.101/24"]));
        (await master.Controller.ReloadAsync(cancellationToken: Ct)).Actions.Single().Kind.Should().Be(VrrpReloadActionKind.Update);
        await HostedNode.RunFor(Scene.Clock, TimeSpan.FromSeconds(1));
        Scene.Directory.WriteFile("master.conf", Instance("VI_1", 51, 100, s_vip));
        (await master.Controller.ReloadAsync(cancellationToken: Ct)).Actions.Single().Kind.Should().Be(VrrpReloadActionKind.Update);
        await HostedNode.RunFor(Scene.Clock, TimeSpan.FromSeconds(1));

        VipBindingEvent[] changes = [.. master.Lan.Binder.Events.Skip(events).Where(e => e.Kind != VipBindingEventKind.Announced)];
        changes.Select(e => e.Kind).Should().Equal(VipBindingEventKind.Added, VipBindingEventKind.Removed);
        master.Lan.Binder.IsBound("VI_1").Should().BeTrue("10.0.0.100 was never released");
        pair.Transitions.Should().Be(transitions);
    }

    [Fact]
    public async Task Reload_InstanceAddedThenRemoved_StartsItThenStopsItWithPriorityZero()
    {
        string two = Instance("VI_2", 52, 100, ["10.0.0.101/24"]);
        await using Pair pair = await StartPairAsync(Instance("VI_1", 51, 100, s_vip), Instance("VI_1", 51, 50, s_vip) + Instance("VI_2", 52, 50, ["10.0.0.101/24"]));
        (HostedNode master, HostedNode backup) = pair;
        await HostedNode.RunUntil(Scene.Clock, () => backup.State("VI_2") == VrrpState.Master, TimeSpan.FromSeconds(10));

        Scene.Directory.WriteFile("master.conf", Instance("VI_1", 51, 100, s_vip) + two);
        VrrpReloadResult added = await master.Controller.ReloadAsync(cancellationToken: Ct);
        await HostedNode.RunUntil(Scene.Clock, () => master.State("VI_2") == VrrpState.Master && backup.State("VI_2") == VrrpState.Backup, TimeSpan.FromSeconds(10));

        added.Actions.Select(a => (a.Name, a.Kind)).Should().Equal(("VI_2", VrrpReloadActionKind.Add), ("VI_1", VrrpReloadActionKind.Keep));
        master.Lan.Binder.IsBound("VI_2").Should().BeTrue();

        Scene.Directory.WriteFile("master.conf", Instance("VI_1", 51, 100, s_vip));
        VrrpReloadResult removed = await master.Controller.ReloadAsync(cancellationToken: Ct);
        TimeSpan takeover = await HostedNode.RunUntil(Scene.Clock, () => backup.State("VI_2") == VrrpState.Master, TimeSpan.FromSeconds(5));

        removed.Actions.Select(a => (a.Name, a.Kind)).Should().Equal(("VI_2", VrrpReloadActionKind.Remove), ("VI_1", VrrpReloadActionKind.Keep));
        master.Lan.Binder.IsBound("VI_2").Should().BeFalse();
        master.Registry.Names.Should().Equal("VI_1");
        backup.Instance("VI_2").GetStatus().Reason.Should().Be(VrrpTransitionReason.MasterStopped, "the removed master advertised priority 0");
        takeover.Should().BeLessThan(TimeSpan.FromSeconds(1));
        master.State("VI_1").Should().Be(VrrpState.Master);
    }

    [Fact]
    public async Task Reload_ChangeThatNeedsARestart_RestartsThatInstanceAlone()
    {
        string one = Instance("VI_1", 51, 100, s_vip);
        await using Pair pair = await StartPairAsync(one + Instance("VI_2", 52, 100, ["10.0.0.101/24"]), Instance("VI_1", 51, 50, s_vip));
        (HostedNode master, HostedNode backup) = pair;
        await HostedNode.RunUntil(Scene.Clock, () => master.State("VI_2") == VrrpState.Master, TimeSpan.FromSeconds(10));
        int runners = master.Lan.RunnersCreated;
        int oneChanges = Changes(master, "VI_1");

        Scene.Directory.WriteFile("master.conf", one + Instance("VI_2", 52, 100, ["10.0.0.101/24"], "garp_master_delay 2"));
        VrrpReloadResult result = await master.Controller.ReloadAsync(cancellationToken: Ct);
        await HostedNode.RunUntil(Scene.Clock, () => master.State("VI_2") == VrrpState.Master, TimeSpan.FromSeconds(10));

        result.Actions.Select(a => (a.Name, a.Kind)).Should().Equal(("VI_2", VrrpReloadActionKind.Restart), ("VI_1", VrrpReloadActionKind.Keep));
        master.Lan.RunnersCreated.Should().Be(runners + 1);
        Changes(master, "VI_1").Should().Be(oneChanges);
        master.Logs.GetSnapshot().Should().Contain(r => r.Message.StartsWith("VI_2: Master -> Stopped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reload_BrokenFile_ChangesNothingAndLastReloadSaysWhereWithFileLineColumn()
    {
        await using Pair pair = await StartPairAsync();
        (HostedNode master, HostedNode backup) = pair;
        int events = master.Lan.Binder.Events.Count;
        string path = Scene.Directory.WriteFile("master.conf", Instance("VI_1", 51, 100, s_vip).Replace("priority 100", "priority 100\n    virtual_router_id 300", StringComparison.Ordinal) + Instance("VI_2", 52, 100, ["10.0.0.101/24"]));

        VrrpReloadResult result = await master.Controller.ReloadAsync(cancellationToken: Ct);
        await HostedNode.RunFor(Scene.Clock, TimeSpan.FromSeconds(5));

        result.Succeeded.Should().BeFalse();
        result.Actions.Should().BeEmpty();
        result.Errors.Should().Contain(e => e.StartsWith(path + ":6:", StringComparison.Ordinal) && e.Contains("virtual_router_id", StringComparison.Ordinal));
        master.Controller.LastReload.Should().BeSameAs(result);
        master.Registry.Names.Should().Equal("VI_1");
        master.Lan.Binder.Events.Skip(events).Where(e => e.Kind != VipBindingEventKind.Announced).Should().BeEmpty();
        master.State().Should().Be(VrrpState.Master);
        master.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == 6033 && r.Message.Contains(path + ":6:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reload_BurstOfRequests_CoalescesIntoFewerReloads()
    {
        await using Pair pair = await StartPairAsync();
        (HostedNode master, HostedNode backup) = pair;
        int reloading = 0;
        master.Controller.Reloading += (_, _) => Interlocked.Increment(ref reloading);

        VrrpReloadResult[] results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => master.Controller.ReloadAsync(cancellationToken: Ct)));

        results.Should().OnlyContain(r => r.Succeeded);
        reloading.Should().BeInRange(1, 3, "requests that arrive while one waits share it");
    }

    [Fact]
    public async Task Maintenance_SurvivesAReloadThatRestartsTheInstance()
    {
        await using Pair pair = await StartPairAsync();
        (HostedNode master, HostedNode backup) = pair;

        (await master.Controller.SetMaintenanceAsync("VI_1", on: true, Ct)).Should().BeTrue();
        (await master.Controller.SetMaintenanceAsync("VI_9", on: true, Ct)).Should().BeFalse();
        await HostedNode.RunUntil(Scene.Clock, () => backup.State() == VrrpState.Master, TimeSpan.FromSeconds(5));
        Scene.Directory.WriteFile("master.conf", Instance("VI_1", 51, 100, s_vip, "garp_master_delay 2"));
        VrrpReloadResult result = await master.Controller.ReloadAsync(cancellationToken: Ct);
        await HostedNode.RunFor(Scene.Clock, TimeSpan.FromSeconds(5));

        result.Actions.Single().Kind.Should().Be(VrrpReloadActionKind.Restart);
        master.Instance().IsInMaintenance.Should().BeTrue();
        master.Controller.InstancesInMaintenance.Should().Equal("VI_1");
        backup.State().Should().Be(VrrpState.Master);
        master.Lan.Binder.IsBound("VI_1").Should().BeFalse();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int Changes(HostedNode node, string instance) =>
        node.Logs.GetSnapshot().Count(r => r.Id.Id == 6001 && r.Message.StartsWith(instance + ":", StringComparison.Ordinal));

    private Task<Pair> StartPairAsync() => StartPairAsync(Instance("VI_1", 51, 100, s_vip), Instance("VI_1", 51, 50, s_vip));

    private async Task<Pair> StartPairAsync(string master, string backup)
    {
        HostedNode first = HostedNode.Create(Scene.Lan, HostedScene.First, Scene.Directory.WriteFile("master.conf", master));
        HostedNode second = HostedNode.Create(Scene.Lan, HostedScene.Second, Scene.Directory.WriteFile("backup.conf", backup));
        await first.StartAsync();
        await second.StartAsync();
        await HostedNode.RunUntil(Scene.Clock, () => first.State() == VrrpState.Master && second.State() == VrrpState.Backup, TimeSpan.FromSeconds(10));
        return new Pair(first, second);
    }

    /// <summary>The two nodes of a test, stopped at its end.</summary>
    private sealed record Pair(HostedNode Master, HostedNode Backup) : IAsyncDisposable
    {
        public int Transitions => Master.Transitions + Backup.Transitions;

        public async ValueTask DisposeAsync()
        {
            await Backup.DisposeAsync();
            await Master.DisposeAsync();
        }
    }
}
