namespace Vrrp.Etcd.Tests;

/// <summary>
/// Two <c>vrrp run --etcd</c> processes on a namespace LAN elect the holder of one VIP through a real etcd cluster (each
/// reaches etcd through relays listening in its own namespace). The leader process is frozen with SIGSTOP past its
/// lease: nothing in it runs, so only the kernel VIP lease (made shorter than the etcd lease) can drop the VIP, and it
/// must be gone before etcd elects the other node. A sampler reads both hosts' addresses all along: never two holders.
/// </summary>
public sealed class VrrpRunEtcdTests(ITestOutputHelper output) : IDisposable
{
    private const string Vip = "10.99.0.100";

    // TTL 4 s: keep-alive and margin 1 s each; VIP lease floor(4 - 1 - 0.5 - 1 (kernel lateness)) = 1 s.
    private static readonly TimeSpan s_ttl = TimeSpan.FromSeconds(4);
    private readonly List<TcpGate> _gates = [];
    private NetnsLan? _lan;
    private EtcdCluster? _cluster;
    private VrrpNode? _first;
    private VrrpNode? _second;

    [Fact]
    public async Task Run_LeaderFrozenWithSigstopPastItsLease_VipGoneBeforeTheOtherIsElectedAndNeverTwoHolders()
    {
        _cluster = await EtcdCluster.StartAsync();
        _lan = NetnsLan.Create(2);
        string prefix = $"vrrp-run-{Environment.ProcessId}";
        _first = Start(1, prefix);
        _first.WaitForState("Master", TimeSpan.FromSeconds(15));
        _second = Start(2, prefix);
        _second.WaitForState("Backup", TimeSpan.FromSeconds(15));
        Thread.Sleep(1500);
        Holders().Should().Equal([1]);

        using var sampler = new HolderSampler(Holders);
        TimeSpan stopped = _first.Stop();
        TimeSpan elected = _second.WaitForState("Master", s_ttl + TimeSpan.FromSeconds(5), after: stopped);
        TimeSpan held = VrrpNode.WaitUntil(() => Holders().SequenceEqual([2]), TimeSpan.FromSeconds(5));
        TimeSpan? gone = sampler.FirstWithout(1, after: stopped);
        Thread.Sleep(1000);

        // SIGCONT: the old leader's lease is long gone; it must not bind the VIP again.
        TimeSpan continued = _first.Continue();
        Thread.Sleep(3000);
        sampler.Dispose();

        string report = $"SIGSTOP: VIP gone from the frozen leader after {Ms(gone - stopped)} ms, other node elected after {Ms(elected - stopped)} ms and holding the VIP after {Ms(held - stopped)} ms (TTL {s_ttl.TotalMilliseconds} ms, VIP lease 1 s); {sampler.Samples} samples, most holders at once {sampler.MostHolders}";
        output.WriteLine(report);
        sampler.MostHolders.Should().Be(1, report);
        gone.Should().NotBeNull(report);
        gone!.Value.Should().BeLessThan(elected, "the frozen leader's VIP lease ends before etcd can elect another: " + report);
        Holders().Should().Equal([2], "after SIGCONT the old leader stays follower: " + report);
        _first.CountTransitions("Master", after: continued).Should().Be(0, report);
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

    private static string Ms(TimeSpan? span) => span is { } s ? s.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) : "never";

    private VrrpNode Start(int host, string prefix)
    {
        LanHost lanHost = _lan![host];
        TcpGate[] gates = [.. _cluster!.ClientPorts.Select(port => new TcpGate(port, lanHost.Namespace))];
        _gates.AddRange(gates);
        return VrrpNode.Start(
            lanHost,
            "-i", "eth0", "--vrid", "7", "--name", "VI_1", "--vip", Vip + "/24",
            "--etcd", string.Join(',', gates.Select(g => g.Url)), "--etcd-lease-ttl", s_ttl.TotalSeconds.ToString(CultureInfo.InvariantCulture), "--etcd-prefix", prefix);
    }

    /// <summary>The hosts (1, 2) whose eth0 holds the VIP now.</summary>
    private List<int> Holders() => [.. new[] { 1, 2 }.Where(h => _lan![h].Addresses().Contains(Vip + "/", StringComparison.Ordinal))];

    /// <summary>Reads the holders in a loop on its own thread, with the time of each reading.</summary>
    private sealed class HolderSampler : IDisposable
    {
        private readonly List<(TimeSpan At, List<int> Holders)> _samples = [];
        private readonly Thread _thread;
        private volatile bool _stop;

        public HolderSampler(Func<List<int>> holders)
        {
            _thread = new Thread(() =>
            {
                while (!_stop)
                {
                    List<int> now = holders();
                    lock (_samples)
                    {
                        _samples.Add((VrrpNode.Now, now));
                    }
                }
            }) { IsBackground = true };
            _thread.Start();
        }

        public int Samples
        {
            get
            {
                lock (_samples)
                {
                    return _samples.Count;
                }
            }
        }

        public int MostHolders
        {
            get
            {
                lock (_samples)
                {
                    return _samples.Count == 0 ? 0 : _samples.Max(s => s.Holders.Count);
                }
            }
        }

        /// <summary>The time of the first reading after <paramref name="after"/> in which <paramref name="host"/> does not hold the VIP.</summary>
        public TimeSpan? FirstWithout(int host, TimeSpan after)
        {
            lock (_samples)
            {
                return _samples.Where(s => s.At > after && !s.Holders.Contains(host)).Select(s => (TimeSpan?)s.At).FirstOrDefault();
            }
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }
    }
}
