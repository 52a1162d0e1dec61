using Vrrp.Linux.Netlink;

namespace Vrrp.Linux.Tests;

public sealed class SourceAddressSelectorTests
{
    private static readonly IPAddress[] s_vips = [IPAddress.Parse("10.0.0.100"), IPAddress.Parse("fe80::100")];

    [Fact]
    public void Pick_IPv4_FirstPrimaryThatIsNotAVip()
    {
        InterfaceAddressEntry[] addresses = [Entry("10.0.0.100", 32), Entry("10.0.0.1", 24), Entry("10.0.0.2", 24, secondary: true)];

        SourceAddressSelector.Pick(addresses, AddressFamily.InterNetwork, null, s_vips).Should().Be(IPAddress.Parse("10.0.0.1"));
    }

    [Fact]
    public void Pick_OnlySecondariesLeft_TakesOne()
    {
        InterfaceAddressEntry[] addresses = [Entry("10.0.0.100", 24, secondary: true), Entry("10.0.0.2", 24, secondary: true)];

        SourceAddressSelector.Pick(addresses, AddressFamily.InterNetwork, null, s_vips).Should().Be(IPAddress.Parse("10.0.0.2"));
    }

    [Fact]
    public void Pick_OnlyVips_None()
    {
        InterfaceAddressEntry[] addresses = [Entry("10.0.0.100", 32)];

        SourceAddressSelector.Pick(addresses, AddressFamily.InterNetwork, null, s_vips).Should().BeNull();
    }

    [Fact]
    public void Pick_ConfiguredSource_OnlyWhileTheInterfaceHasIt()
    {
        IPAddress configured = IPAddress.Parse("10.0.0.2");

        SourceAddressSelector.Pick([Entry("10.0.0.1", 24), Entry("10.0.0.2", 24, secondary: true)], AddressFamily.InterNetwork, configured, s_vips).Should().Be(configured);
        SourceAddressSelector.Pick([Entry("10.0.0.1", 24)], AddressFamily.InterNetwork, configured, s_vips).Should().BeNull("keepalived faults while unicast_src_ip is gone");
    }

    [Fact]
    public void Pick_IPv6_LinkLocalOnly()
    {
        InterfaceAddressEntry[] addresses = [Entry("fd00::1", 64), Entry("fe80::100", 64), Entry("fe80::1", 64)];

        SourceAddressSelector.Pick(addresses, AddressFamily.InterNetworkV6, null, s_vips).Should().Be(IPAddress.Parse("fe80::1"));
        SourceAddressSelector.Pick([Entry("fd00::1", 64)], AddressFamily.InterNetworkV6, null, s_vips).Should().BeNull();
    }

    private static InterfaceAddressEntry Entry(string address, int prefix, bool secondary = false) =>
        new(2, IPAddress.Parse(address), prefix, secondary ? Interop.IFA_F_SECONDARY : 0, 0, null);
}
