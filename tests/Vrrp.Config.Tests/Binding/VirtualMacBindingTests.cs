namespace Vrrp.Config.Tests.Binding;

public sealed class VirtualMacBindingTests
{
    [Fact]
    public void Bind_UseVmacWithNameAndXmitBase_BindsBothWithoutWarnings()
    {
        KeepalivedConfigResult result = OneInstanceConf.Read("    use_vmac vrrp51\n    vmac_xmit_base\n");

        result.Diagnostics.Should().BeEmpty();
        VrrpInstanceOptions instance = result.Options.Instances["VI_1"];
        instance.UseVirtualMac.Should().BeTrue();
        instance.VirtualMacInterface.Should().Be("vrrp51");
        instance.VirtualMacTransmitBase.Should().BeTrue();
    }

    [Fact]
    public void Bind_UseVmacWithoutName_LeavesTheNameToTheDefault()
    {
        KeepalivedConfigResult result = OneInstanceConf.Read("    use_vmac\n");

        result.Diagnostics.Should().BeEmpty();
        result.Options.Instances["VI_1"].UseVirtualMac.Should().BeTrue();
        result.Options.Instances["VI_1"].VirtualMacInterface.Should().BeNull();
    }

    [Fact]
    public void Bind_UseVmacWithMacAddress_WarnsTheMacIsNotApplied()
    {
        KeepalivedConfigResult result = OneInstanceConf.Read("    use_vmac vm1 00:00:5e:00:01:99\n");

        ConfigDiagnostic warning = result.Diagnostics.Should().ContainSingle().Subject;
        warning.Code.Should().Be(ConfigDiagnosticCodes.NotImplemented);
        warning.Message.Should().Contain("MAC address");
        result.Options.Instances["VI_1"].VirtualMacInterface.Should().Be("vm1");
    }
}
