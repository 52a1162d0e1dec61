using Vrrp.Config;
using Vrrp.Hosting.Configuration;
using Vrrp.Platform;

namespace Vrrp.Hosting.Tests.Configuration;

public sealed class InstanceSettingsFactoryVirtualMacTests
{
    [Fact]
    public void Create_UseVmacWithName_CarriesItToThePlatformWithTheAnnouncementSettings()
    {
        VrrpAnnouncementSettings announcement = Map("    use_vmac vrrp51\n");

        announcement.UseVirtualMac.Should().BeTrue();
        announcement.VirtualMacInterfaceName.Should().Be("vrrp51");
    }

    [Fact]
    public void Create_UseVmacWithoutName_LeavesTheNameToThePlatform()
    {
        VrrpAnnouncementSettings announcement = Map("    use_vmac\n");

        announcement.UseVirtualMac.Should().BeTrue();
        announcement.VirtualMacInterfaceName.Should().BeNull();
        announcement.VirtualMacTransmitBase.Should().BeFalse("keepalived sends adverts from the VMAC by default");
    }

    [Fact]
    public void Create_UseVmacWithVmacXmitBase_CarriesItToThePlatform()
    {
        VrrpAnnouncementSettings announcement = Map("    use_vmac\n    vmac_xmit_base\n");

        announcement.VirtualMacTransmitBase.Should().BeTrue();
    }

    [Fact]
    public void Create_NoUseVmac_BindsOnTheInterface()
    {
        Map(string.Empty).UseVirtualMac.Should().BeFalse();
    }

    private static VrrpAnnouncementSettings Map(string body)
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText(
            "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n" + body + "    virtual_ipaddress {\n        192.168.1.100\n    }\n}\n");
        result.HasErrors.Should().BeFalse();
        return InstanceSettingsFactory.Create(result.Options).Instances.Should().ContainSingle().Subject.Announcement;
    }
}
