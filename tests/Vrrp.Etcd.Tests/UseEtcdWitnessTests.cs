using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vrrp.Config.Options;
using Vrrp.Etcd.Hosting;
using Vrrp.Hosting;
using Vrrp.Packets;
using Vrrp.StateMachine;
using Vrrp.TestSupport.Hosting;

namespace Vrrp.Etcd.Tests;

/// <summary>
/// <c>AddVrrp().UsePlatform(lan).UseEtcd(Mode = Witness)</c> end to end: VRRP runs on an in-memory LAN and a real etcd
/// cluster witnesses it. When the LAN splits, the backup's side asks etcd and is refused; when the master stops, the
/// backup takes over at VRRP's speed.
/// </summary>
public sealed class UseEtcdWitnessTests
{
    [Fact]
    public async Task TwoHosts_WitnessMode_SplitLanKeepsOneMaster_AndAStoppingMasterHandsOverFast()
    {
        using EtcdCluster cluster = await EtcdCluster.StartAsync();
        var lan = new LoopbackLan(TimeProvider.System);
        using IHost a = Host(cluster, lan.AddNode(IPAddress.Parse("10.0.0.1")), "a", priority: 150);
        using IHost b = Host(cluster, lan.AddNode(IPAddress.Parse("10.0.0.2")), "b", priority: 100);
        VrrpInstanceRegistry ra = a.Services.GetRequiredService<VrrpInstanceRegistry>();
        VrrpInstanceRegistry rb = b.Services.GetRequiredService<VrrpInstanceRegistry>();
        bool AIsMaster() => ra.Find("VI_1")?.State == VrrpState.Master;
        bool BIsMaster() => rb.Find("VI_1")?.State == VrrpState.Master;
        int twoMasters = 0;
        using var sampling = new CancellationTokenSource();
        Task sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                twoMasters += AIsMaster() && BIsMaster() ? 1 : 0;
                await Task.Delay(1, CancellationToken.None);
            }
        }, TestContext.Current.CancellationToken);

        await a.StartAsync(TestContext.Current.CancellationToken);
        await WaitUntilAsync(AIsMaster, TimeSpan.FromSeconds(10));
        await b.StartAsync(TestContext.Current.CancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);

        lan.Split = true;
        await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);
        AIsMaster().Should().BeTrue();
        BIsMaster().Should().BeFalse("a holds the etcd lease");
        (rb.Find("VI_1")?.Explain() ?? string.Empty).Should().Contain("waits for the mastership gate");
        lan.Split = false;
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);

        var clock = Stopwatch.StartNew();
        await a.StopAsync(TestContext.Current.CancellationToken);
        await WaitUntilAsync(BIsMaster, TimeSpan.FromSeconds(3));
        TestContext.Current.TestOutputHelper?.WriteLine($"hosting, witness mode: a stopped, b master {clock.ElapsedMilliseconds} ms later");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1));
        await sampling.CancelAsync();
        await sampler;
        twoMasters.Should().Be(0);
        await b.StopAsync(TestContext.Current.CancellationToken);
    }

    private static IHost Host(EtcdCluster cluster, LoopbackLan.Node node, string name, int priority)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddVrrp()
            .Configure(vrrp =>
            {
                var instance = new VrrpInstanceOptions { Interface = "eth0", VirtualRouterId = 51, Priority = priority, Version = VrrpVersion.V3, AdvertisementInterval = TimeSpan.FromMilliseconds(100) };
                instance.VirtualIpAddresses.Add(new VirtualIpAddressOptions { Address = "10.0.0.100/24" });
                vrrp.Instances["VI_1"] = instance;
            })
            .UsePlatform(node)
            .UseEtcd(
                etcd =>
                {
                    foreach (string url in cluster.ClientUrls)
                    {
                        etcd.Endpoints.Add(url);
                    }

                    etcd.Mode = EtcdMode.Witness;
                    etcd.LeaseTtl = TimeSpan.FromSeconds(2);
                    etcd.ElectionPrefix = "use-etcd-witness";
                    etcd.CandidateId = name;
                },
                (_, _) => throw new InvalidOperationException("witness mode binds with the LAN platform's binder"));
        return builder.Build();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.Should().BeLessThan(timeout);
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}
