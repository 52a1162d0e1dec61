using HaproxyFailover.Supervision;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vrrp.Hosting.Tests.Samples;

public sealed class HaproxySupervisorTests
{
    [Fact]
    public async Task RunAsync_NoPidFile_StartsHaproxyAndRunsOnceTheFrontendAnswers()
    {
        await using var scene = new SupervisorScene();
        scene.Probe.Healthy = false;
        scene.Start();

        // The frontend does not answer yet: the supervisor polls it on the clock.
        await scene.Clock.WaitForTimerAsync();
        scene.Supervisor.Status.State.Should().Be(HaproxyState.Starting);
        scene.Probe.Healthy = true;
        scene.Time.Advance(TimeSpan.FromMilliseconds(25));

        HaproxyStatus running = await scene.NextAsync();
        running.State.Should().Be(HaproxyState.Running);
        running.ProcessId.Should().Be(1001);
        running.Description.Should().Contain("answered after 25 ms");
        scene.Launcher.Started.Should().HaveCount(1);
    }

    [Fact]
    public async Task RunAsync_PidFileNamesARunningHaproxy_AdoptsItWithoutStartingAnother()
    {
        await using var scene = new SupervisorScene();
        scene.Launcher.Adoptable = new FakeHaproxyProcess(4242);
        scene.Start();

        HaproxyStatus adopted = await scene.NextAsync();

        adopted.State.Should().Be(HaproxyState.Running);
        adopted.ProcessId.Should().Be(4242);
        adopted.Description.Should().Contain("adopted");
        scene.Launcher.Started.Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_HaproxyExits_RestartsItAtOnceWithoutGivingUp()
    {
        await using var scene = new SupervisorScene();
        scene.Start();
        (await scene.NextAsync()).State.Should().Be(HaproxyState.Running);

        scene.Launcher.Last.End("killed by signal 9");

        // No clock advance: the exit is seen and acted on at once.
        HaproxyStatus restarting = await scene.NextAsync();
        restarting.State.Should().Be(HaproxyState.Restarting);
        restarting.Description.Should().Contain("pid 1001 ended (killed by signal 9)").And.Contain("1 of 3");
        HaproxyStatus running = await scene.NextAsync();
        running.State.Should().Be(HaproxyState.Running);
        running.ProcessId.Should().Be(1002);
        scene.Launcher.Started[0].Disposed.Should().BeTrue();
    }

    [Fact]
    public async Task RunAsync_RestartedHaproxyExitsDuringItsStart_GivesUpAtOnce()
    {
        await using var scene = new SupervisorScene();
        scene.Start();
        (await scene.NextAsync()).State.Should().Be(HaproxyState.Running);
        scene.Launcher.NextStart.Enqueue("exits"); // a broken haproxy.cfg: HAProxy exits 1 at start

        scene.Launcher.Last.End("killed by signal 9");

        (await scene.NextAsync()).State.Should().Be(HaproxyState.Restarting);
        HaproxyStatus gaveUp = await scene.NextAsync();
        gaveUp.State.Should().Be(HaproxyState.GaveUp);
        gaveUp.Description.Should().Contain("pid 1002 ended during its start (exit code 1)").And.Contain("retrying every 2 s");
    }

    [Fact]
    public async Task RunAsync_HaproxyCannotBeStarted_GivesUpWithTheReason()
    {
        await using var scene = new SupervisorScene();
        scene.Launcher.NextStart.Enqueue("cannot start /usr/sbin/haproxy: No such file or directory");
        scene.Start();

        HaproxyStatus gaveUp = await scene.NextAsync();

        gaveUp.State.Should().Be(HaproxyState.GaveUp);
        gaveUp.Description.Should().StartWith("cannot start /usr/sbin/haproxy: No such file or directory");
    }

    [Fact]
    public async Task RunAsync_FrontendSilentPastTheStartTimeout_StopsThatHaproxyAndGivesUp()
    {
        await using var scene = new SupervisorScene(o => o.StartTimeout = TimeSpan.FromMilliseconds(100));
        scene.Probe.Healthy = false;
        scene.Start();

        for (int i = 0; i < 4; i++)
        {
            await scene.AdvanceWhenWaitingAsync(TimeSpan.FromMilliseconds(25));
        }

        HaproxyStatus gaveUp = await scene.NextAsync();
        gaveUp.State.Should().Be(HaproxyState.GaveUp);
        gaveUp.Description.Should().Contain("did not answer on its frontend within the start timeout of 0.1 s (connection refused)");
        scene.Launcher.Last.Stopped.Should().BeTrue("a half-started HAProxy is not left running");
    }

    [Fact]
    public async Task RunAsync_MoreExitsThanMaxCrashesWithinTheWindow_GivesUpEvenThoughRestartsWork()
    {
        await using var scene = new SupervisorScene();
        scene.Start();
        (await scene.NextAsync()).State.Should().Be(HaproxyState.Running);

        for (int exit = 1; exit <= 3; exit++)
        {
            scene.Launcher.Last.End("exit code 139");
            (await scene.NextAsync()).State.Should().Be(HaproxyState.Restarting);
            (await scene.NextAsync()).State.Should().Be(HaproxyState.Running);
            scene.Time.Advance(TimeSpan.FromSeconds(10));
        }

        scene.Launcher.Last.End("exit code 139");

        HaproxyStatus gaveUp = await scene.NextAsync();
        gaveUp.State.Should().Be(HaproxyState.GaveUp);
        gaveUp.Description.Should().Contain("4 exits within 60 s, more than 3");
        scene.Launcher.Started.Should().HaveCount(4, "the fourth exit is not restarted at once");
    }

    [Fact]
    public async Task RunAsync_ExitsFartherApartThanTheWindow_AreAllRestarted()
    {
        await using var scene = new SupervisorScene(o => o.CrashWindow = TimeSpan.FromSeconds(30));
        scene.Start();
        (await scene.NextAsync()).State.Should().Be(HaproxyState.Running);

        for (int exit = 1; exit <= 6; exit++)
        {
            scene.Time.Advance(TimeSpan.FromSeconds(31));
            scene.Launcher.Last.End("exit code 139");
            HaproxyStatus restarting = await scene.NextAsync();
            restarting.State.Should().Be(HaproxyState.Restarting);
            restarting.Description.Should().Contain("1 of 3", "older exits left the window");
            (await scene.NextAsync()).State.Should().Be(HaproxyState.Running);
        }
    }

    [Fact]
    public async Task RunAsync_AfterGivingUp_RetriesEveryRetryIntervalAndRunsAgainWhenHaproxyStarts()
    {
        await using var scene = new SupervisorScene();
        scene.Launcher.NextStart.Enqueue("exits");
        scene.Launcher.NextStart.Enqueue("exits");
        scene.Start();
        (await scene.NextAsync()).State.Should().Be(HaproxyState.GaveUp);

        await scene.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(2));
        (await scene.NextAsync()).State.Should().Be(HaproxyState.GaveUp, "the second try fails too");
        scene.Launcher.Started.Should().HaveCount(2);

        await scene.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(2));
        HaproxyStatus running = await scene.NextAsync();
        running.State.Should().Be(HaproxyState.Running);
        running.Description.Should().Contain("started again after giving up");
        scene.Launcher.Started.Should().HaveCount(3);
    }

    [Fact]
    public async Task RunAsync_AfterGivingUp_DoesNotRetryBeforeTheRetryInterval()
    {
        await using var scene = new SupervisorScene();
        scene.Launcher.NextStart.Enqueue("exits");
        scene.Start();
        (await scene.NextAsync()).State.Should().Be(HaproxyState.GaveUp);

        await scene.AdvanceWhenWaitingAsync(TimeSpan.FromMilliseconds(1999));

        await scene.ExpectNoChangeAsync(TimeSpan.FromMilliseconds(200));
        scene.Launcher.Started.Should().HaveCount(1);
    }

    [Fact]
    public async Task RunAsync_ConfigFileBrokenBeforeHaproxyExits_GivesUpAtOnceWithoutAStartThatWouldFail()
    {
        using var config = new FakeHaproxyConfigCheck();
        await using var scene = new SupervisorScene(configCheck: config);
        await BreakConfigWhileRunningAsync(scene, config);
        scene.Launcher.Last.End("killed by signal 9");

        HaproxyStatus gaveUp = await scene.NextAsync();
        gaveUp.State.Should().Be(HaproxyState.GaveUp);
        gaveUp.Description.Should().Contain("not restarting").And.Contain("unknown keyword 'this'");
        scene.Launcher.Started.Should().HaveCount(1, "no start is tried with a file HAProxy rejects");
    }

    [Fact]
    public async Task RunAsync_ConfigFileBrokenThenFixed_RestartsAsUsual()
    {
        using var config = new FakeHaproxyConfigCheck();
        await using var scene = new SupervisorScene(configCheck: config);
        await BreakConfigWhileRunningAsync(scene, config);

        config.Change("3", null);
        await scene.AdvanceWhenWaitingAsync(scene.Options.ConfigCheckInterval);
        await config.WaitCheckedAsync();
        scene.Launcher.Last.End("killed by signal 9");

        (await scene.NextAsync()).State.Should().Be(HaproxyState.Restarting);
        (await scene.NextAsync()).State.Should().Be(HaproxyState.Running);
    }

    [Fact]
    public async Task RunAsync_ConfigFileUnchanged_IsNotChecked()
    {
        using var config = new FakeHaproxyConfigCheck();
        await using var scene = new SupervisorScene(configCheck: config);
        scene.Start();
        (await scene.NextAsync()).State.Should().Be(HaproxyState.Running);

        for (int i = 0; i < 3; i++)
        {
            await scene.AdvanceWhenWaitingAsync(scene.Options.ConfigCheckInterval);
        }

        await scene.Clock.WaitForTimerAsync(); // the watcher came round a third time
        config.Checks.Should().Be(0, "the file did not change");

        config.Change("2", null);
        scene.Time.Advance(scene.Options.ConfigCheckInterval);
        await config.WaitCheckedAsync();
        config.Checks.Should().Be(1);
    }

    [Fact]
    public async Task SupervisedFrontendHealthCheck_WhileHaproxyRestarts_DoesNotCheckTheFrontend_AndOtherwiseDoes()
    {
        await using var scene = new SupervisorScene();
        scene.Probe.Healthy = false;
        scene.Launcher.Adoptable = new FakeHaproxyProcess(7);
        scene.Start();
        (await scene.NextAsync()).State.Should().Be(HaproxyState.Running);
        var check = new SupervisedFrontendHealthCheck(scene.Supervisor, scene.Probe);

        HealthCheckResult running = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
        scene.Launcher.Adoptable.End("killed by signal 9");
        (await scene.NextAsync()).State.Should().Be(HaproxyState.Restarting);
        await scene.Clock.WaitForTimerAsync(); // the supervisor probed the new HAProxy once and waits to probe again
        int probes = scene.Probe.Calls;
        HealthCheckResult restarting = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        running.Status.Should().Be(HealthStatus.Unhealthy, "the frontend answers nothing");
        restarting.Status.Should().Be(HealthStatus.Degraded, "a restart is the supervisor's to judge (StartTimeout)");
        restarting.Description.Should().StartWith("not checked while HAProxy starts");
        scene.Probe.Calls.Should().Be(probes, "the frontend was not probed");
    }

    [Theory]
    [InlineData("Starting", HealthStatus.Degraded)]
    [InlineData("Restarting", HealthStatus.Degraded)]
    [InlineData("Running", HealthStatus.Healthy)]
    [InlineData("GaveUp", HealthStatus.Unhealthy)]
    public async Task HaproxyProcessHealthCheck_ReportsTheSupervisorState(string stateName, HealthStatus expected)
    {
        HaproxyState state = Enum.Parse<HaproxyState>(stateName);
        await using var scene = new SupervisorScene();
        switch (state)
        {
            case HaproxyState.Running:
                scene.Start();
                (await scene.NextAsync()).State.Should().Be(state);
                break;
            case HaproxyState.GaveUp:
                scene.Launcher.NextStart.Enqueue("exits");
                scene.Start();
                (await scene.NextAsync()).State.Should().Be(state);
                break;
            case HaproxyState.Restarting:
                scene.Probe.Healthy = false;
                scene.Launcher.Adoptable = new FakeHaproxyProcess(7);
                scene.Start();
                (await scene.NextAsync()).State.Should().Be(HaproxyState.Running);
                scene.Launcher.Adoptable.End("exit code 1");
                (await scene.NextAsync()).State.Should().Be(state);
                break;
        }

        HealthCheckResult result = await new HaproxyProcessHealthCheck(scene.Supervisor).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        result.Status.Should().Be(expected);
        result.Description.Should().StartWith(state.ToString());
    }

    /// <summary>Starts HAProxy, then makes its configuration file one <c>haproxy -c</c> rejects and waits until the supervisor has checked it.</summary>
    private static async Task BreakConfigWhileRunningAsync(SupervisorScene scene, FakeHaproxyConfigCheck config)
    {
        scene.Start();
        (await scene.NextAsync()).State.Should().Be(HaproxyState.Running);
        config.Change("2", "haproxy -c exited 1: [ALERT] unknown keyword 'this'");
        await scene.AdvanceWhenWaitingAsync(scene.Options.ConfigCheckInterval);
        await config.WaitCheckedAsync();
    }
}
