using Vrrp.StateMachine;

namespace Vrrp.Etcd.Tests;

/// <summary>
/// <c>AddVrrp().UseEtcd(...)</c> end to end on a real etcd cluster: two application hosts run the same instance, the
/// registry answers "am I master?" as with VRRP, the tracked health check decides who may campaign, the leadership
/// token is cancelled when leadership ends, and a sampler checks all along that there are never two masters (by the
/// instances' state) nor two holders of the VIP (counted until a removal completes).
/// </summary>
public sealed class UseEtcdTests
{
    private static readonly TimeSpan s_ttl = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task TwoHosts_FailedCheckThenCutOff_MasterMovesAndNeverTwoMasters()
    {
        using EtcdCluster cluster = await EtcdCluster.StartAsync();
        var vip = new SharedVip(removeTakes: TimeSpan.FromMilliseconds(100));
        await using var a = new EtcdHost("a", cluster, s_ttl, vip, "use-etcd");
        await using var b = new EtcdHost("b", cluster, s_ttl, vip, "use-etcd");
        using var sampler = new TwoMastersSampler(a, b);

        await a.StartAsync();
        await WaitUntilAsync(() => a.IsMaster && vip.Holders == 1, TimeSpan.FromSeconds(10), a, b, vip);
        CancellationToken aLeadership = a.Leadership.GetLeadershipToken(EtcdHost.InstanceName);
        aLeadership.IsCancellationRequested.Should().BeFalse();
        await b.StartAsync();
        await WaitUntilAsync(() => b.State == VrrpState.Backup, TimeSpan.FromSeconds(10), a, b, vip);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        a.IsMaster.Should().BeTrue("a was elected first and etcd does not preempt");

        // A failed check (weight -50: priority 100 -> 50, below the minimum) resigns: b is elected at once.
        var clock = Stopwatch.StartNew();
        a.Healthy = false;
        await WaitUntilAsync(() => b.IsMaster, TimeSpan.FromSeconds(5), a, b, vip);
        TimeSpan checkTakeover = clock.Elapsed;
        aLeadership.IsCancellationRequested.Should().BeTrue("a's leadership ended");
        a.IsMaster.Should().BeFalse();
        a.Leadership.IsLeader(EtcdHost.InstanceName).Should().BeFalse();
        a.Healthy = true;
        await Task.Delay(500, TestContext.Current.CancellationToken);
        b.IsMaster.Should().BeTrue("a campaigns again but waits behind b");

        // b cut off from etcd: it gives up before its lease can expire, then a is elected.
        clock.Restart();
        b.CutOff(true);
        await WaitUntilAsync(() => !b.IsMaster, s_ttl + TimeSpan.FromSeconds(1), a, b, vip);
        TimeSpan gaveUp = clock.Elapsed;
        await WaitUntilAsync(() => a.IsMaster && vip.Holders == 1, s_ttl + TimeSpan.FromSeconds(3), a, b, vip);
        TimeSpan cutTakeover = clock.Elapsed;
        b.CutOff(false);
        await Task.Delay(500, TestContext.Current.CancellationToken);

        // The state stream showed it as for VRRP: a went master, backup (resigned), master again.
        string[] aStates = [.. a.Logs.GetSnapshot().Where(r => r.Id.Id == 6001).Select(r => r.Message)];
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"failed check: b master {checkTakeover.TotalMilliseconds:0} ms later; b cut off: gave up after {gaveUp.TotalMilliseconds:0} ms, a master after {cutTakeover.TotalMilliseconds:0} ms (TTL {s_ttl.TotalMilliseconds} ms); {sampler.Samples} samples; {vip.Log()}");
        sampler.TwoMasters.Should().Be(0, $"never two masters: {vip.Log()}\n{a.Log()}\n{b.Log()}");
        vip.MaxHolders.Should().Be(1, $"never two holders: {vip.Log()}");
        aStates.Count(m => m.Contains("-> Master", StringComparison.Ordinal)).Should().Be(2, string.Join("\n", aStates));
        gaveUp.Should().BeLessThan(s_ttl, "the leader gives up before its lease can expire");
        cutTakeover.Should().BeGreaterThan(gaveUp);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, EtcdHost a, EtcdHost b, SharedVip vip)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"not within {timeout.TotalSeconds} s: {vip.Log()}\n{a.Log()}\n{b.Log()}");
            }

            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Samples both hosts' instance state every millisecond and counts the samples where both are master.</summary>
    private sealed class TwoMastersSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _task;
        private int _twoMasters;
        private long _samples;

        public TwoMastersSampler(EtcdHost a, EtcdHost b) => _task = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                if (a.IsMaster && b.IsMaster)
                {
                    Interlocked.Increment(ref _twoMasters);
                }

                Interlocked.Increment(ref _samples);
                await Task.Delay(1);
            }
        });

        public int TwoMasters => Volatile.Read(ref _twoMasters);

        public long Samples => Interlocked.Read(ref _samples);

        public void Dispose()
        {
            _stop.Cancel();
            _task.Wait();
            _stop.Dispose();
        }
    }
}
