using Microsoft.Extensions.Time.Testing;
using Vrrp.Cli.Status;
using Vrrp.StateMachine;
using Vrrp.TestSupport.Hosting;

namespace Vrrp.Cli.Tests.Status;

[Collection(InProcessCommands.Name)]
public sealed class StatusFileTests : IDisposable
{
    private static readonly IPAddress s_first = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress s_second = IPAddress.Parse("10.0.0.2");
    private static readonly TimeSpan s_refresh = TimeSpan.FromSeconds(5);
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ForRegistry_Failover_FileFollowsEveryStateChangeAndReadsBack()
    {
        var lan = new LoopbackLan(_clock);
        await using HostedNode backup = HostedNode.Create(lan, s_second, Config(50));
        HostedNode master = HostedNode.Create(lan, s_first, Config(100));
        string path = _directory.Combine("run/vrrp/status.json");
        using StatusFileWriter writer = StatusFileWriter.ForRegistry(backup.Registry, path, _clock, s_refresh, error: null);
        writer.Start();
        await master.StartAsync();
        await backup.StartAsync();
        await HostedNode.RunUntil(_clock, () => master.State() == VrrpState.Master && backup.State() == VrrpState.Backup, TimeSpan.FromSeconds(10));
        await HostedNode.Until(() => Read(path)?.Instances is [{ State: "backup" }], TimeSpan.FromSeconds(5));

        await master.DisposeAsync();
        await HostedNode.RunUntil(_clock, () => backup.State() == VrrpState.Master, TimeSpan.FromSeconds(5));
        await HostedNode.Until(() => Read(path)?.Instances is [{ State: "master" }], TimeSpan.FromSeconds(5));

        StatusSnapshot snapshot = Read(path)!;
        InstanceStatusSnapshot instance = snapshot.Instances[0];
        instance.Name.Should().Be("VI_1");
        instance.VirtualRouterId.Should().Be(51);
        instance.Reason.Should().Be(nameof(VrrpTransitionReason.MasterStopped));
        instance.MasterAddress.Should().Be("10.0.0.2");
        instance.BasePriority.Should().Be(50);
        instance.EffectivePriority.Should().Be(50);
        instance.Explanation.Should().StartWith("master");
        instance.Since.Should().Be(_clock.GetUtcNow() - backup.Instance().GetStatus().TimeInState);
        instance.Counters.AdvertisementsReceived.Should().BeGreaterThan(0);
        instance.Counters.Transitions.Should().Be(2, "initialize -> backup -> master");
        instance.Counters.BecameMaster.Should().Be(1);
        instance.OwnsVirtualAddresses.Should().BeTrue();
        snapshot.RefreshIntervalSeconds.Should().Be(5);
        snapshot.ProcessId.Should().Be(Environment.ProcessId);
        Directory.GetFiles(Path.GetDirectoryName(path)!).Should().Equal([path], "the temporary file is renamed over the status file");
    }

    [Fact]
    public async Task Start_Refresh_RewritesTheFileEveryInterval()
    {
        var lan = new LoopbackLan(_clock);
        await using HostedNode node = HostedNode.Create(lan, s_first, Config(100));
        string path = _directory.Combine("status.json");
        using StatusFileWriter writer = StatusFileWriter.ForRegistry(node.Registry, path, _clock, s_refresh, error: null);
        await node.StartAsync();
        writer.Start();
        await HostedNode.Until(() => Read(path) is not null, TimeSpan.FromSeconds(5));
        DateTimeOffset first = Read(path)!.WrittenAt;

        _clock.Advance(s_refresh);

        await HostedNode.Until(() => Read(path)?.WrittenAt == first + s_refresh, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Write_DirectoryCannotBeCreated_ReportsOnceAndReturnsFalse()
    {
        string blocker = _directory.WriteFile("not-a-directory", string.Empty);
        var error = new StringWriter();
        using var writer = new StatusFileWriter(Path.Combine(blocker, "status.json"), () => [], _clock, s_refresh, error);

        writer.Write().Should().BeFalse();
        writer.Write().Should().BeFalse();

        error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle()
            .Which.Should().StartWith($"vrrp run: status file {Path.Combine(blocker, "status.json")}: ");
    }

    private StatusSnapshot? Read(string path)
    {
        try
        {
            return StatusFileReader.TryRead(path, _clock.GetUtcNow(), out StatusSnapshot? snapshot, out _, out _) ? snapshot : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private string Config(int priority) => HostedPair.Write(_directory, priority);
}
