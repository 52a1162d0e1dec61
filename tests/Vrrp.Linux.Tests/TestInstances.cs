using Vrrp.Testing;

namespace Vrrp.Linux.Tests;

/// <summary>Instances and waits shared by the tests that feed adverts to many instances (shared socket, drop sweep).</summary>
internal static class TestInstances
{
    /// <summary>An IPv4 instance with VRID <paramref name="vrid"/> that sends and binds nothing.</summary>
    public static VrrpInstance New(byte vrid) => new(
        new VrrpInstanceSettings
        {
            Name = $"VI_{vrid}",
            VirtualRouterId = vrid,
            PrimaryAddress = IPAddress.Parse("10.99.0.2"),
            VirtualAddresses = [VrrpVirtualAddress.Parse($"10.99.0.{100 + vrid}/24")],
            AdvertInterval = TimeSpan.FromSeconds(1),
        },
        new NullTransport(),
        new RecordingVipBinder());

    /// <summary>Polls <paramref name="condition"/> every 20 ms and fails the test when it does not hold within <paramref name="timeout"/>.</summary>
    public static async Task Eventually(Func<bool> condition, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the condition should hold within {0}", timeout);
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
