namespace Vrrp.Etcd.Tests;

/// <summary>
/// Two <c>vrrp run --etcd ... --etcd-mode witness</c> processes on a namespace LAN with a real etcd cluster (each reaches
/// etcd through relays in its own namespace): VRRP runs on the LAN, and when the LAN is split the side without the
/// etcd lease stays backup; a master that stops hands over at VRRP's speed. A sampler reads both hosts' addresses all
/// along: never two holders.
/// </summary>
public sealed class VrrpRunWitnessTests(ITestOutputHelper output) : IDisposable
{
    private const string Vip = "10.99.0.100";
    private static readonly TimeSpan s_ttl = TimeSpan.FromSeconds(4);
    private readonly List<TcpGate> _gates = [];
    private NetnsLan? _lan;
    private EtcdCluster? _cluster;
    private VrrpNode? _first;
    private VrrpNode? _second;

    [Fact]
    public async Task Run_WitnessMode_LanSplitLeavesTheVipWithTheLeaseHolder_AndAStoppingMasterHandsOverFast()
    {
        _cluster = await EtcdCluster.StartAsync();
        _lan = NetnsLan.Create(2);
        string prefix = $"vrrp-witness-{Environment.ProcessId}";
        _first = Start(1, 150, prefix);
        _first.WaitForState("Master", TimeSpan.FromSeconds(15));
        _second = Start(2, 100, prefix);
        _second.WaitForState("Backup", TimeSpan.FromSeconds(15));
        Thread.Sleep(1500);
        Holders().Should().Equal([1]);
        int mostHolders = 0;
        bool sampling = true;
        var sampler = new Thread(() =>
        {
            while (Volatile.Read(ref sampling))
            {
                Volatile.Write(ref mostHolders, Math.Max(Volatile.Read(ref mostHolders), Holders().Count));
            }
        }) { IsBackground = true };
        sampler.Start();

        TimeSpan split = VrrpNode.Now;
        // Off the bridge, not down: node2 keeps its carrier (a link down would put it in Fault, not test the witness).
        _lan.SwitchIp("link", "set", "p2", "nomaster");
        Thread.Sleep(3 * s_ttl);
        _second.CountTransitions("Master", after: split).Should().Be(0, "node2 hears no master but etcd refuses it the lease:\n" + _second.Output);
        _second.CountTransitions("Fault", after: split).Should().Be(0, "the split must not look like a link down:\n" + _second.Output);
        Holders().Should().Equal([1]);
        _lan.SwitchIp("link", "set", "p2", "master", "br0");
        Thread.Sleep(1500);

        TimeSpan stopped = _first.Terminate();
        TimeSpan elected = _second.WaitForState("Master", s_ttl, after: stopped);
        VrrpNode.WaitUntil(() => Holders().SequenceEqual([2]), TimeSpan.FromSeconds(3));
        Volatile.Write(ref sampling, false);
        sampler.Join();

        string report = $"vrrp run, witness mode: node2 master {(elected - stopped).TotalMilliseconds:F0} ms after node1 was stopped (TTL {s_ttl.TotalSeconds} s); most holders at once {mostHolders}";
        output.WriteLine(report);
        mostHolders.Should().Be(1, report);
        (elected - stopped).Should().BeLessThan(TimeSpan.FromSeconds(1), "the stopping master resigns after removing the VIP: " + report + "\n" + _first.Output + "\n" + _second.Output);
    }

    public void Dispose()
    {
        if (_lan is not null)
        {
            VrrpNodes.DisposeAll(output, _lan, _first, _second);
        }

        foreach (TcpGate gate in _gates)
        {
            gate.Dispose();
        }

        _cluster?.Dispose();
    }

    private VrrpNode Start(int host, int priority, string prefix)
    {
        LanHost lanHost = _lan![host];
        TcpGate[] gates = [.. _cluster!.ClientPorts.Select(port => new TcpGate(port, lanHost.Namespace))];
        _gates.AddRange(gates);
        return VrrpNode.Start(
            lanHost,
            "-i", "eth0", "--vrid", "7", "--name", "VI_1", "--vip", Vip + "/24",
            "--priority", priority.ToString(CultureInfo.InvariantCulture), "--version", "3", "--advert-interval", "0.1",
            "--etcd", string.Join(',', gates.Select(g => g.Url)), "--etcd-lease-ttl", s_ttl.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            "--etcd-prefix", prefix, "--etcd-mode", "witness");
    }

    /// <summary>The hosts (1, 2) whose eth0 holds the VIP now.</summary>
    private List<int> Holders() => [.. new[] { 1, 2 }.Where(h => _lan![h].Addresses().Contains(Vip + "/", StringComparison.Ordinal))];
}
