using Vrrp.Cli.Status;
using Vrrp.Instances;
using Vrrp.Testing;

namespace Vrrp.Cli.Tests.Status;

/// <summary>An instance in maintenance shows as such in the status file and in <c>vrrp status</c>'s table.</summary>
public sealed class StatusMaintenanceTests
{
    [Fact]
    public async Task Capture_InstanceInMaintenance_JsonHasTheFieldAndTheTableSaysMaintenance()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var settings = new VrrpInstanceSettings
        {
            Name = "VI_1",
            VirtualRouterId = 51,
            PrimaryAddress = IPAddress.Parse("10.0.0.1"),
            VirtualAddresses = [VrrpVirtualAddress.Parse("10.0.0.100/24")],
        };
        await using var instance = new VrrpInstance(settings, new NullTransport(), new RecordingVipBinder(clock), clock);
        await instance.StartAsync(TestContext.Current.CancellationToken);
        instance.SetMaintenance(true);

        StatusSnapshot snapshot = StatusFileWriter.Capture([instance], clock.GetUtcNow(), TimeSpan.FromSeconds(5));
        string json = System.Text.Json.JsonSerializer.Serialize(snapshot, StatusJson.Snapshot);
        var table = new StringWriter();
        StatusTableFormatter.Write(snapshot, clock.GetUtcNow(), table);

        snapshot.Instances[0].Maintenance.Should().BeTrue();
        snapshot.Instances[0].State.Should().Be("fault");
        snapshot.Instances[0].Reason.Should().Be("Maintenance");
        json.Should().Contain("\"maintenance\": true");
        table.ToString().Should().Contain("MAINTENANCE").And.NotContain("FAULT").And.Contain("VI_1: maintenance: out of the election");
    }

    private sealed class NullTransport : IVrrpTransport
    {
        public ValueTask SendAsync(VrrpInstanceSettings instance, ReadOnlyMemory<byte> message, VrrpAddress destination, CancellationToken cancellationToken) => default;
    }
}
