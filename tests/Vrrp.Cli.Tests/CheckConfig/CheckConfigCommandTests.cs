using System.Text.Json;

namespace Vrrp.Cli.Tests.CheckConfig;

public sealed class CheckConfigCommandTests() : CheckConfigTest(FakeHostEnvironment.WithPrograms("killall"))
{
    [Fact]
    public void Run_CleanConfiguration_ExitsZeroAndPrintsNothing()
    {
        (int exit, string output, string error) = RunCheckConfig(ConfigCorpus.PathOf("haproxy-master.conf"));

        exit.Should().Be(ExitCodes.Success);
        output.Should().BeEmpty();
        error.Should().BeEmpty();
    }

    [Fact]
    public void Run_Warning_PrintsOneLinePerProblemAndExitsNonZero()
    {
        string path = WriteConfig(File.ReadAllText(ConfigCorpus.PathOf("haproxy-master.conf")).Replace("virtual_router_id 51", "virtual_router 51", StringComparison.Ordinal));

        (int exit, _, string error) = RunCheckConfig(path);

        exit.Should().Be(CheckConfigCommand.ErrorsFound);
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().Equal(
            path + ":16:15: error: vrrp_instance VI_1 has no virtual_router_id (add `virtual_router_id N` with N from 1 to 255, the same on every node of the pair) [VC4001]",
            path + ":19:5: warning: unknown keyword `virtual_router` in vrrp_instance; it is ignored (did you mean `virtual_router_id`?) [VC3001]",
            path + ": 1 error, 1 warning");
    }

    [Fact]
    public void Run_OnlyWarnings_ExitsWithTheWarningCode()
    {
        (int exit, _, string error) = RunCheckConfig(ConfigCorpus.PathOf("auth-pass-too-long.conf"));

        exit.Should().Be(CheckConfigCommand.WarningsFound);
        error.Should().Contain(":9:19: warning: auth_pass is longer than 8 characters");
    }

    [Fact]
    public void Run_Json_PrintsTheEffectiveOptionsInAppSettingsShape()
    {
        (int exit, string output, _) = RunCheckConfig(ConfigCorpus.PathOf("haproxy-backup.conf"), json: true);

        exit.Should().Be(0);
        using JsonDocument document = JsonDocument.Parse(output);
        JsonElement instance = document.RootElement.GetProperty("Instances").GetProperty("VI_1");
        instance.GetProperty("State").GetString().Should().Be("Backup");
        instance.GetProperty("VirtualRouterId").GetInt32().Should().Be(51);
        instance.GetProperty("Priority").GetInt32().Should().Be(50);
        instance.GetProperty("AdvertisementInterval").GetString().Should().Be("00:00:01");
        instance.GetProperty("Authentication").GetProperty("Type").GetString().Should().Be("SimpleText");
        document.RootElement.GetProperty("Scripts").GetProperty("chk_haproxy").GetProperty("Weight").GetInt32().Should().Be(-4);
    }

    [Fact]
    public void Run_ConfigId_SelectsConditionalLines()
    {
        string path = WriteConfig("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 5\n@lb1 priority 150\n@lb2 priority 50\n virtual_ipaddress {\n  10.0.0.1\n }\n}\n");

        (_, string lb1, _) = RunCheckConfig(path, json: true, configId: "lb1");
        (_, string lb2, _) = RunCheckConfig(path, json: true, configId: "lb2");

        Priority(lb1).Should().Be(150);
        Priority(lb2).Should().Be(50);

        static int Priority(string json)
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return document.RootElement.GetProperty("Instances").GetProperty("VI_1").GetProperty("Priority").GetInt32();
        }
    }

    [Fact]
    public void Run_MissingFile_ExitsWithBadInput()
    {
        (int exit, _, string error) = RunCheckConfig("/nonexistent/keepalived.conf");

        exit.Should().Be(ExitCodes.BadInput);
        error.Should().StartWith("/nonexistent/keepalived.conf:1:1: error: configuration file");
    }

    [Fact]
    public void Program_CheckConfig_IsRegistered()
    {
        Program.BuildRootCommand().Subcommands.Select(c => c.Name).Should().Contain("check-config");
    }
}
