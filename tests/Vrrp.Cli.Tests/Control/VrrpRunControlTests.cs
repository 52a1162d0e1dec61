using System.Text.Json;
using System.Text.RegularExpressions;

namespace Vrrp.Cli.Tests.Control;

/// <summary>
/// Two <c>vrrp run -f keepalived.conf</c> daemons on a namespace LAN, each with its own control socket and dump
/// directory: <c>vrrp status --json</c> and <c>vrrp watch</c> over the socket, keepalived's dump signals, a second
/// daemon on a live socket, a stale socket after a crash, maintenance and a dry-run reload.
/// </summary>
public sealed partial class VrrpRunControlTests(ITestOutputHelper output) : VrrpRunPairTest(output, hostCount: 0)
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task RunFile_StatusAndWatchOverTheSocket_AndDumpSignalsWriteKeepalivedsLayout()
    {
        CreateLan(2);
        (VrrpNode first, VrrpNode second) = StartPair();
        (await StatusJson(1)).GetProperty("state").GetString().Should().Be("master");
        JsonElement backup = await StatusJson(2);
        backup.GetProperty("state").GetString().Should().Be("backup");

        // The backup knows its master from the first advert it hears after entering Backup.
        for (int tries = 0; tries < 30 && backup.GetProperty("master_address").ValueKind == JsonValueKind.Null; tries++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            backup = await StatusJson(2);
        }

        backup.GetProperty("master_address").GetString().Should().Be("10.99.0.1");

        // The dump files of the master, on keepalived's signals.
        Signal(first, "-USR1");
        Signal(first, "-USR2");
        Signal(first, "-36");
        string[] data = ReadWhenWritten(Files.Combine("d1/keepalived.data"));
        string[] stats = ReadWhenWritten(Files.Combine("d1/keepalived.stats"));
        string json = string.Join("\n", ReadWhenWritten(Files.Combine("d1/keepalived.json")));
        _output.WriteLine(string.Join("\n", data));
        _output.WriteLine(string.Join("\n", stats));
        _output.WriteLine(json);

        data.Should().Contain(["------< VRRP Topology >------", " VRRP Instance = VI_1", "   VRRP Version = 2", "   State = MASTER", "   Interface = eth0",
            "   Virtual Router ID = 51", "   Priority = 150", "   Effective priority = 150", "   Advert interval = 1 sec", "   Authentication type = SIMPLE_PASSWORD",
            "   Virtual IP (1):", "     10.99.0.100/24 dev eth0 scope global set"]);
        string?[] keys = [.. data.Skip(1).Select(KeepalivedDumpLayout.KeyOf).Where(k => k is not null)];
        keys.Should().BeSubsetOf(KeepalivedDumpLayout.DataKeys, "every line is one keepalived writes");
        keys.Select(k => Array.IndexOf(KeepalivedDumpLayout.DataKeys, k)).Should().BeInAscendingOrder("the lines come in keepalived's order");
        stats.Select(l => Number().Replace(l, "N")).Should().Equal(KeepalivedDumpLayout.StatsBlock);
        stats.Should().Contain("  Became master: 1");

        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement instance = document.RootElement.EnumerateArray().Single();
        instance.GetProperty("data").EnumerateObject().Select(p => p.Name).Should().BeSubsetOf(KeepalivedDumpLayout.JsonDataFields);
        instance.GetProperty("stats").EnumerateObject().Select(p => p.Name).Should().Equal(KeepalivedDumpLayout.JsonStatsFields);
        instance.GetProperty("data").GetProperty("state").GetInt32().Should().Be(2);
        instance.GetProperty("data").GetProperty("vrid").GetInt32().Should().Be(51);
        File.GetUnixFileMode(Files.Combine("d1/keepalived.json")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        // vrrp watch on the backup sees it take over when the master stops.
        var watched = new StringWriter();
        using var stopWatching = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Task<int> watching = WatchCommand.RunAsync(Socket(2), json: true, TextWriter.Synchronized(watched), new StringWriter(), stopWatching.Token);
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        TimeSpan stopped = first.Terminate();
        second.WaitForState("Master", s_wait, after: stopped);
        first.WaitForExit(s_wait).Should().Be(0);
        await Until(() => watched.ToString().Contains("\"to\":\"master\"", StringComparison.Ordinal));
        await stopWatching.CancelAsync();
        (await watching).Should().Be(ExitCodes.Success);
        JsonDocument.Parse(watched.ToString().Split('\n')[0]).RootElement.GetProperty("event").GetString().Should().Be("state");
        File.Exists(Socket(1)).Should().BeFalse("a daemon removes its socket when it stops");
    }

    [Fact]
    public async Task SecondDaemonOnALiveSocket_IsRefused_AndAStaleSocketAfterACrashIsReplaced()
    {
        CreateLan(2);
        string config = WriteConfig(1, "MASTER", 150);
        _first = VrrpNode.Start(Lan[1], "-f", config, "--control-socket", Socket(1));
        _first.WaitForState("Master", s_wait);

        _second = VrrpNode.Start(Lan[2], "-f", WriteConfig(2, "BACKUP", 100), "--control-socket", Socket(1));
        _second.WaitForExit(s_wait).Should().Be(ExitCodes.Usage);
        _second.Output.Should().Contain($"vrrp run: control socket {Socket(1)}: another vrrp daemon answers on it");
        Lan[2].Addresses().Should().NotContain("10.99.0.100", "the refused daemon touched nothing");

        _first.KillHard();
        _first.WaitForExit(s_wait);
        File.Exists(Socket(1)).Should().BeTrue("a killed daemon leaves its socket file");
        _first.Dispose();
        _first = VrrpNode.Start(Lan[1], "-f", config, "--control-socket", Socket(1));
        _first.WaitForState("Master", s_wait);
        (await StatusJson(1)).GetProperty("state").GetString().Should().Be("master");
    }

    /// <summary>Needs <c>VrrpHostController.SetMaintenanceAsync</c> (helper "reload"); passes once it is merged.</summary>
    [Fact]
    public async Task MaintenanceOnTheMaster_BackupTakesOver_StatusShowsIt_AndOffTakesItBack()
    {
        CreateLan(2);
        (VrrpNode first, VrrpNode second) = StartPair();

        TimeSpan asked = VrrpNode.Now;
        var output = new StringWriter();
        var error = new StringWriter();
        (await MaintenanceCommand.RunAsync(Socket(1), true, "VI_1", output, error, TestContext.Current.CancellationToken)).Should().Be(ExitCodes.Success, error.ToString());
        output.ToString().Should().Be($"in maintenance: VI_1{Environment.NewLine}");
        second.WaitForState("Master", s_wait, after: asked);
        Lan[2].Addresses().Should().Contain("10.99.0.100/24");
        Lan[1].Addresses().Should().NotContain("10.99.0.100");
        (await StatusJson(1)).GetRawText().Should().ContainEquivalentOf("maintenance");

        asked = VrrpNode.Now;
        (await MaintenanceCommand.RunAsync(Socket(1), false, "VI_1", output, error, TestContext.Current.CancellationToken)).Should().Be(ExitCodes.Success, error.ToString());
        first.WaitForState("Master", s_wait, after: asked);
    }

    /// <summary>Needs <c>VrrpHostController.ReloadAsync</c> (helper "reload"); passes once it is merged.</summary>
    [Fact]
    public async Task ReloadDryRun_PrintsThePlan_AndChangesNothing()
    {
        CreateLan(2);
        (VrrpNode first, VrrpNode second) = StartPair();
        string next = Files.WriteFile("next.conf", File.ReadAllText(Files.Combine("keepalived-h1.conf")).Replace("priority 150", "priority 120", StringComparison.Ordinal));

        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = await ReloadCommand.RunAsync(Socket(1), next, dryRun: true, output, error, TestContext.Current.CancellationToken);

        _output.WriteLine(output.ToString() + error);
        exitCode.Should().Be(ExitCodes.Success);
        output.ToString().Should().Contain("update  vrrp_instance VI_1: ").And.Contain("120").And.Contain("dry run: nothing was applied.");
        (await StatusJson(1)).GetProperty("base_priority").GetInt32().Should().Be(150);
        first.CountTransitions("Backup", TimeSpan.Zero).Should().Be(1, "only the start-up Initialize -> Backup");
    }

    [GeneratedRegex("(?<=: )[0-9]+$")]
    private static partial Regex Number();

    private static async Task Until(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(s_wait);
        while (!condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    private static string[] ReadWhenWritten(string path)
    {
        DateTime deadline = DateTime.UtcNow + s_wait;
        while (!File.Exists(path))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{path} was not written");
            }

            Thread.Sleep(50);
        }

        return File.ReadAllText(path).TrimEnd('\n').Split('\n');
    }

    private static void Signal(VrrpNode node, string signal) => Command.Run("kill", signal, node.ProcessId.ToString(CultureInfo.InvariantCulture));

    private string Socket(int host) => Files.Combine($"h{host}.sock");

    private async Task<JsonElement> StatusJson(int host)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = await StatusCommand.RunAsync(Socket(host), Files.Combine("no-status.json"), json: true, output, error, TestContext.Current.CancellationToken);
        exitCode.Should().Be(ExitCodes.Success, error.ToString());
        using JsonDocument document = JsonDocument.Parse(output.ToString());
        return document.RootElement.GetProperty("instances")[0].Clone();
    }

    private (VrrpNode First, VrrpNode Second) StartPair()
    {
        Directory.CreateDirectory(Files.Combine("d1"));
        Directory.CreateDirectory(Files.Combine("d2"));
        StartMasterThenBackup(
            [],
            ["-f", WriteConfig(1, "MASTER", 150), "--control-socket", Socket(1), "--dump-dir", Files.Combine("d1")],
            ["-f", WriteConfig(2, "BACKUP", 100), "--control-socket", Socket(2), "--dump-dir", Files.Combine("d2")],
            s_wait);
        return (_first, _second);
    }

    // One instance on the LAN, with a password so the dumps show it masked.
    private string WriteConfig(int host, string state, int priority) => Files.WriteFile($"keepalived-h{host}.conf", string.Join('\n', (string[])
    [
        "vrrp_instance VI_1 {", $"state {state}", "interface eth0", "virtual_router_id 51", $"priority {priority}", "advert_int 1",
        "authentication {", "auth_type PASS", "auth_pass 1111", "}", "virtual_ipaddress {", "10.99.0.100/24", "}", "}",
    ]));
}
