using Microsoft.Extensions.Time.Testing;
using Vrrp.Hosting.Notifications;

namespace Vrrp.Hosting.Tests.Notifications;

[SupportedOSPlatform("linux")]
public sealed class VrrpNotifierTests : HostedTest
{
    [LinuxFact("notify hooks are /bin/sh scripts")]
    public async Task Enqueue_QuickSuccession_RunsHooksOfOneInstanceInOrderNeverOverlapping()
    {
        // The BACKUP hook is slow: with keepalived's fire-and-forget the MASTER hook would start (and end) first.
        string log = Scene.Directory.Combine("log");
        string script = Scene.Directory.WriteScript("notify.sh", $"echo \"start $*\" >> {log}\n[ \"$3\" = BACKUP ] && sleep 0.3\necho \"end $*\" >> {log}");
        using var notifier = new VrrpNotifier(new FakeLogger(), TimeSpan.FromSeconds(10));
        var commands = new NotifyCommands(null, null, null, null, script);

        notifier.Enqueue(commands, Change(1, VrrpState.Initialize, VrrpState.Backup));
        notifier.Enqueue(commands, Change(2, VrrpState.Backup, VrrpState.Master));
        notifier.Enqueue(commands, Change(3, VrrpState.Master, VrrpState.Fault));
        notifier.Enqueue(commands, Change(4, VrrpState.Fault, VrrpState.Stopped));
        (await notifier.DrainAsync(TimeSpan.FromSeconds(10))).Should().BeTrue();

        File.ReadAllLines(log).Should().Equal(
            "start INSTANCE VI_1 BACKUP 100", "end INSTANCE VI_1 BACKUP 100",
            "start INSTANCE VI_1 MASTER 100", "end INSTANCE VI_1 MASTER 100",
            "start INSTANCE VI_1 FAULT 100", "end INSTANCE VI_1 FAULT 100",
            "start INSTANCE VI_1 STOP 100", "end INSTANCE VI_1 STOP 100");
    }

    [LinuxFact("notify hooks are /bin/sh scripts")]
    public async Task Enqueue_StateHookThenGenericHook_StateHookFirstWithItsOwnArguments()
    {
        string log = Scene.Directory.Combine("log");
        string own = Scene.Directory.WriteScript("own.sh", $"echo \"own $*\" >> {log}");
        string any = Scene.Directory.WriteScript("any.sh", $"echo \"any $*\" >> {log}");
        using var notifier = new VrrpNotifier(new FakeLogger(), TimeSpan.FromSeconds(10));

        notifier.Enqueue(new NotifyCommands($"{own} MASTER \"two words\"", $"{own} BACKUP", null, null, any), Change(7, VrrpState.Backup, VrrpState.Master, priority: 150));
        await notifier.DrainAsync(TimeSpan.FromSeconds(10));

        File.ReadAllLines(log).Should().Equal("own MASTER two words", "any INSTANCE VI_1 MASTER 150");
    }

    [LinuxFact("notify hooks are /bin/sh scripts")]
    public async Task Enqueue_HookRunsPastTimeout_IsKilledAndTheNextHookStillRuns()
    {
        string log = Scene.Directory.Combine("log");
        string slow = Scene.Directory.WriteScript("slow.sh", $"echo slow >> {log}\nsleep 30\necho never >> {log}");
        string next = Scene.Directory.WriteScript("next.sh", $"echo next >> {log}");
        var logger = new FakeLogger();
        using var notifier = new VrrpNotifier(logger, TimeSpan.FromMilliseconds(300));

        notifier.Enqueue(new NotifyCommands(slow, next, null, null, null), Change(1, VrrpState.Backup, VrrpState.Master));
        notifier.Enqueue(new NotifyCommands(slow, next, null, null, null), Change(2, VrrpState.Master, VrrpState.Backup));
        (await notifier.DrainAsync(TimeSpan.FromSeconds(10))).Should().BeTrue();

        File.ReadAllLines(log).Should().Equal("slow", "next");
        logger.Collector.GetSnapshot().Select(r => r.Message).Should().Contain(m => m.Contains("notify #1 MASTER", StringComparison.Ordinal) && m.Contains("timed out after 0.3 s and was killed", StringComparison.Ordinal));
    }

    [LinuxFact("notify hooks are /bin/sh scripts")]
    public async Task HostedInstance_BecomesMaster_RunsNotifyMasterFromKeepalivedConf()
    {
        string log = Scene.Directory.Combine("log");
        string notify = Scene.Directory.WriteScript("notify.sh", $"echo \"$*\" >> {log}");
        string config = Scene.Directory.WriteFile("keepalived.conf", $$"""
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority 100
                notify_master "{{notify}} master"
                notify_backup "{{notify}} backup"
                notify "{{notify}}"
                virtual_ipaddress {
                    10.0.0.100
                }
            }
            """);
        var clock = new FakeTimeProvider();
        await using (HostedNode node = HostedNode.Create(new LoopbackLan(clock), IPAddress.Parse("10.0.0.1"), config))
        {
            await node.StartAsync();
            await HostedNode.RunUntil(clock, () => node.State() == VrrpState.Master, TimeSpan.FromSeconds(10));
        }

        File.ReadAllLines(log).Should().Equal("backup", "INSTANCE VI_1 BACKUP 100", "master", "INSTANCE VI_1 MASTER 100", "INSTANCE VI_1 STOP 100");
    }

    private static VrrpStateChange Change(long sequence, VrrpState from, VrrpState to, byte priority = 100) =>
        new(sequence, "VI_1", from, to, VrrpTransitionReason.Started, priority, "test", DateTimeOffset.UnixEpoch);
}
