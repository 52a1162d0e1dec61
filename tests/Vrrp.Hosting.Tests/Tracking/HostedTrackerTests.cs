namespace Vrrp.Hosting.Tests.Tracking;

[SupportedOSPlatform("linux")]
public sealed class HostedTrackerTests : HostedTest
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TrackFile_ValueWritten_MovesThePriorityAndAFaultValueFaults()
    {
        string value = Scene.Directory.WriteFile("offset", "0\n");
        string config = Scene.Directory.WriteFile("keepalived.conf", $"track_file offset {{\n    file {value}\n    weight -10\n}}\n" + HostedPair.Instance(100, "track_file {\n        offset\n    }"));
        await using HostedNode node = HostedNode.Create(Scene.Lan, HostedScene.First, config);
        await node.StartAsync();
        await HostedNode.RunUntil(Scene.Clock, () => node.State() == VrrpState.Master, Limit);
        node.Instance().GetStatus().EffectivePriority.Should().Be(100);

        await File.WriteAllTextAsync(value, "3\n", TestContext.Current.CancellationToken);
        await HostedNode.Until(() => node.Instance().GetStatus().EffectivePriority == 70, Limit);
        node.Instance().Explain().Should().Contain("offset = 3");

        await File.WriteAllTextAsync(value, "26\n", TestContext.Current.CancellationToken);
        await HostedNode.Until(() => node.State() == VrrpState.Fault, Limit);
    }

    [LinuxFact("notify hooks are /bin/sh scripts")]
    public async Task SyncGroupNotify_RunsWhenTheWholeGroupIsMaster()
    {
        string log = Scene.Directory.Combine("log");
        string notify = Scene.Directory.WriteScript("notify.sh", $"echo \"$*\" >> {log}");
        string second = HostedPair.Instance(100).Replace("VI_1", "VI_2", StringComparison.Ordinal).Replace("virtual_router_id 51", "virtual_router_id 52", StringComparison.Ordinal).Replace("10.0.0.100", "10.0.0.101", StringComparison.Ordinal);
        string config = Scene.Directory.WriteFile("keepalived.conf", HostedPair.Instance(100) + "\n" + second + $$"""

            vrrp_sync_group G {
                group {
                    VI_1
                    VI_2
                }
                notify "{{notify}}"
            }
            """);
        await using HostedNode node = HostedNode.Create(Scene.Lan, HostedScene.First, config);
        await node.StartAsync();
        await HostedNode.RunUntil(Scene.Clock, () => node.State("VI_1") == VrrpState.Master && node.State("VI_2") == VrrpState.Master, Limit);
        await HostedNode.Until(() => File.Exists(log) && File.ReadAllLines(log).Contains("GROUP G MASTER 0"), Limit);

        File.ReadAllLines(log).Should().Equal("GROUP G BACKUP 0", "GROUP G MASTER 0");
    }
}
