using System.Text.Json;

namespace Vrrp.Cli.Tests.Failover;

/// <summary>
/// <c>vrrp run --vip-take/--vip-release</c>: the VIP moves by command (a stand-in for a cloud API: the "address" is
/// a file naming its holder) and not by binding it on the interface; a failover moves it, and the status file reports
/// the binding separately from the VRRP state.
/// </summary>
public sealed class VrrpRunVipCommandTests(ITestOutputHelper output) : VrrpRunPairTest(output, hostCount: 2)
{
    private const string Vip = "10.99.0.100/24";

    [Fact]
    public void Run_MasterStops_ItsReleaseRunsAndTheBackupTakesTheAddressByCommand()
    {
        string address = Files.Combine("address");
        string log = Files.Combine("log");
        string take = Files.WriteScript("take.sh", $"echo \"$1 $2 $3 $4 $5\" >> {log}\necho $1 > {address}");
        string release = Files.WriteScript("release.sh", $"echo \"$1 $2 $3 $4 $5\" >> {log}\nif [ \"$(cat {address})\" = \"$1\" ]; then rm {address}; fi");
        string status = Files.Combine("status-2.json");
        string[] common = ["-i", "eth0", "--vrid", "61", "--version", "3", "--advert-interval", "0.2", "--vip", Vip, "--vip-command-timeout", "5"];
        StartMasterThenBackup(
            common,
            ["--priority", "150", "--vip-take", $"{take} node1", "--vip-release", $"{release} node1"],
            ["--priority", "100", "--vip-take", $"{take} node2", "--vip-release", $"{release} node2", "--status-file", status]);

        VrrpNode.WaitUntil(() => File.Exists(address) && File.ReadAllText(address) == "node1\n", TimeSpan.FromSeconds(5));
        Lan[1].Addresses().Should().NotContain("10.99.0.100", "the commands alone own the address");

        TimeSpan stopped = _first.Terminate();
        _second.WaitForState("Master", TimeSpan.FromSeconds(5), after: stopped);
        VrrpNode.WaitUntil(() => File.Exists(address) && File.ReadAllText(address) == "node2\n", TimeSpan.FromSeconds(5));
        _first.WaitForExit(TimeSpan.FromSeconds(10)).Should().Be(0);

        File.ReadAllLines(log).Should().Equal("node1 take VI_61 eth0 10.99.0.100/24", "node1 release VI_61 eth0 10.99.0.100/24", "node2 take VI_61 eth0 10.99.0.100/24");
        Lan[2].Addresses().Should().NotContain("10.99.0.100");
        VrrpNode.WaitUntil(() => Binding(status) == "requested", TimeSpan.FromSeconds(10));
    }

    /// <summary>Returns the binding state the status file reports for the instance, or null.</summary>
    private static string? Binding(string statusFile)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(statusFile));
            JsonElement instance = document.RootElement.GetProperty("instances")[0];
            return instance.TryGetProperty("binding", out JsonElement binding) ? binding.GetProperty("state").GetString() : null;
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return null;
        }
    }
}
