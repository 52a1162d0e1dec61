using Vrrp.Config;
using Vrrp.Config.Options;

namespace Vrrp.Cli.Tests.CheckConfig;

/// <summary>keepalived 2.3 rules and warnings as <c>vrrp check-config</c> prints them, with file:line:col.</summary>
public sealed class CheckConfigInstanceRulesTests() : CheckConfigTest(FakeHostEnvironment.WithPrograms("/bin/check"))
{
    [Fact]
    public void VrrpScript_FractionalIntervalAndTimeout_AreAcceptedAndKept()
    {
        string text = Instance(" track_script {\n  chk\n }\n", "global_defs {\n enable_script_security\n script_user root\n}\nvrrp_script chk {\n script /bin/check\n interval 0.5\n timeout 0.25\n}\n");

        (int exit, string error) = CheckConfig(text, out string path);
        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText(text, path);

        error.Should().BeEmpty();
        exit.Should().Be(ExitCodes.Success);
        VrrpScriptOptions script = result.Options.Scripts["chk"];
        script.Interval.Should().Be(TimeSpan.FromMilliseconds(500));
        script.Timeout.Should().Be(TimeSpan.FromMilliseconds(250));
    }

    [Fact]
    public void VirtualIpaddress_ListedTwice_IsAnErrorAtTheSecondOccurrence()
    {
        (int exit, string error) = CheckConfig(Instance(vips: "  10.0.0.100/24\n  10.0.0.101/24\n  10.0.0.100/24 label eth0:1\n"), out string path);

        exit.Should().Be(CheckConfigCommand.ErrorsFound);
        error.Should().Contain(path + ":9:3: error: vrrp_instance VI_1: virtual address 10.0.0.100 is listed twice (first at line 7)");
    }

    [Fact]
    public void UnicastPeer_ListedTwice_IsAnErrorAtTheSecondOccurrence()
    {
        (int exit, string error) = CheckConfig(Instance(" unicast_src_ip 10.0.0.1\n unicast_peer {\n  10.0.0.2\n  10.0.0.3\n  10.0.0.2\n }\n"), out string path);

        exit.Should().Be(CheckConfigCommand.ErrorsFound);
        error.Should().Contain(path + ":10:3: error: vrrp_instance VI_1: unicast peer 10.0.0.2 is listed twice (first at line 8)");
    }

    [Fact]
    public void NoAccept_IsWarnedAboutAsNotEnforced()
    {
        (int exit, string error) = CheckConfig(Instance(" no_accept\n"), out string path);

        exit.Should().Be(CheckConfigCommand.WarningsFound);
        error.Should().Contain(path + ":6:2: warning: no_accept is not enforced: the virtual addresses accept traffic while master, as with `accept`");
    }

    // Lines: 1 vrrp_instance, 2 interface, 3 virtual_router_id, 4 priority, 5 advert_int, 6.. the extra lines, then
    // virtual_ipaddress; the default extra is empty.
    private static string Instance(string extra = "", string before = "", string vips = "  10.0.0.100/24\n") =>
        before + "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n priority 100\n advert_int 1\n" + extra
        + " virtual_ipaddress {\n" + vips + " }\n}\n";

    private (int Exit, string Error) CheckConfig(string text, out string path)
    {
        path = WriteConfig(text);
        (int exit, _, string error) = RunCheckConfig(path);
        return (exit, error);
    }
}
