using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Vrrp.Diagnostics;
using Vrrp.Instances;

namespace Vrrp.Hosting.Tests.Observability;

public sealed class HostedMetricsTests : HostedTest
{
    [Fact]
    public async Task AddVrrp_MasterStops_BackupsMetricsShowTheFailover()
    {
        await using HostedNode backup = HostedNode.Create(Scene.Lan, HostedScene.Second, Config(50));
        HostedNode master = HostedNode.Create(Scene.Lan, HostedScene.First, Config(100));
        Meter meter = backup.Host.Services.GetRequiredService<VrrpMetrics>().Meter;
        using var transitions = new MetricCollector<long>(meter, "vrrp.transitions");
        using var sent = new MetricCollector<long>(meter, "vrrp.adverts.sent");
        using var received = new MetricCollector<long>(meter, "vrrp.adverts.received");
        using var state = new MetricCollector<long>(meter, "vrrp.state");
        using var priority = new MetricCollector<long>(meter, "vrrp.priority.effective");
        using var lateness = new MetricCollector<double>(meter, "vrrp.timer.lateness");
        await master.StartAsync();
        await backup.StartAsync();
        await HostedNode.RunUntil(Scene.Clock, () => master.State() == VrrpState.Master && backup.State() == VrrpState.Backup, TimeSpan.FromSeconds(10));

        await master.DisposeAsync();
        await HostedNode.RunUntil(Scene.Clock, () => backup.State() == VrrpState.Master, TimeSpan.FromSeconds(5));
        await HostedNode.RunFor(Scene.Clock, TimeSpan.FromSeconds(3));

        VrrpCounters counters = backup.Instance().GetStatus().Counters;
        transitions.RecordObservableInstruments();
        transitions.GetMeasurementSnapshot().Select(m => $"{m.Tags[VrrpMetrics.InstanceTag]}/{m.Tags[VrrpMetrics.VirtualRouterIdTag]} {m.Tags[VrrpMetrics.FromStateTag]}->{m.Tags[VrrpMetrics.ToStateTag]} {m.Value}")
            .Should().BeEquivalentTo("VI_1/51 initialize->backup 1", "VI_1/51 backup->master 1");
        sent.RecordObservableInstruments();
        sent.LastMeasurement!.Value.Should().Be(counters.AdvertisementsSent).And.BeGreaterThanOrEqualTo(3, "3 s as master at advert_int 1");
        received.RecordObservableInstruments();
        received.LastMeasurement!.Value.Should().Be(counters.AdvertisementsReceived).And.BeGreaterThan(0);
        state.RecordObservableInstruments();
        state.LastMeasurement!.Value.Should().Be(2, "2 is master");
        state.LastMeasurement.ContainsTags(VrrpMetrics.InstanceTag, VrrpMetrics.VirtualRouterIdTag).Should().BeTrue();
        priority.RecordObservableInstruments();
        priority.LastMeasurement!.Value.Should().Be(50);
        lateness.GetMeasurementSnapshot().Should().HaveCount((int)backup.Instance().GetStatus().TimerLateness.Count)
            .And.OnlyContain(m => m.Value >= 0 && (string?)m.Tags[VrrpMetrics.InstanceTag] == "VI_1");
        lateness.GetMeasurementSnapshot().Should().NotBeEmpty("the takeover and every advert since are timer firings");
    }

    [Fact]
    public async Task AddVrrp_HostWithMeterFactory_CreatesTheVrrpMeterThroughIt()
    {
        await using HostedNode node = HostedNode.Create(Scene.Lan, HostedScene.First, Config(100), services: services => services.AddMetrics());

        Meter meter = node.Host.Services.GetRequiredService<VrrpMetrics>().Meter;

        meter.Name.Should().Be("Vrrp");
        meter.Scope.Should().BeSameAs(node.Host.Services.GetRequiredService<IMeterFactory>());
    }

    private string Config(int priority) => HostedPair.Write(Scene.Directory, priority);
}
