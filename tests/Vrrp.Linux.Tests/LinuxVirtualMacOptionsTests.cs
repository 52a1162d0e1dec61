using System.Net.NetworkInformation;

namespace Vrrp.Linux.Tests;

public sealed class LinuxVirtualMacOptionsTests
{
    [Theory]
    [InlineData(AddressFamily.InterNetwork, 51, "00005E000133")]
    [InlineData(AddressFamily.InterNetworkV6, 51, "00005E000233")]
    [InlineData(AddressFamily.InterNetwork, 255, "00005E0001FF")]
    public void VirtualRouterMac_FamilyAndVrid_IsTheRfc5798Mac(AddressFamily family, byte vrid, string expected)
    {
        LinuxVirtualMacOptions.VirtualRouterMac(family, vrid).Should().Be(PhysicalAddress.Parse(expected));
    }

    [Fact]
    public void InterfaceNameFor_NoName_IsKeepalivedsDefaultVrrpDotVrid()
    {
        new LinuxVirtualMacOptions().InterfaceNameFor(7).Should().Be("vrrp.7");
        new LinuxVirtualMacOptions { InterfaceName = "vmac7" }.InterfaceNameFor(7).Should().Be("vmac7");
    }
}
