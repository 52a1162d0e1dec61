using System.Text.Json;
using Vrrp.Cli.Status;
using Vrrp.Hosting.Binding;
using Vrrp.Instances;

namespace Vrrp.Cli.Tests.Status;

[Collection(InProcessCommands.Name)]
public sealed class StatusCommandTests : IDisposable
{
    private static readonly DateTimeOffset s_now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Run_FreshFile_PrintsTableExplanationCountersAndExitsZero()
    {
        string path = WriteSnapshot(s_now.AddSeconds(-2));

        int exitCode = StatusCommand.Run(path, json: false, s_now, _output, _error);

        exitCode.Should().Be(ExitCodes.Success);
        _error.ToString().Should().BeEmpty();
        string[] lines = _output.ToString().Split(Environment.NewLine);
        lines[0].Should().Be("INSTANCE  VRID  STATE   SINCE                        PRIORITY       MASTER");
        lines[1].Should().Be("VI_1      51    BACKUP  2030-01-01T11:57:00Z (3m0s)  96 (base 100)  10.0.0.2 priority 150");
        _output.ToString().Should()
            .Contain("VI_1: backup: master 10.0.0.2 advertises priority 150 > our effective priority 96 = 100 - 4 (chk_haproxy failing)")
            .And.Contain("adverts: sent 0, received 180, dropped 3 (address_list_mismatch 2, packet_bad_checksum 1); transitions 1 (master 0)")
            .And.Contain("timers: 7 fired, 1 later than 50 ms, max 62 ms, mean 9.5 ms")
            .And.Contain("mismatched adverts: unicast source not a peer 1, other address list 4 (last from 10.0.0.9)")
            .And.Contain("written 2030-01-01T11:59:58Z by pid 4242 (2s ago)");
    }

    [Fact]
    public void Run_Json_PrintsTheFileItself()
    {
        JsonElement instance = FirstInstanceAsJson();
        instance.GetProperty("state").GetString().Should().Be("backup");
        instance.GetProperty("effective_priority").GetInt32().Should().Be(96);
        instance.GetProperty("drops").GetProperty("address_list_mismatch").GetInt64().Should().Be(2);
        instance.GetProperty("timer_lateness").GetProperty("max_seconds").GetDouble().Should().Be(0.062);
    }

    [Fact]
    public void Run_WithVipCommands_PrintsTheBindingInTheTableAndTheJson()
    {
        StatusCommand.Run(WriteSnapshot(s_now), json: false, s_now, _output, _error).Should().Be(ExitCodes.Success);
        _output.ToString().Should().Contain("  VIP commands: failed since 2030-01-01T11:59:00Z (1m0s), attempt 4; last error: take: exit code 1");
        _output.GetStringBuilder().Clear();

        JsonElement binding = FirstInstanceAsJson().GetProperty("binding");
        binding.EnumerateObject().Select(p => p.Name).Should().Equal("state", "attempts", "since", "last_error", "last_output");
        binding.GetProperty("state").GetString().Should().Be("failed");
        binding.GetProperty("attempts").GetInt32().Should().Be(4);
        binding.GetProperty("last_output").GetString().Should().Be("denied");
    }

    [Fact]
    public void Watch_BindingEvent_IsOneLineForPeople()
    {
        string line = "{\"event\":\"binding\",\"instance\":\"VI_1\",\"at\":\"2030-01-01T12:00:00+00:00\",\"to\":\"requested\",\"attempts\":2,\"error\":\"take: exit code 1\"}";

        WatchCommand.Format(line).Should().Be("2030-01-01T12:00:00.000Z VI_1 VIP commands requested (attempt 2): take: exit code 1");
    }

    [Fact]
    public void Run_Json_KeepsTheFieldNamesOfCountersAndTimerLateness()
    {
        JsonElement instance = FirstInstanceAsJson();
        instance.GetProperty("counters").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            "adverts_sent", "adverts_received", "priority_zero_sent", "priority_zero_received", "transitions", "became_master",
            "send_errors", "binder_errors", "unicast_source_mismatches", "address_list_mismatches", "last_address_list_mismatch_source");
        instance.GetProperty("counters").GetProperty("last_address_list_mismatch_source").GetString().Should().Be("10.0.0.9");
        instance.GetProperty("timer_lateness").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            "count", "last_seconds", "max_seconds", "mean_seconds", "threshold_seconds", "count_over_threshold");
    }

    [Fact]
    public void Run_MissingFile_OneLineErrorExitOne()
    {
        string path = _directory.Combine("status.json");

        StatusCommand.Run(path, json: false, s_now, _output, _error).Should().Be(ExitCodes.BadInput);

        _error.ToString().Should().Be($"vrrp status: {path}: no such file: vrrp run not running (or run with --status-file none)?{Environment.NewLine}");
        _output.ToString().Should().BeEmpty();
    }

    [Theory]
    [InlineData("{\"format_version\": 1, \"written_at\": ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"format_version\": 2, \"written_at\": \"2030-01-01T12:00:00+00:00\", \"refresh_interval_seconds\": 5}")]
    [InlineData("{}")]
    public void Run_CorruptFile_OneLineErrorExitOne(string content)
    {
        string path = _directory.WriteFile("status.json", content);

        StatusCommand.Run(path, json: true, s_now, _output, _error).Should().Be(ExitCodes.BadInput);

        _error.ToString().Should().StartWith($"vrrp status: {path}: corrupt: not a vrrp status file (").And.EndWith(")" + Environment.NewLine);
        _error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle();
        _output.ToString().Should().BeEmpty();
    }

    [Fact]
    public void Run_FileOlderThanThreeIntervals_SaysStaleExitOne()
    {
        string path = WriteSnapshot(s_now.AddSeconds(-16));

        StatusCommand.Run(path, json: false, s_now, _output, _error).Should().Be(ExitCodes.BadInput);

        _error.ToString().Should().Be($"vrrp status: {path}: stale: written 16 s ago, refreshed every 5 s: vrrp run not running?{Environment.NewLine}");
    }

    [Fact]
    public void Run_FileExactlyThreeIntervalsOld_IsStillFresh()
    {
        string path = WriteSnapshot(s_now.AddSeconds(-15));

        StatusCommand.Run(path, json: false, s_now, _output, _error).Should().Be(ExitCodes.Success);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("status", "--json", "--status-file", "/tmp/x.json")]
    [InlineData("run", "-f", "x.conf", "--status-file", "none")]
    [InlineData("run", "-i", "eth0", "--vrid", "5", "--vip", "10.0.0.1", "--status-file", "/tmp/s.json")]
    public void Parse_StatusOptions_AreAccepted(params string[] arguments)
    {
        Program.BuildRootCommand().Parse(arguments).Errors.Should().BeEmpty();
    }

    [Theory]
    [InlineData("none", null)]
    [InlineData("/run/vrrp/status.json", "/run/vrrp/status.json")]
    public void StatusFilePath_None_DisablesTheFile(string value, string? expected)
    {
        RunCommand.StatusFilePath(value).Should().Be(expected);
    }

    private string WriteSnapshot(DateTimeOffset writtenAt)
    {
        var snapshot = new StatusSnapshot
        {
            WrittenAt = writtenAt,
            RefreshIntervalSeconds = 5,
            ProcessId = 4242,
            Instances =
            [
                new InstanceStatusSnapshot
                {
                    Name = "VI_1",
                    VirtualRouterId = 51,
                    State = "backup",
                    Reason = "HigherPriorityMaster",
                    Since = s_now.AddMinutes(-3),
                    MasterAddress = "10.0.0.2",
                    MasterPriority = 150,
                    BasePriority = 100,
                    EffectivePriority = 96,
                    Explanation = "backup: master 10.0.0.2 advertises priority 150 > our effective priority 96 = 100 - 4 (chk_haproxy failing)",
                    LinkUp = true,
                    Counters = new VrrpCounters { AdvertisementsReceived = 180, Transitions = 1, UnicastSourceMismatches = 1, AddressListMismatches = 4, LastAddressListMismatchSource = System.Net.IPAddress.Parse("10.0.0.9") },
                    Drops = new Dictionary<string, long> { ["address_list_mismatch"] = 2, ["packet_bad_checksum"] = 1 },
                    TimerLateness = new VrrpTimerLateness { Count = 7, Max = TimeSpan.FromSeconds(0.062), Mean = TimeSpan.FromSeconds(0.0095), Threshold = TimeSpan.FromSeconds(0.05), CountOverThreshold = 1 },
                    Binding = BindingStatusSnapshot.From(new VrrpBindingStatus(VrrpBindingState.Failed, 4, s_now.AddMinutes(-1), "take: exit code 1", "denied")),
                },
            ],
        };
        string path = _directory.Combine("status.json");
        File.WriteAllText(path, JsonSerializer.Serialize(snapshot, StatusJson.Snapshot));
        return path;
    }

    /// <summary>Runs <c>vrrp status --json</c> on a written snapshot and returns the first instance of what it printed.</summary>
    private JsonElement FirstInstanceAsJson()
    {
        string path = WriteSnapshot(s_now);

        StatusCommand.Run(path, json: true, s_now, _output, _error).Should().Be(ExitCodes.Success);

        using JsonDocument document = JsonDocument.Parse(_output.ToString());
        return document.RootElement.GetProperty("instances")[0].Clone();
    }
}
