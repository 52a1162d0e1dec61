using Microsoft.Extensions.Time.Testing;
using Vrrp.Platform;

namespace Vrrp.Hosting.Tests.Hosting;

/// <summary>global_defs' vrrp_rt_priority, vrrp_rlimit_rttime and vrrp_no_swap reach the platform once, at start.</summary>
[SupportedOSPlatform("linux")]
public sealed class SchedulingTests : HostedTest
{
    [LinuxFact("the hosted node reads a keepalived.conf from a temporary directory")]
    public async Task Start_WithRealtimeKeywords_AppliesThemOnThePlatformOnce()
    {
        string config = Scene.Directory.WriteFile("keepalived.conf", """
            global_defs {
                vrrp_rt_priority 20
                vrrp_rlimit_rttime 30000
                vrrp_no_swap
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority 100
                virtual_ipaddress {
                    10.0.0.100
                }
            }
            """);
        var clock = new FakeTimeProvider();
        await using HostedNode node = HostedNode.Create(new LoopbackLan(clock), IPAddress.Parse("10.0.0.1"), config);

        await node.StartAsync();

        node.Lan.Scheduling.Should().Be(new VrrpSchedulingSettings { RealtimePriority = 20, RealtimeRuntimeLimit = TimeSpan.FromMilliseconds(30), LockMemory = true });
        node.Lan.SchedulingApplied.Should().Be(1);
    }
}
