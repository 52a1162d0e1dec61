using Vrrp.Hosting.Notifications;

namespace Vrrp.Hosting.Tests.Notifications;

[SupportedOSPlatform("linux")]
public sealed class SyncGroupNotifierTests : HostedTest
{
    /// <summary>Group G of VI_1 and VI_2, whose hooks call <paramref name="script"/>.</summary>
    private static SyncGroupNotifier GroupOfTwo(VrrpNotifier notifier, string script) => new(
        notifier,
        new Dictionary<string, IReadOnlyList<string>> { ["G"] = ["VI_1", "VI_2"] },
        new Dictionary<string, Vrrp.Hosting.Configuration.NotifyCommands> { ["G"] = new($"{script} master", $"{script} backup", null, $"{script} stop", script) },
        TimeProvider.System);

    [LinuxFact("notify hooks are /bin/sh scripts")]
    public async Task OnStateChanged_GroupHooksRunOnceEveryMemberReachedTheState()
    {
        string log = Scene.Directory.Combine("log");
        string script = Scene.Directory.WriteScript("notify.sh", $"echo \"$*\" >> {log}");
        using var notifier = new VrrpNotifier(new FakeLogger(), TimeSpan.FromSeconds(10));
        SyncGroupNotifier groups = GroupOfTwo(notifier, script);

        groups.OnStateChanged(Change("VI_1", VrrpState.Backup));
        groups.OnStateChanged(Change("VI_2", VrrpState.Backup));
        groups.OnStateChanged(Change("VI_1", VrrpState.Master));
        groups.OnStateChanged(Change("VI_2", VrrpState.Master));
        groups.OnStateChanged(Change("VI_3", VrrpState.Fault));
        groups.OnStateChanged(Change("VI_2", VrrpState.Stopped));
        groups.OnStateChanged(Change("VI_1", VrrpState.Stopped));
        (await notifier.DrainAsync(TimeSpan.FromSeconds(10))).Should().BeTrue();

        File.ReadAllLines(log).Should().Equal(
            "backup", "GROUP G BACKUP 0",
            "master", "GROUP G MASTER 0",
            "stop", "GROUP G STOP 0");
    }

    private static VrrpStateChange Change(string instance, VrrpState to) =>
        new(1, instance, VrrpState.Initialize, to, VrrpTransitionReason.Started, 100, "test", DateTimeOffset.UnixEpoch);
}
