using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vrrp.Config.Options;
using Vrrp.Hosting;

namespace Vrrp.Consumer;

/// <summary>
/// Two hosts, each running <c>AddVrrp().Configure(...).UsePlatform(...)</c> over an <see cref="InMemoryLan"/> in real
/// time (VRRPv3, 100 ms adverts): the master's cable is pulled, the backup takes over on its own timer, the cable
/// comes back and the master preempts; stopping the hosts releases the VIP.
/// </summary>
internal static class HostedFailover
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(Checks checks)
    {
        var lan = new InMemoryLan();
        InMemoryLanNode a = lan.AddNode(IPAddress.Parse("192.0.2.1"));
        InMemoryLanNode b = lan.AddNode(IPAddress.Parse("192.0.2.2"));
        using IHost hostA = Build(a, priority: 150);
        using IHost hostB = Build(b, priority: 100);
        VrrpInstanceRegistry registryA = hostA.Services.GetRequiredService<VrrpInstanceRegistry>();
        VrrpInstanceRegistry registryB = hostB.Services.GetRequiredService<VrrpInstanceRegistry>();
        var changesB = new ConcurrentQueue<VrrpStateChange>();
        registryB.StateChanged += (_, change) => changesB.Enqueue(change);

        await hostA.StartAsync();
        await hostB.StartAsync();
        bool settled = await Until(() => State(registryA) == VrrpState.Master && State(registryB) == VrrpState.Backup);
        checks.That(settled && a.Binder.IsBound("VI_1") && !b.Binder.IsBound("VI_1"), "AddVrrp hosts: the priority-150 host is master and holds the VIP, the other backup", $"a={State(registryA)} b={State(registryB)}");

        a.Connect(false);
        var takeover = Stopwatch.StartNew();
        bool tookOver = await Until(() => State(registryB) == VrrpState.Master && b.Binder.IsBound("VI_1"));
        takeover.Stop();
        checks.That(tookOver, $"AddVrrp hosts: the master's cable pulled, the backup is master and holds the VIP after {takeover.Elapsed.TotalMilliseconds:0} ms", $"b={State(registryB)}");
        // The registry publishes a change after the instance made it: wait for it.
        bool explained = await Until(() => changesB.Any(c => c.To == VrrpState.Master && c.Reason == VrrpTransitionReason.MasterDownTimerExpired));
        checks.That(explained, "AddVrrp hosts: the backup's state-change stream says why (MasterDownTimerExpired)", string.Join("; ", changesB.Select(c => $"{c.From}->{c.To} {c.Reason}")));

        a.Connect(true);
        bool preempted = await Until(() => State(registryA) == VrrpState.Master && State(registryB) == VrrpState.Backup && !b.Binder.IsBound("VI_1"));
        checks.That(preempted, "AddVrrp hosts: the cable back, the higher priority preempts and the backup releases the VIP", $"a={State(registryA)} b={State(registryB)}");

        await hostB.StopAsync();
        await hostA.StopAsync();
        checks.That(!a.Binder.IsBound("VI_1") && !b.Binder.IsBound("VI_1"), "AddVrrp hosts: stopping the hosts releases the VIP");
    }

    private static IHost Build(InMemoryLanNode node, int priority)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddVrrp()
            .Configure(vrrp => vrrp.Instances["VI_1"] = new VrrpInstanceOptions
            {
                Interface = "eth0",
                VirtualRouterId = 51,
                Priority = priority,
                Version = VrrpVersion.V3,
                AdvertisementInterval = TimeSpan.FromMilliseconds(100),
                VirtualIpAddresses = { new VirtualIpAddressOptions { Address = "192.0.2.100/24" } },
            })
            .UsePlatform(node);
        return builder.Build();
    }

    private static VrrpState State(VrrpInstanceRegistry registry) => registry.Find("VI_1")?.State ?? VrrpState.Initialize;

    private static async Task<bool> Until(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > s_timeout)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }
}
