using System.Runtime.Versioning;
using Microsoft.Extensions.Logging.Testing;
using Vrrp.Linux.Scheduling;
using Vrrp.Linux.Timing;
using Vrrp.Platform;
using Vrrp.Timing;

namespace Vrrp.Linux.Tests;

/// <summary>
/// vrrp_rt_priority on the Linux platform: the timer thread of the instances gets SCHED_RR at the priority (and the
/// thread that configured it does not), or, without the privilege, one warning and timers that still fire.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class RealtimeSchedulingTests
{
    private const int Priority = 7;

    // Long enough that a loaded test machine never trips it; the SIGXCPU path has its own test in the daemon's log.
    private static readonly VrrpSchedulingSettings s_realtime = new() { RealtimePriority = Priority, RealtimeRuntimeLimit = TimeSpan.FromSeconds(1) };

    [LinuxFact("sched_setscheduler and /proc/self/task")]
    public void ApplyScheduling_TimerThread_GetsSchedRrAtThePriorityOrOneWarningAndTimersStillFire()
    {
        using var timers = LinuxTimers.Create("vrrp-rt-test");
        var logger = new FakeLogger();
        var platform = new LinuxVrrpPlatform(timers);
        try
        {
            platform.ApplyScheduling(s_realtime, logger);

            (int tid, int policy, int priority) = OnTimerThread(timers);
            int callerPolicy = Interop.SchedGetScheduler(0);
            string[] warnings = [.. logger.Collector.GetSnapshot().Select(r => r.Message)];
            if (policy == Interop.SCHED_RR)
            {
                priority.Should().Be(Priority);
                File.ReadAllText($"/proc/self/task/{tid}/sched").Should().MatchRegex(@"(?m)^policy\s+:\s+2$", "the kernel sees the timer thread as SCHED_RR");
                callerPolicy.Should().Be(Interop.SCHED_OTHER, "only the time-keeping threads are realtime, not the process");
                warnings.Should().BeEmpty();
            }
            else
            {
                HasInitNamespaceCapSysNice().Should().BeFalse("with CAP_SYS_NICE in the initial user namespace SCHED_RR must be set");
                policy.Should().Be(Interop.SCHED_OTHER);
                warnings.Should().ContainSingle().Which.Should().Contain($"vrrp_rt_priority {Priority}").And.Contain("SCHED_RR").And.Contain("vrrp-rt-test");
            }
        }
        finally
        {
            // Later tests' receive threads in this process must start with normal scheduling.
            platform.ApplyScheduling(VrrpSchedulingSettings.Default, logger);
        }
    }

    [LinuxFact("sched_setscheduler")]
    public void ApplyScheduling_WithoutARealtimePriority_LeavesTheTimerThreadAlone()
    {
        using var timers = LinuxTimers.Create("vrrp-rt-none");
        var logger = new FakeLogger();

        new LinuxVrrpPlatform(timers).ApplyScheduling(VrrpSchedulingSettings.Default, logger);

        OnTimerThread(timers).Policy.Should().Be(Interop.SCHED_OTHER);
        RealtimeScheduling.ApplyToCurrentThread().Should().BeFalse();
        logger.Collector.Count.Should().Be(0);
    }

    /// <summary>The id, policy and realtime priority of the provider's thread, read on that thread.</summary>
    private static (int Tid, int Policy, int Priority) OnTimerThread(DedicatedThreadTimeProvider timers)
    {
        var done = new TaskCompletionSource<(int, int, int)>(TaskCreationOptions.RunContinuationsAsynchronously);
        using ITimer once = timers.CreateTimer(_ =>
        {
            _ = Interop.SchedGetParam(0, out Interop.SchedParam param);
            done.SetResult((Interop.GetTid(), Interop.SchedGetScheduler(0), param.Priority));
        }, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        done.Task.Wait(TimeSpan.FromSeconds(10)).Should().BeTrue("the timer thread runs callbacks");
        return done.Task.Result;
    }

    /// <summary>Whether this process is root in the initial user namespace with CAP_SYS_NICE (bit 23) effective.</summary>
    private static bool HasInitNamespaceCapSysNice()
    {
        string[] uidMap = File.ReadAllText("/proc/self/uid_map").Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        bool initialNamespace = uidMap is ["0", "0", "4294967295"];
        string effective = File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith("CapEff:", StringComparison.Ordinal))["CapEff:".Length..].Trim();
        return initialNamespace && (Convert.ToUInt64(effective, 16) & (1UL << 23)) != 0;
    }
}
