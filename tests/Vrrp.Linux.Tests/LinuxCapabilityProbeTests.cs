
namespace Vrrp.Linux.Tests;

public sealed class LinuxCapabilityProbeTests
{
    [Fact]
    public void Probe_WithAllCapabilities_FindsNothingMissing()
    {
        using NetnsLan lan = NetnsLan.Create(hostCount: 1);

        IReadOnlyList<MissingCapabilityException> missing = NetworkNamespaceThread.Run(lan[1].Namespace, () => LinuxCapabilityProbe.Probe("eth0"));

        missing.Should().BeEmpty();
    }

    [Fact]
    public void Probe_WithoutNetRawAndNetAdmin_NamesEachCapabilityAndOperation()
    {
        using NetnsLan lan = NetnsLan.Create(hostCount: 1);

        string[] messages = NetworkNamespaceThread.Run(lan[1].Namespace, () =>
        {
            ThreadCapabilities.DropEffective(ThreadCapabilities.NetRaw, ThreadCapabilities.NetAdmin);
            return LinuxCapabilityProbe.Probe("eth0").Select(e => e.Message).ToArray();
        });

        messages.Should().Equal(
            "opening the VRRP socket on eth0 needs CAP_NET_RAW",
            "adding virtual addresses on eth0 needs CAP_NET_ADMIN");
    }

    [Fact]
    public void ThrowIfMissing_WithoutNetRaw_ThrowsWithExactMessage()
    {
        using NetnsLan lan = NetnsLan.Create(hostCount: 1);

        Exception? thrown = NetworkNamespaceThread.Run(lan[1].Namespace, () =>
        {
            ThreadCapabilities.DropEffective(ThreadCapabilities.NetRaw);
            try
            {
                LinuxCapabilityProbe.ThrowIfMissing("eth0");
                return null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        });

        thrown.Should().BeOfType<MissingCapabilityException>()
            .Which.Should().Match<MissingCapabilityException>(e => e.Capability == "CAP_NET_RAW" && e.Operation == "opening the VRRP socket on eth0");
        thrown!.Message.Should().Be("opening the VRRP socket on eth0 needs CAP_NET_RAW");
    }
}
