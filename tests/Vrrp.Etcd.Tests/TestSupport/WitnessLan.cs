using System.Runtime.Versioning;
using Vrrp.Etcd.Hosting;
using Vrrp.StateMachine;

namespace Vrrp.Etcd.Tests.TestSupport;

/// <summary>
/// Two witness-mode nodes (priorities 150 and 100) on a two-host namespace LAN, a three-member etcd cluster, and a
/// sampler that checks every millisecond that at most one node is VRRP master (the binders check the VIP itself).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class WitnessLan : IAsyncDisposable
{
    private static readonly Stopwatch s_clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _sampling = new();
    private readonly Thread _sampler;
    private int _mastersAtOnce;

    private WitnessLan(EtcdCluster cluster, NetnsLan lan, TimeSpan ttl, EtcdUnreachableBehavior whenUnreachable)
    {
        Cluster = cluster;
        Lan = lan;
        Ttl = ttl;
        First = new WitnessLanNode("node1", lan[1], 150, cluster, Vip, ttl, whenUnreachable);
        Second = new WitnessLanNode("node2", lan[2], 100, cluster, Vip, ttl, whenUnreachable);
        _sampler = new Thread(Sample) { IsBackground = true, Name = "witness sampler" };
        _sampler.Start();
    }

    public static TimeSpan Now => s_clock.Elapsed;

    public EtcdCluster Cluster { get; }

    public NetnsLan Lan { get; }

    public TimeSpan Ttl { get; }

    public SharedVip Vip { get; } = new(TimeSpan.Zero);

    public WitnessLanNode First { get; }

    public WitnessLanNode Second { get; }

    /// <summary>Gets the most nodes the sampler saw in Master at once.</summary>
    public int MostMastersAtOnce => Volatile.Read(ref _mastersAtOnce);

    public static async Task<WitnessLan> StartAsync(TimeSpan ttl, EtcdUnreachableBehavior whenUnreachable)
    {
        EtcdCluster cluster = await EtcdCluster.StartAsync();
        NetnsLan? lan = null;
        try
        {
            lan = NetnsLan.Create(hostCount: 2);
            var witnessLan = new WitnessLan(cluster, lan, ttl, whenUnreachable);
            // node1 first: which node etcd elects when both start at once is a race (a gated node does not preempt).
            await witnessLan.First.Instance.StartAsync(TestContext.Current.CancellationToken);
            await WaitUntilAsync(() => witnessLan.First.IsMaster && witnessLan.First.Witness.HoldsLease, TimeSpan.FromSeconds(10), "node1 master with the lease");
            await witnessLan.Second.Instance.StartAsync(TestContext.Current.CancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
            return witnessLan;
        }
        catch
        {
            lan?.Dispose();
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Splits the LAN in two (node2's switch port off the bridge, its carrier kept) or joins it again.</summary>
    public void SplitLan(bool split)
    {
        if (split)
        {
            Lan.SwitchIp("link", "set", "p2", "nomaster");
        }
        else
        {
            Lan.SwitchIp("link", "set", "p2", "master", "br0");
        }
    }

    public static async Task<TimeSpan> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        TimeSpan deadline = Now + timeout;
        while (!condition())
        {
            if (Now > deadline)
            {
                throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds} s");
            }

            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        return Now;
    }

    public string Log() => $"VIP: {Vip.Log()}\n{First.Log()}\n{Second.Log()}\netcd:\n{Cluster.Logs()}";

    public async ValueTask DisposeAsync()
    {
        await _sampling.CancelAsync();
        _sampler.Join();
        await Second.DisposeAsync();
        await First.DisposeAsync();
        Lan.Dispose();
        Cluster.Dispose();
        _sampling.Dispose();
    }

    private void Sample()
    {
        while (!_sampling.IsCancellationRequested)
        {
            int masters = (First.Instance.State == VrrpState.Master ? 1 : 0) + (Second.Instance.State == VrrpState.Master ? 1 : 0);
            if (masters > Volatile.Read(ref _mastersAtOnce))
            {
                Volatile.Write(ref _mastersAtOnce, masters);
            }

            Thread.Sleep(1);
        }
    }
}
