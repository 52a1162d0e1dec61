using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Vrrp.Etcd.Hosting;
using Vrrp.Instances;
using Vrrp.Linux;
using Vrrp.Linux.Addresses;
using Vrrp.StateMachine;

namespace Vrrp.Etcd.Tests.TestSupport;

/// <summary>
/// One node of witness mode on a namespace LAN, in this process: a VRRP instance whose raw socket and rtnetlink binder
/// live in the host's namespace, behind an <see cref="EtcdWitness"/> that reaches each etcd member through a
/// <see cref="TcpGate"/> of its own (in the root namespace). Its binder counts holders of the shared VIP.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class WitnessLanNode : IAsyncDisposable
{
    public static readonly VrrpVirtualAddress Vip = VrrpVirtualAddress.Parse("10.99.0.100/24");
    private readonly TcpGate[] _gates;
    private readonly LinuxVrrpTransport _transport;
    private readonly LinuxVipBinder _binder;
    private readonly CancellationTokenSource _receiving = new();
    private readonly Task _receiveLoop;
    private readonly List<(TimeSpan At, VrrpState To, VrrpTransitionReason Reason)> _transitions = [];
    private readonly ILoggerFactory _logs;

    public WitnessLanNode(string name, LanHost host, byte priority, EtcdCluster cluster, SharedVip vip, TimeSpan ttl, EtcdUnreachableBehavior whenUnreachable)
    {
        Name = name;
        _gates = [.. cluster.ClientPorts.Select(port => new TcpGate(port))];
        _logs = LoggerFactory.Create(builder => builder.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        (_transport, _binder) = NetworkNamespaceThread.Run(host.Namespace, () =>
            (LinuxVrrpTransport.Open(new LinuxVrrpTransportOptions { InterfaceName = LanHost.InterfaceName }), LinuxVipBinder.Open(LanHost.InterfaceName)));
        Witness = new EtcdWitness(
            new EtcdElectionOptions
            {
                Endpoints = [.. _gates.Select(gate => gate.Url)],
                ElectionName = "witness/VI_1",
                CandidateId = name,
                LeaseTtl = ttl,
                RetryDelay = TimeSpan.FromMilliseconds(200),
            },
            vip.BinderFor(name, _binder),
            whenUnreachable,
            _logs);
        Instance = new VrrpInstance(
            new VrrpInstanceSettings
            {
                Name = "VI_1",
                InterfaceName = LanHost.InterfaceName,
                VirtualRouterId = 51,
                Priority = priority,
                AdvertInterval = TimeSpan.FromMilliseconds(100),
                PrimaryAddress = host.IPv4,
                VirtualAddresses = [Vip],
            },
            _transport,
            Witness);
        Instance.StateChanged += (_, change) =>
        {
            lock (_transitions)
            {
                _transitions.Add((WitnessLan.Now, change.To, change.Reason));
            }
        };
        _receiveLoop = _transport.ReceiveLoopAsync(Instance, _receiving.Token);
    }

    public string Name { get; }

    public EtcdWitness Witness { get; }

    public VrrpInstance Instance { get; }

    public FakeLoggerProvider Logs { get; } = new();

    public bool IsMaster => Instance.State == VrrpState.Master;

    /// <summary>Gets when this node last entered <paramref name="state"/>, on <see cref="WitnessLan.Now"/>'s clock, or null.</summary>
    public TimeSpan? Entered(VrrpState state)
    {
        lock (_transitions)
        {
            return _transitions.LastOrDefault(t => t.To == state) is { To: var to } last && to == state ? last.At : null;
        }
    }

    public string Log()
    {
        string transitions;
        lock (_transitions)
        {
            transitions = string.Join("; ", _transitions.Select(t => $"{t.At.TotalMilliseconds:0} ms {t.To} ({t.Reason})"));
        }

        return $"{Name}: {transitions}; last error: {Instance.GetStatus().LastError}\n" + string.Join("\n", Logs.Collector.GetSnapshot().Select(r => $"{r.Timestamp:HH:mm:ss.fff} {Name} {r.Category} {r.Message}"));
    }

    /// <summary>Cuts this node off from every etcd member (or lets it through again).</summary>
    public void CutOffFromEtcd(bool cut)
    {
        foreach (TcpGate gate in _gates)
        {
            gate.Blocked = cut;
        }
    }

    public async ValueTask DisposeAsync()
    {
        CutOffFromEtcd(false);
        await Instance.DisposeAsync();
        await _receiving.CancelAsync();
        try
        {
            await _receiveLoop;
        }
        catch (OperationCanceledException)
        {
        }

        await Witness.DisposeAsync();
        _transport.Dispose();
        _binder.Dispose();
        foreach (TcpGate gate in _gates)
        {
            gate.Dispose();
        }

        _receiving.Dispose();
        _logs.Dispose();
        Logs.Dispose();
    }
}
