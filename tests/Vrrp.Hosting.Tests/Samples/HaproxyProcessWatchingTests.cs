using HaproxyFailover;
using HaproxyFailover.Supervision;

namespace Vrrp.Hosting.Tests.Samples;

/// <summary>The supervisor's view of real processes: pidfds, zombies, pid files.</summary>
public sealed class HaproxyProcessWatchingTests
{
    [Fact]
    public async Task PidfdProcess_ProcessKilled_ExitedCompletesAtOnce()
    {
        if (!IntegrationPrerequisites.RequireLinux("pidfds are Linux's"))
        {
            return;
        }

        using Process sleeper = Process.Start("sleep", "30");
        using PidfdProcess watched = PidfdProcess.TryOpen(sleeper.Id)!;
        watched.Exited.IsCompleted.Should().BeFalse("the process runs");

        var stopwatch = Stopwatch.StartNew();
        sleeper.Kill();
        await watched.Exited.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromMilliseconds(500), "a pidfd wakes on exit; nothing is polled on a period");
    }

    [Fact]
    public async Task PidfdProcess_Zombie_CountsAsEnded()
    {
        if (!IntegrationPrerequisites.RequireLinux("pidfds and /proc are Linux's"))
        {
            return;
        }

        // sh starts a short child, then becomes `sleep 30`, which never reaps it: the child stays a zombie.
        using Process parent = Process.Start("sh", ["-c", "sleep 0.1 & exec sleep 30"]);
        try
        {
            int zombie = await ChildOfAsync(parent.Id);
            await WaitForAsync(() => ProcStat.State(zombie) == 'Z');
            File.Exists($"/proc/{zombie}/stat").Should().BeTrue("a zombie is still in the process table, where ps and kill -0 see it");

            using PidfdProcess? watched = PidfdProcess.TryOpen(zombie);

            watched.Should().NotBeNull();
            string how = await watched!.Exited.WaitAsync(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
            how.Should().Contain("ended");
            ProcStat.IsAlive(zombie).Should().BeFalse();
        }
        finally
        {
            parent.Kill();
        }
    }

    [Fact]
    public void TryAdopt_PidFileNamesAProcessOfThatName_AdoptsIt_AndAnotherProgramOrAZombieOrAGoneOne_Not()
    {
        if (!IntegrationPrerequisites.RequireLinux("pidfds and /proc are Linux's"))
        {
            return;
        }

        using var directory = new TempDirectory();
        string pidFile = Path.Combine(directory.Path, "haproxy.pid");
        var launcher = new HaproxyLauncher(new HaproxyOptions { Executable = "/usr/bin/sleep", PidFile = pidFile });
        using Process sleeper = Process.Start("sleep", "30");
        using Process other = Process.Start("tail", ["-f", "/dev/null"]);
        try
        {
            File.WriteAllText(pidFile, sleeper.Id.ToString(CultureInfo.InvariantCulture) + "\n");
            using (IHaproxyProcess? adopted = launcher.TryAdopt())
            {
                adopted.Should().NotBeNull();
                adopted!.Id.Should().Be(sleeper.Id);
            }

            File.WriteAllText(pidFile, other.Id.ToString(CultureInfo.InvariantCulture));
            launcher.TryAdopt().Should().BeNull("the pid is not a `sleep` (a reused pid, say)");

            File.Delete(pidFile);
            launcher.TryAdopt().Should().BeNull("no pid file");
        }
        finally
        {
            sleeper.Kill();
            other.Kill();
        }

        sleeper.WaitForExit();
        File.WriteAllText(pidFile, sleeper.Id.ToString(CultureInfo.InvariantCulture));
        launcher.TryAdopt().Should().BeNull("that process is gone");
    }

    [Fact]
    public async Task Supervisor_RealLauncher_HaproxyThatExitsAtStart_GivesUpWithItsExitCode()
    {
        if (!IntegrationPrerequisites.RequireLinux("the launcher writes pid files and watches processes Linux's way"))
        {
            return;
        }

        // `false -f CFG -db` exits 1 at once, as HAProxy does with a broken configuration.
        using var directory = new TempDirectory();
        var options = new HaproxyOptions { Executable = "/usr/bin/false", PidFile = Path.Combine(directory.Path, "run", "haproxy.pid") };
        var supervisor = new HaproxySupervisor(new HaproxyLauncher(options), new FakeHaproxyProbe { Healthy = false }, options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<HaproxySupervisor>.Instance);
        var gaveUp = new TaskCompletionSource<HaproxyStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        supervisor.StatusChanged += (_, status) => gaveUp.TrySetResult(status);
        using var stop = new CancellationTokenSource();
        Task running = supervisor.RunAsync(stop.Token);

        HaproxyStatus status = await gaveUp.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        await stop.CancelAsync();
        await running.ContinueWith(_ => { }, TaskScheduler.Default);
        status.State.Should().Be(HaproxyState.GaveUp);
        status.Description.Should().Contain("ended during its start (exit code 1)");
        File.Exists(options.PidFile).Should().BeTrue("the launcher records every HAProxy it starts");
    }

    private static async Task<int> ChildOfAsync(int pid)
    {
        string children = string.Empty;
        await WaitForAsync(() => (children = File.ReadAllText($"/proc/{pid}/task/{pid}/children").Trim()).Length > 0);
        return int.Parse(children.Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        condition().Should().BeTrue();
    }
}
