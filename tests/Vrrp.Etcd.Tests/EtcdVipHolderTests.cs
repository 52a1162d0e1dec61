namespace Vrrp.Etcd.Tests;

/// <summary>
/// <see cref="EtcdVipHolder"/> on a real etcd cluster: two nodes move one VIP through their binders (each removal
/// takes 200 ms); whatever happens to the leader, the VIP never has two holders, counting a node as holder until its
/// removal has completed.
/// </summary>
public sealed class EtcdVipHolderTests
{
    private static readonly TimeSpan s_ttl = TimeSpan.FromSeconds(2);

    private static readonly VrrpInstanceSettings s_instance = new()
    {
        Name = "VI_etcd",
        VirtualRouterId = 51,
        PrimaryAddress = IPAddress.Parse("10.0.0.1"),
        VirtualAddresses = [VrrpVirtualAddress.Parse("10.0.0.100/24")],
    };

    [Fact]
    public async Task LeaderCutOffThenResign_SlowRemoval_VipNeverHasTwoHoldersAndFollowsTheLeader()
    {
        using EtcdCluster cluster = await EtcdCluster.StartAsync();
        var vip = new SharedVip(removeTakes: TimeSpan.FromMilliseconds(200));
        await using var a = new Candidate("a", cluster, s_ttl, "vip");
        await using var b = new Candidate("b", cluster, s_ttl, "vip");
        await using var holderA = new EtcdVipHolder(a.Election, vip.BinderFor("a"), s_instance);
        await using var holderB = new EtcdVipHolder(b.Election, vip.BinderFor("b"), s_instance);
        a.Election.Start();
        await WaitUntilAsync(() => holderA.IsBound, TimeSpan.FromSeconds(10), vip);
        b.Election.Start();
        await Task.Delay(500, TestContext.Current.CancellationToken);

        var clock = Stopwatch.StartNew();
        a.CutOff(true);
        await WaitUntilAsync(() => holderB.IsBound, s_ttl + TimeSpan.FromSeconds(3), vip);
        TimeSpan takeover = clock.Elapsed;
        holderA.IsBound.Should().BeFalse();
        a.CutOff(false);
        await Task.Delay(1000, TestContext.Current.CancellationToken);

        await b.Election.ResignAsync();
        await WaitUntilAsync(() => holderA.IsBound, TimeSpan.FromSeconds(5), vip);

        TestContext.Current.TestOutputHelper?.WriteLine($"VIP moved to b {takeover.TotalMilliseconds:0} ms after a was cut off (TTL {s_ttl.TotalMilliseconds} ms); {vip.Log()}");
        vip.MaxHolders.Should().Be(1, $"never two holders: {vip.Log()}");
        holderB.IsBound.Should().BeFalse();
        vip.Holders.Should().Be(1);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, SharedVip vip)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"not within {timeout.TotalSeconds} s: {vip.Log()}");
            }

            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}
