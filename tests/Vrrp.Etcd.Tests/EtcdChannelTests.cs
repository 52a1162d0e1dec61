namespace Vrrp.Etcd.Tests;

/// <summary>The HTTP/2 ping period of the etcd channel (no etcd needed).</summary>
public sealed class EtcdChannelTests
{
    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(1.25, 1.25)]
    [InlineData(5, 5)]
    [InlineData(7.5, 5)]
    public void PingDelay_KeepAliveInterval_FollowsItWithinOneToFiveSeconds(double keepAliveSeconds, double expectedSeconds)
    {
        EtcdChannel.PingDelay(TimeSpan.FromSeconds(keepAliveSeconds)).Should().Be(TimeSpan.FromSeconds(expectedSeconds));
    }
}
