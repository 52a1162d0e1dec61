namespace Vrrp.Config.Tests.Binding;

public sealed class ScriptSecurityHostCheckTests
{
    private const string Config = "vrrp_script chk {\n    script \"/opt/chk\"\n}\nvrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n    track_script {\n        chk\n    }\n    virtual_ipaddress {\n        192.168.1.100\n    }\n}\n";

    [Fact]
    public void HostCheck_InsecureScriptRunAsRootWithoutScriptSecurity_IsReportedAtTheScript()
    {
        var host = new FakeHostEnvironment();
        host.Programs["/opt/chk"] = ScriptProgramStatus.Insecure;

        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText(Config, "k.conf", new KeepalivedConfigReaderOptions { Host = host });

        result.Diagnostics.Select(d => d.ToString()).Should().Contain(
            "k.conf:2:12: warning: program `/opt/chk` (vrrp_script chk) can be changed by users other than root and runs as root without enable_script_security (keepalived: \"There are insecure scripts\") (add `enable_script_security` to global_defs, or make the program and its directories writable by root only) [VC5004]");
    }

    [Fact]
    public void HostCheck_InsecureScriptRunAsAnotherUser_IsNotAnInsecureRootScript()
    {
        var host = new FakeHostEnvironment();
        host.Users.Add("nobody");
        host.Programs["/opt/chk"] = ScriptProgramStatus.Insecure;

        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText("global_defs {\n    script_user nobody\n}\n" + Config, "k.conf", new KeepalivedConfigReaderOptions { Host = host });

        result.Diagnostics.Should().NotContain(d => d.Code == ConfigDiagnosticCodes.ScriptInsecure);
    }
}
