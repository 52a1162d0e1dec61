using Vrrp.Config;
using Vrrp.Config.Diagnostics;

namespace Vrrp.Cli.Tests.CheckConfig;

/// <summary>
/// <c>vrrp check-config -f A -f B</c>: each node's file alone as before, then the nodes together, every finding at the
/// file and line it is about and the other node's file and line in its message.
/// </summary>
[Collection(InProcessCommands.Name)]
public sealed class CheckConfigClusterTests : IDisposable
{
    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void ClassicHaproxyPair_WeightMinusFour_IsReportedAtTheMastersTrackScript()
    {
        string master = ConfigCorpus.PathOf("haproxy-master.conf");
        string backup = ConfigCorpus.PathOf("haproxy-backup.conf");

        (int exit, string error) = Run(master, backup);

        exit.Should().Be(CheckConfigCommand.WarningsFound);
        string finding = Findings(error).Should().ContainSingle().Subject;
        finding.Should().StartWith(master + ":38:5: warning: track_script chk_haproxy (weight -4)")
            .And.Contain("drops from 100 to 96, still above 50 in " + backup + ":20")
            .And.Contain("never move")
            .And.Contain("use a weight below -50 (e.g. -60)")
            .And.EndWith($"[{ConfigDiagnosticCodes.ClusterTrackingNeverFailsOver}]");
    }

    [Theory]
    [InlineData(-60)]
    [InlineData(0)]
    public void TrackedScript_WhoseFailureMovesTheVip_IsNotReported(int weight)
    {
        string script = $"global_defs {{\n  enable_script_security\n  script_user root\n}}\nvrrp_script chk {{\n  script /bin/check\n  weight {weight}\n}}\n";
        string master = Write("master.conf", script + Node(100, " track_script {\n  chk\n }\n"));
        string backup = Write("backup.conf", Node(50));

        Run(master, backup).Should().Be((0, string.Empty));
    }

    [Fact]
    public void TrackedScript_ThatOnlyTiesTheBackup_IsReportedAsATie()
    {
        string master = Write("master.conf", "global_defs {\n  enable_script_security\n  script_user root\n}\nvrrp_script chk {\n  script /bin/check\n  weight -50\n}\n" + Node(100, " track_script {\n  chk\n }\n"));
        string backup = Write("backup.conf", Node(50));

        Findings(Run(master, backup).Error).Should().ContainSingle().Which.Should().Contain("equal to 50").And.Contain("primary address is higher");
    }

    [Fact]
    public void DifferentVrids_ForOneInstanceName_AreAnErrorAtTheSecondFilesVrid()
    {
        string master = Write("master.conf", Node(100));
        string backup = Write("backup.conf", Node(50, vrid: 52));

        (int exit, string error) = Run(master, backup);

        exit.Should().Be(CheckConfigCommand.ErrorsFound);
        Findings(error).Should().ContainSingle().Which.Should().StartWith(backup + ":4:")
            .And.Contain("virtual_router_id 52 here but 51 in " + master + ":4").And.Contain($"[{ConfigDiagnosticCodes.ClusterVirtualRouterIdMismatch}]");
    }

    [Theory]
    [InlineData("auth_pass 2222", "authenticates differently", "VC6004", CheckConfigCommand.ErrorsFound)]
    [InlineData("advert_int 2", "advertises every 2 s here but every 1 s", "VC6003", CheckConfigCommand.ErrorsFound)]
    [InlineData("vips 10.0.0.101/24", "10.0.0.101 only here, 10.0.0.100 only there", "VC6005", CheckConfigCommand.WarningsFound)]
    [InlineData("priority 100", "has priority 100 here and in", "VC6006", CheckConfigCommand.WarningsFound)]
    public void BackupThatDisagreesWithTheMaster_IsReportedOnce(string change, string message, string code, int expectedExit)
    {
        string master = Write("master.conf", Node(100));
        string backup = Write("backup.conf", change switch
        {
            "auth_pass 2222" => Node(50, pass: "2222"),
            "advert_int 2" => Node(50, interval: "2"),
            "priority 100" => Node(100),
            _ => Node(50, vips: "10.0.0.101/24"),
        });

        (int exit, string error) = Run(master, backup);

        exit.Should().Be(expectedExit);
        Findings(error).Should().ContainSingle().Which.Should().StartWith(backup + ":").And.Contain(message).And.EndWith($"[{code}]");
    }

    [Fact]
    public void AdvertIntervalsThatDiffer_AreOnlyAWarningInVersion3()
    {
        string master = Write("master.conf", "global_defs {\n  vrrp_version 3\n}\n" + Node(100, auth: false));
        string backup = Write("backup.conf", "global_defs {\n  vrrp_version 3\n}\n" + Node(50, interval: "0.5", auth: false));

        (int exit, string error) = Run(master, backup);

        exit.Should().Be(CheckConfigCommand.WarningsFound);
        Findings(error).Should().ContainSingle().Which.Should().Contain("depends on which node is master");
    }

    [Fact]
    public void VersionsThatDiffer_AreAnError()
    {
        string master = Write("master.conf", Node(100, auth: false));
        string backup = Write("backup.conf", "global_defs {\n  vrrp_version 3\n}\n" + Node(50, auth: false));

        Findings(Run(master, backup).Error).Should().ContainSingle().Which.Should().Contain("speaks VRRPv3 here but v2").And.Contain("[VC6002]");
    }

    [Fact]
    public void UnicastPeers_ThatMissTheOtherNodesSource_AreAnErrorAtThePeerList()
    {
        string master = Write("master.conf", Node(100, " unicast_src_ip 10.0.0.1\n unicast_peer {\n  10.0.0.3\n }\n"));
        string backup = Write("backup.conf", Node(50, " unicast_src_ip 10.0.0.2\n unicast_peer {\n  10.0.0.1\n }\n"));

        Findings(Run(master, backup).Error).Should().ContainSingle().Which.Should().StartWith(master + ":")
            .And.Contain("sends to 10.0.0.3 here, but the node of " + backup).And.Contain("sends from 10.0.0.2").And.Contain("add 10.0.0.2 to unicast_peer");
    }

    [Fact]
    public void UnicastOnOneNodeAndMulticastOnTheOther_IsAnError()
    {
        string master = Write("master.conf", Node(100, " unicast_peer {\n  10.0.0.2\n }\n"));
        string backup = Write("backup.conf", Node(50));

        Findings(Run(master, backup).Error).Should().ContainSingle().Which.Should().Contain("sends multicast here but").And.Contain("[VC6008]");
    }

    [Fact]
    public void OneAddress_InTwoVirtualRouters_IsAnError()
    {
        string first = Write("a.conf", Node(100) + Node(50, name: "VI_2", vrid: 52, vips: "10.0.0.200/24"));
        string second = Write("b.conf", Node(50) + Node(100, name: "VI_2", vrid: 52, vips: "10.0.0.100/24"));

        Findings(Run(first, second).Error).Should().Contain(f => f.StartsWith(second + ":", StringComparison.Ordinal) && f.Contains("10.0.0.100 belongs to vrrp_instance VI_2 (VRID 52) here and to vrrp_instance VI_1 (VRID 51)", StringComparison.Ordinal));
    }

    [Fact]
    public void Instance_OnOneNodeOnly_IsAWarning()
    {
        string master = Write("master.conf", Node(100) + Node(100, name: "VI_2", vrid: 52, vips: "10.0.0.200/24"));
        string backup = Write("backup.conf", Node(50));

        Findings(Run(master, backup).Error).Should().ContainSingle().Which.Should().Contain("vrrp_instance VI_2 (VRID 52) is in " + master + " only");
    }

    [Fact]
    public void JsonWithTwoFiles_IsRefused()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        CheckConfigCommand.Run([Write("a.conf", Node(100)), Write("b.conf", Node(50))], json: true, null, output, error, Host).Should().Be(ExitCodes.BadInput);
        error.ToString().Should().Contain("--json prints one file's options");
    }

    [Fact]
    public void AFileWithErrors_IsReportedAloneAndLeftOutOfTheClusterCheck()
    {
        string master = Write("master.conf", Node(100));
        string broken = Write("backup.conf", "vrrp_instance VI_1 {\n  interface eth0\n}\n");

        (int exit, string error) = Run(master, broken);

        exit.Should().Be(CheckConfigCommand.ErrorsFound);
        error.Should().Contain(broken + ":").And.NotContain("[VC60");
    }

    private static KeepalivedHostEnvironment Host { get; } = FakeHostEnvironment.WithPrograms("/bin/check", "killall");

    private static (int Exit, string Error) Run(params string[] paths)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = CheckConfigCommand.Run(paths, json: false, null, output, error, Host);
        output.ToString().Should().BeEmpty();
        return (exit, error.ToString());
    }

    /// <summary>The cluster findings: lines with a VC6xxx code.</summary>
    private static List<string> Findings(string error) =>
        [.. error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("[VC60", StringComparison.Ordinal))];

    private string Write(string name, string text) => _files.Write(name, text);

    /// <summary>One instance as the classic pair writes it (line 4: virtual_router_id, line 5: priority).</summary>
    private static string Node(int priority, string extra = "", int vrid = 51, string vips = "10.0.0.100/24", string name = "VI_1", string pass = "1111", string interval = "1", bool auth = true) =>
        $"vrrp_instance {name} {{\n  state BACKUP\n  interface eth0\n  virtual_router_id {vrid}\n  priority {priority}\n  advert_int {interval}\n" +
        (auth ? $"  authentication {{\n    auth_type PASS\n    auth_pass {pass}\n  }}\n" : string.Empty) +
        $"  virtual_ipaddress {{\n    {vips}\n  }}\n{extra}}}\n";
}
