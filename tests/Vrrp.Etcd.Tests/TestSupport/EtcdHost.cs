using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Vrrp.Config.Options;
using Vrrp.Etcd.Hosting;
using Vrrp.Hosting;
using Vrrp.StateMachine;

namespace Vrrp.Etcd.Tests.TestSupport;

/// <summary>
/// One application host with <c>AddVrrp().Configure(VI_1).UseEtcd(...)</c>, reaching every etcd member through a
/// <see cref="TcpGate"/> of its own (so a test can cut it off), binding the <see cref="SharedVip"/>, and tracking a
/// health check ("app", weight -50) the test turns on and off.
/// </summary>
internal sealed class EtcdHost : IAsyncDisposable
{
    public const string InstanceName = "VI_1";

    private readonly TcpGate[] _gates;
    private volatile bool _healthy = true;

    public EtcdHost(string name, EtcdCluster cluster, TimeSpan ttl, SharedVip vip, string prefix)
    {
        Name = name;
        _gates = [.. cluster.ClientPorts.Select(port => new TcpGate(port))];
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddFakeLogging();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.AddHealthChecks().AddCheck("app", () => _healthy ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("test"));
        builder.Services.AddVrrp()
            .Configure(vrrp =>
            {
                var instance = new VrrpInstanceOptions { Interface = "eth0", VirtualRouterId = 51, Priority = 100 };
                instance.VirtualIpAddresses.Add(new VirtualIpAddressOptions { Address = "10.0.0.100/24" });
                vrrp.Instances[InstanceName] = instance;
            })
            .AddHealthCheckTracking(InstanceName, "app", -50, tracking => tracking.Interval = TimeSpan.FromMilliseconds(100))
            .UseEtcd(
                etcd =>
                {
                    foreach (TcpGate gate in _gates)
                    {
                        etcd.Endpoints.Add(gate.Url);
                    }

                    etcd.LeaseTtl = ttl;
                    etcd.ElectionPrefix = prefix;
                    etcd.CandidateId = name;
                },
                (_, _) => vip.BinderFor(name));
        Host = builder.Build();
        Registry = Host.Services.GetRequiredService<VrrpInstanceRegistry>();
        Leadership = Host.Services.GetRequiredService<EtcdLeadership>();
        Logs = Host.Services.GetRequiredService<FakeLogCollector>();
    }

    public string Name { get; }

    public IHost Host { get; }

    public VrrpInstanceRegistry Registry { get; }

    public EtcdLeadership Leadership { get; }

    public FakeLogCollector Logs { get; }

    public VrrpState State => Registry.Find(InstanceName)?.State ?? VrrpState.Initialize;

    public bool IsMaster => State == VrrpState.Master;

    public bool Healthy
    {
        set => _healthy = value;
    }

    public Task StartAsync() => Host.StartAsync();

    public string Log() => string.Join("\n", Logs.GetSnapshot().Select(r => $"{r.Timestamp:HH:mm:ss.fff} {Name} {r.Level} {r.Message}"));

    /// <summary>Cuts the host off from every etcd member (or lets it through again).</summary>
    public void CutOff(bool cut)
    {
        foreach (TcpGate gate in _gates)
        {
            gate.Blocked = cut;
        }
    }

    public async ValueTask DisposeAsync()
    {
        CutOff(false);
        await Host.StopAsync();
        Host.Dispose();
        foreach (TcpGate gate in _gates)
        {
            gate.Dispose();
        }
    }
}
