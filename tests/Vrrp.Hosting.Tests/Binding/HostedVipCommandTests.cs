namespace Vrrp.Hosting.Tests.Binding;

[SupportedOSPlatform("linux")]
public sealed class HostedVipCommandTests : HostedTest
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [LinuxFact("VIP commands are /bin/sh scripts")]
    public async Task KeepalivedConf_TakeAndReleaseCommands_MoveTheAddressByCommandAndReportTheBinding()
    {
        string log = Scene.Directory.Combine("log");
        string take = Scene.Directory.WriteScript("take.sh", $"echo \"$*\" >> {log}");
        string release = Scene.Directory.WriteScript("release.sh", $"echo \"$*\" >> {log}");
        string config = Scene.Directory.WriteFile("keepalived.conf", HostedPair.Instance(100, $"vip_take_command {take}\n    vip_release_command {release}"));
        await using HostedNode node = HostedNode.Create(Scene.Lan, HostedScene.First, config);
        var changes = new List<VrrpBindingChange>();
        node.Registry.BindingChanged += (_, change) =>
        {
            lock (changes)
            {
                changes.Add(change);
            }
        };

        await node.StartAsync();
        node.Registry.GetBinding("VI_1")!.State.Should().Be(VrrpBindingState.Idle);
        await HostedNode.RunUntil(Scene.Clock, () => node.State() == VrrpState.Master, Limit);
        await HostedNode.Until(() => node.Registry.GetBinding("VI_1")?.State == VrrpBindingState.Requested, Limit);

        // The commands own the address: the platform's binder never bound it.
        node.Lan.Binder.IsBound("VI_1").Should().BeFalse();
        File.ReadAllLines(log).Should().Equal("take VI_1 eth0 10.0.0.100/24");
        lock (changes)
        {
            changes.Select(c => c.Status.State).Should().ContainInOrder(VrrpBindingState.Taking, VrrpBindingState.Requested);
            changes.Should().OnlyContain(c => c.InstanceName == "VI_1");
        }

        await node.Host.StopAsync(TestContext.Current.CancellationToken);

        File.ReadAllLines(log).Should().Equal("take VI_1 eth0 10.0.0.100/24", "release VI_1 eth0 10.0.0.100/24");
        node.Registry.GetBinding("VI_1")!.State.Should().Be(VrrpBindingState.Released);
    }

    [LinuxFact("VIP commands are /bin/sh scripts")]
    public async Task UseVipCommands_WithBindLocal_BindsOnThePlatformToo()
    {
        string log = Scene.Directory.Combine("log");
        string take = Scene.Directory.WriteScript("take.sh", $"echo \"$VRRP_ACTION $VRRP_VIPS\" >> {log}");
        await using HostedNode node = HostedNode.Create(Scene.Lan, HostedScene.First, HostedPair.Write(Scene.Directory, 100), vrrp => vrrp.UseVipCommands("VI_1", take, null, o => o.BindLocal = true));

        await node.StartAsync();
        await HostedNode.RunUntil(Scene.Clock, () => node.State() == VrrpState.Master, Limit);
        await HostedNode.Until(() => node.Registry.GetBinding("VI_1")?.State == VrrpBindingState.Requested, Limit);

        node.Lan.Binder.IsBound("VI_1").Should().BeTrue();
        File.ReadAllLines(log).Should().Equal("take 10.0.0.100/24");
        node.Registry.GetBinding("VI_2").Should().BeNull();
    }

    [Fact]
    public async Task UseVipCommands_UnknownInstance_FailsTheStart()
    {
        await using HostedNode node = HostedNode.Create(Scene.Lan, HostedScene.First, HostedPair.Write(Scene.Directory, 100), vrrp => vrrp.UseVipCommands("VI_9", "/bin/true", null));

        Func<Task> start = () => node.Host.StartAsync(TestContext.Current.CancellationToken);

        (await start.Should().ThrowAsync<VrrpConfigurationException>()).Which.Message.Should().Contain("there is no instance VI_9");
    }
}
