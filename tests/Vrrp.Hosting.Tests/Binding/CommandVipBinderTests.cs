using Vrrp.Testing;

namespace Vrrp.Hosting.Tests.Binding;

[SupportedOSPlatform("linux")]
public sealed class CommandVipBinderTests : HostedTest, IAsyncLifetime
{
    private static readonly VrrpInstanceSettings s_settings = new()
    {
        Name = "VI_1",
        InterfaceName = "eth0",
        VirtualRouterId = 51,
        Priority = 100,
        PrimaryAddress = IPAddress.Parse("10.0.0.1"),
        VirtualAddresses = [VrrpVirtualAddress.Parse("192.0.2.10/32"), VrrpVirtualAddress.Parse("192.0.2.11/32")],
    };

    private readonly List<CommandVipBinder> _binders = [];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        foreach (CommandVipBinder binder in _binders)
        {
            await binder.DisposeAsync();
        }
    }

    [LinuxFact("VIP commands are /bin/sh scripts")]
    public async Task AddAsync_TakeSucceeds_RunsItWithArgumentsAndEnvironmentAndIsRequestedWithItsOutput()
    {
        string log = Scene.Directory.Combine("take.log");
        string take = Scene.Directory.WriteScript("take.sh", $"echo \"$* | $VRRP_ACTION $VRRP_INSTANCE $VRRP_INTERFACE $VRRP_VRID [$VRRP_VIPS] $VRRP_ATTEMPT\" >> {log}\necho moved\necho warning >&2");
        CommandVipBinder binder = Create(new VrrpVipCommandOptions { Take = $"{take} --region eu" });

        await binder.AddAsync(s_settings, CancellationToken.None);
        await HostedTestWait.Until(() => binder.Status.State == VrrpBindingState.Requested);

        File.ReadAllLines(log).Should().Equal("--region eu take VI_1 eth0 192.0.2.10/32 192.0.2.11/32 | take VI_1 eth0 51 [192.0.2.10/32 192.0.2.11/32] 1");
        binder.Status.Attempts.Should().Be(1);
        binder.Status.LastError.Should().BeNull();
        binder.Status.LastOutput!.Split('\n').Should().BeEquivalentTo("moved", "warning");
        binder.Status.Since.Should().Be(Scene.Clock.GetUtcNow());
    }

    [LinuxFact("VIP commands are /bin/sh scripts")]
    public async Task AddAsync_TakeFailsTwice_RetriesAfterTheDelayThenTwiceTheDelay()
    {
        string log = Scene.Directory.Combine("attempts");
        string take = Scene.Directory.WriteScript("take.sh", $"echo $VRRP_ATTEMPT >> {log}\necho \"try $VRRP_ATTEMPT\"\n[ $VRRP_ATTEMPT -ge 3 ]");
        CommandVipBinder binder = Create(new VrrpVipCommandOptions { Take = take, Retries = 3, RetryDelay = TimeSpan.FromSeconds(2) });

        await binder.AddAsync(s_settings, CancellationToken.None);
        await WaitForFailedAttempt(binder, 1);
        binder.Status.State.Should().Be(VrrpBindingState.Taking);
        binder.Status.LastError.Should().Be("take: exit code 1");
        binder.Status.LastOutput.Should().Be("try 1");

        await AdvanceAndSettle(TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(1));
        File.ReadAllLines(log).Should().Equal("1");
        Scene.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await WaitForFailedAttempt(binder, 2);

        // The second pause is twice the first.
        await AdvanceAndSettle(TimeSpan.FromSeconds(4) - TimeSpan.FromMilliseconds(1));
        File.ReadAllLines(log).Should().Equal("1", "2");
        Scene.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await HostedTestWait.Until(() => binder.Status.State == VrrpBindingState.Requested);

        File.ReadAllLines(log).Should().Equal("1", "2", "3");
        binder.Status.Attempts.Should().Be(3);
        binder.Status.LastError.Should().BeNull();
    }

    [LinuxFact("VIP commands are /bin/sh scripts")]
    public async Task AddAsync_TakeFailsOnEveryAttempt_IsFailedWithTheLastError()
    {
        string take = Scene.Directory.WriteScript("take.sh", "echo denied\nexit 3");
        CommandVipBinder binder = Create(new VrrpVipCommandOptions { Take = take, Retries = 1, RetryDelay = TimeSpan.FromSeconds(1) });

        await binder.AddAsync(s_settings, CancellationToken.None);
        await WaitForFailedAttempt(binder, 1);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Scene.Clock.Advance(TimeSpan.FromSeconds(1));
        await HostedTestWait.Until(() => binder.Status.State == VrrpBindingState.Failed);

        binder.Status.Should().BeEquivalentTo(new { Attempts = 2, LastError = "take: exit code 3", LastOutput = "denied" });
    }

    [LinuxFact("VIP commands are /bin/sh scripts")]
    public async Task AddAsync_TakeRunsPastItsTimeout_IsKilledWithItsChildren()
    {
        string pidFile = Scene.Directory.Combine("child.pid");
        string take = Scene.Directory.WriteScript("take.sh", $"sleep 30 &\necho $! > {pidFile}\nwait");
        CommandVipBinder binder = Create(new VrrpVipCommandOptions { Take = take, Timeout = TimeSpan.FromSeconds(5), Retries = 0 });

        await binder.AddAsync(s_settings, CancellationToken.None);
        await HostedTestWait.Until(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n'));
        await AdvanceAndSettle(TimeSpan.FromSeconds(4.9));
        binder.Status.State.Should().Be(VrrpBindingState.Taking);
        Scene.Clock.Advance(TimeSpan.FromSeconds(0.1));
        await HostedTestWait.Until(() => binder.Status.State == VrrpBindingState.Failed);

        binder.Status.LastError.Should().Be("take: timed out after 5 s and was killed");
        int child = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        await HostedTestWait.Until(() => !ProcessProbe.IsAlive(child));
    }

    [LinuxFact("VIP commands are /bin/sh scripts")]
    public async Task RemoveAsync_WhileTheTakeWaitsToRetry_CancelsTheTakeAndReleases()
    {
        string log = Scene.Directory.Combine("log");
        string take = Scene.Directory.WriteScript("take.sh", $"echo take $VRRP_ATTEMPT >> {log}\nexit 1");
        string release = Scene.Directory.WriteScript("release.sh", $"echo release $VRRP_ATTEMPT >> {log}");
        CommandVipBinder binder = Create(new VrrpVipCommandOptions { Take = take, Release = release, RetryDelay = TimeSpan.FromSeconds(10) });

        await binder.AddAsync(s_settings, CancellationToken.None);
        await WaitForFailedAttempt(binder, 1);
        await binder.RemoveAsync(s_settings, CancellationToken.None);
        await HostedTestWait.Until(() => binder.Status.State == VrrpBindingState.Released);
        await AdvanceAndSettle(TimeSpan.FromSeconds(60));

        File.ReadAllLines(log).Should().Equal("take 1", "release 1");
        binder.Status.Should().BeEquivalentTo(new { State = VrrpBindingState.Released, Attempts = 1, LastError = (string?)null });
    }

    [LinuxFact("VIP commands are /bin/sh scripts")]
    public async Task RemoveAsync_WhileTheTakeRuns_KillsItAndReleases()
    {
        string log = Scene.Directory.Combine("log");
        string take = Scene.Directory.WriteScript("take.sh", $"echo take >> {log}\nsleep 30\necho took >> {log}");
        string release = Scene.Directory.WriteScript("release.sh", $"echo release >> {log}");
        CommandVipBinder binder = Create(new VrrpVipCommandOptions { Take = take, Release = release });

        await binder.AddAsync(s_settings, CancellationToken.None);
        await HostedTestWait.Until(() => File.Exists(log));
        var watch = Stopwatch.StartNew();
        await binder.RemoveAsync(s_settings, CancellationToken.None);
        await HostedTestWait.Until(() => binder.Status.State == VrrpBindingState.Released);

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        File.ReadAllLines(log).Should().Equal("take", "release");
    }

    [LinuxFact("VIP commands are /bin/sh scripts")]
    public async Task AddAsync_WithConfirm_IsRequestedUntilTheConfirmSucceedsThenConfirmed()
    {
        string moved = Scene.Directory.Combine("moved");
        string take = Scene.Directory.WriteScript("take.sh", "exit 0");
        string confirm = Scene.Directory.WriteScript("confirm.sh", $"echo \"$1 $VRRP_ACTION\"\ntest -f {moved}");
        var changes = new List<VrrpBindingState>();
        CommandVipBinder binder = Create(new VrrpVipCommandOptions { Take = take, Confirm = confirm, RetryDelay = TimeSpan.FromSeconds(1) });
        binder.Changed = status =>
        {
            lock (changes)
            {
                if (changes.Count == 0 || changes[^1] != status.State)
                {
                    changes.Add(status.State);
                }
            }
        };

        await binder.AddAsync(s_settings, CancellationToken.None);
        await WaitForFailedAttempt(binder, 1);
        binder.Status.State.Should().Be(VrrpBindingState.Requested);
        binder.Status.LastError.Should().Be("confirm: exit code 1");
        binder.Status.LastOutput.Should().Be("confirm confirm");

        File.WriteAllText(moved, string.Empty);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Scene.Clock.Advance(TimeSpan.FromSeconds(1));
        await HostedTestWait.Until(() => binder.Status.State == VrrpBindingState.Confirmed);

        binder.Status.Attempts.Should().Be(2);
        lock (changes)
        {
            changes.Should().Equal(VrrpBindingState.Taking, VrrpBindingState.Requested, VrrpBindingState.Confirmed);
        }
    }

    [LinuxFact("VIP commands are /bin/sh scripts")]
    public async Task ReannounceAsync_AfterATake_RunsTheTakeAgain()
    {
        string log = Scene.Directory.Combine("log");
        string take = Scene.Directory.WriteScript("take.sh", $"echo take >> {log}");
        CommandVipBinder binder = Create(new VrrpVipCommandOptions { Take = take });

        await binder.AddAsync(s_settings, CancellationToken.None);
        await HostedTestWait.Until(() => binder.Status.State == VrrpBindingState.Requested);
        await binder.ReannounceAsync(s_settings, CancellationToken.None);
        await HostedTestWait.Until(() => File.ReadAllLines(log).Length == 2);

        await HostedTestWait.Until(() => binder.Status.State == VrrpBindingState.Requested);
    }

    [LinuxFact("VIP commands are /bin/sh scripts")]
    public async Task BindLocal_OnAlsoCallsThePlatformBinder_OffLeavesItAlone()
    {
        string take = Scene.Directory.WriteScript("take.sh", "exit 0");
        var local = new RecordingVipBinder(Scene.Clock);
        var alone = new RecordingVipBinder(Scene.Clock);
        CommandVipBinder with = Create(new VrrpVipCommandOptions { Take = take, BindLocal = true }, local);
        CommandVipBinder without = Create(new VrrpVipCommandOptions { Take = take }, alone);

        await with.AddAsync(s_settings, CancellationToken.None);
        await with.AnnounceAsync(s_settings, CancellationToken.None);
        await without.AddAsync(s_settings, CancellationToken.None);
        await without.AnnounceAsync(s_settings, CancellationToken.None);

        local.IsBound("VI_1").Should().BeTrue();
        local.AnnouncementCount.Should().Be(1);
        alone.Events.Should().BeEmpty();
        await with.RemoveAsync(s_settings, CancellationToken.None);
        local.IsBound("VI_1").Should().BeFalse();
    }

    [LinuxFact("VIP commands are /bin/sh scripts")]
    public async Task DisposeAsync_AfterTheMasterQueuedItsRelease_WaitsForTheRelease()
    {
        string log = Scene.Directory.Combine("log");
        string take = Scene.Directory.WriteScript("take.sh", "exit 0");
        string release = Scene.Directory.WriteScript("release.sh", $"sleep 0.2\necho released >> {log}");
        var binder = new CommandVipBinder(s_settings, new VrrpVipCommandOptions { Take = take, Release = release }, null, Scene.Clock, new FakeLogger());

        await binder.AddAsync(s_settings, CancellationToken.None);
        await HostedTestWait.Until(() => binder.Status.State == VrrpBindingState.Requested);
        await binder.RemoveAsync(s_settings, CancellationToken.None);
        await binder.DisposeAsync();

        File.ReadAllLines(log).Should().Equal("released");
        binder.Status.State.Should().Be(VrrpBindingState.Released);
    }

    [Fact]
    public void DelayBefore_DoublesUpToSixtySeconds()
    {
        var commands = new VrrpVipCommandOptions { RetryDelay = TimeSpan.FromSeconds(5) };

        Enumerable.Range(1, 6).Select(commands.DelayBefore).Should().Equal(
            TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60));
    }

    private CommandVipBinder Create(VrrpVipCommandOptions commands, IVipBinder? local = null)
    {
        var binder = new CommandVipBinder(s_settings, commands, local, Scene.Clock, new FakeLogger());
        _binders.Add(binder);
        return binder;
    }

    /// <summary>
    /// Waits until attempt <paramref name="attempt"/> failed and waits to run again (the status alone would not do: the
    /// next attempt starts with the last error still shown). The binder reads its retry time before the failure shows,
    /// so the fake clock may move at once.
    /// </summary>
    private static Task WaitForFailedAttempt(CommandVipBinder binder, int attempt) =>
        HostedTestWait.Until(() => binder.WaitingToRetry && binder.Status is { LastError: not null } status && status.Attempts == attempt);

    /// <summary>Advances the fake clock and gives anything that would wake a moment (real time) to show.</summary>
    private async Task AdvanceAndSettle(TimeSpan by)
    {
        Scene.Clock.Advance(by);
        await Task.Delay(300, TestContext.Current.CancellationToken);
    }
}
