using Vrrp.Config;
using Vrrp.Platform;
using Vrrp.TestSupport.KeepalivedConf;

namespace Vrrp.Hosting.Tests.Configuration;

public sealed class InstanceSettingsFactoryVirtualMacTests
{
    [Theory]
    [InlineData("    use_vmac vrrp51\n", true, "vrrp51", false)]
    [InlineData("    use_vmac\n", true, null, false)] // the name is left to the platform; adverts leave from the VMAC, as keepalived's
    [InlineData("    use_vmac\n    vmac_xmit_base\n", true, null, true)]
    [InlineData("", false, null, false)] // no use_vmac: the addresses are bound on the interface
    public void Create_UseVmacLines_CarryTheVirtualMacSettingsToThePlatform(string body, bool useVirtualMac, string? name, bool transmitBase)
    {
        VrrpAnnouncementSettings announcement = Map(body);

        announcement.UseVirtualMac.Should().Be(useVirtualMac);
        announcement.VirtualMacInterfaceName.Should().Be(name);
        announcement.VirtualMacTransmitBase.Should().Be(transmitBase);
    }

    private static VrrpAnnouncementSettings Map(string body)
    {
        KeepalivedConfigResult result = OneInstanceConf.Read(body);
        result.HasErrors.Should().BeFalse();
        return InstanceSettingsFactory.Create(result.Options).Instances.Should().ContainSingle().Subject.Announcement;
    }
}
