using Microsoft.Extensions.Hosting;

namespace Vrrp.Hosting.Tests.Hosting;

/// <summary><c>AddVrrp().Configure(...)</c>: instances set in code run through the same validator and host as a keepalived.conf.</summary>
public sealed class VrrpOptionsInCodeTests : HostedTest
{
    [Fact]
    public async Task Configure_OneInstanceInCode_RunsAndBecomesMaster()
    {
        LoopbackLan.Node node = Scene.Lan.AddNode(HostedScene.First);
        using IHost host = Build(node, vrrp => vrrp.Instances["VI_7"] = Instance(vrid: 7, priority: 150));
        VrrpInstanceRegistry registry = host.Services.GetRequiredService<VrrpInstanceRegistry>();

        await host.StartAsync(TestContext.Current.CancellationToken);
        await HostedNode.Until(() => registry.Find("VI_7") is not null, TimeSpan.FromSeconds(10));
        await HostedNode.RunUntil(Scene.Clock, () => registry.Find("VI_7")!.State == VrrpState.Master, TimeSpan.FromSeconds(10));

        registry.Find("VI_7")!.Settings.Priority.Should().Be(150);
        node.Binder.IsBound("VI_7").Should().BeTrue();
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Configure_InvalidInstance_FailsStartWithOptionPathAndOpensNothing()
    {
        LoopbackLan.Node node = Scene.Lan.AddNode(HostedScene.First);
        using IHost host = Build(node, vrrp => vrrp.Instances["VI_7"] = Instance(vrid: 300, priority: 150));

        Func<Task> start = () => host.StartAsync();

        VrrpConfigurationException error = (await start.Should().ThrowAsync<VrrpConfigurationException>()).Which;
        error.Errors.Should().ContainSingle().Which.Should().StartWith("Instances:VI_7:VirtualRouterId: error:").And.Contain("outside 1..255");
        node.Binder.Events.Should().BeEmpty();
    }

    private IHost Build(LoopbackLan.Node node, Action<VrrpOptions> configure)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<TimeProvider>(Scene.Clock);
        builder.Services.AddVrrp().Configure(configure).UsePlatform(node);
        return builder.Build();
    }

    private static VrrpInstanceOptions Instance(int vrid, int priority)
    {
        var instance = new VrrpInstanceOptions { Interface = "eth0", VirtualRouterId = vrid, Priority = priority };
        instance.VirtualIpAddresses.Add(new VirtualIpAddressOptions { Address = "10.0.0.100/24" });
        return instance;
    }
}
