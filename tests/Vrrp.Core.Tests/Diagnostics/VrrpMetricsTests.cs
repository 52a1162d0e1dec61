using System.Diagnostics.Metrics;
using Vrrp.Diagnostics;
using Vrrp.Instances;
using Vrrp.TestSupport.Time;
using Vrrp.Tracking;

namespace Vrrp.Tests.Diagnostics;

public sealed class VrrpMetricsTests : IDisposable
{
    private readonly VrrpMetrics _metrics = new(meterFactory: null);
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = [];

    public VrrpMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _metrics.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public void Register_SimulatedFailover_InstrumentsReportTheInstancesOwnNumbers()
    {
        var lan = new SimulatedLan(seed: 11) { MinDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };
        SimulatedNode a = lan.AddNode(Settings("a", "10.0.0.1", 200));
        SimulatedNode b = lan.AddNode(Settings("b", "10.0.0.2", 100));
        SimulatedNode c = lan.AddNode(Settings("c", "10.0.0.3", 50, vip: "10.0.0.200") with { DropAddressListMismatch = true });
        VrrpInstance crashed = a.Instance;
        using IDisposable ra = _metrics.Register(crashed);
        using IDisposable rb = _metrics.Register(b.Instance);
        using IDisposable rc = _metrics.Register(c.Instance);
        lan.StartAll();
        lan.RunFor(TimeSpan.FromSeconds(10));

        a.Crash();
        lan.RunFor(TimeSpan.FromSeconds(5));
        _listener.RecordObservableInstruments();

        b.State.Should().Be(VrrpState.Master);
        VrrpInstanceStatus sa = crashed.GetStatus();
        VrrpInstanceStatus sb = b.Instance.GetStatus();
        VrrpInstanceStatus sc = c.Instance.GetStatus();
        Value("vrrp.adverts.sent", "a").Should().Be(sa.Counters.AdvertisementsSent).And.BeGreaterThan(5);
        Value("vrrp.adverts.sent", "b").Should().Be(sb.Counters.AdvertisementsSent).And.BeGreaterThan(0);
        Value("vrrp.adverts.received", "b").Should().Be(sb.Counters.AdvertisementsReceived).And.BeGreaterThan(5);
        Value("vrrp.adverts.dropped", "c", (VrrpMetrics.DropReasonTag, "address_list_mismatch"))
            .Should().Be(sc.Counters.Drops[VrrpDropReason.AddressListMismatch]).And.BeGreaterThan(5);
        Value("vrrp.adverts.mismatched", "c", (VrrpMetrics.MismatchTag, "address_list")).Should().Be(sc.Counters.AddressListMismatches).And.BeGreaterThan(5);
        Value("vrrp.adverts.mismatched", "b", (VrrpMetrics.MismatchTag, "unicast_source")).Should().Be(0);
        Value("vrrp.transitions", "b", (VrrpMetrics.FromStateTag, "initialize"), (VrrpMetrics.ToStateTag, "backup")).Should().Be(1);
        Value("vrrp.transitions", "b", (VrrpMetrics.FromStateTag, "backup"), (VrrpMetrics.ToStateTag, "master")).Should().Be(1);
        Value("vrrp.transitions", "a", (VrrpMetrics.FromStateTag, "backup"), (VrrpMetrics.ToStateTag, "master")).Should().Be(1);
        Measurements("vrrp.transitions", "b").Sum(m => m.Value).Should().Be(sb.Counters.Transitions);
        Value("vrrp.state", "b").Should().Be(2, "master");
        Value("vrrp.state", "c").Should().Be(2, "c drops every advert (another address list), hears no master and is master too: the drop counter says why");
        Value("vrrp.priority.effective", "b").Should().Be(100);
        Measurements("vrrp.state", "b").Single().Tags[VrrpMetrics.VirtualRouterIdTag].Should().Be(51);

        List<double> lateness = [.. Measurements("vrrp.timer.lateness", "b").Select(m => m.Value)];
        lateness.Should().HaveCount((int)sb.TimerLateness.Count).And.NotBeEmpty().And.OnlyContain(seconds => seconds >= 0);
        lateness.Max().Should().Be(sb.TimerLateness.Max.TotalSeconds);
    }

    [Fact]
    public void Register_TrackedItemFails_EffectivePriorityGaugeFollows()
    {
        var lan = new SimulatedLan(seed: 12);
        SimulatedNode a = lan.AddNode(Settings("a", "10.0.0.1", 200));
        using IDisposable registration = _metrics.Register(a.Instance);
        lan.StartAll();
        lan.RunFor(TimeSpan.FromSeconds(2));

        a.ReportTrackedItem("chk", healthy: false);
        lan.RunFor(TimeSpan.FromSeconds(1));
        _listener.RecordObservableInstruments();

        Value("vrrp.priority.effective", "a").Should().Be(140, "200 - 60");
    }

    [Fact]
    public void Dispose_Registration_InstanceIsNoLongerReported()
    {
        var lan = new SimulatedLan(seed: 13);
        SimulatedNode a = lan.AddNode(Settings("a", "10.0.0.1", 200));
        IDisposable registration = _metrics.Register(a.Instance);
        lan.StartAll();
        lan.RunFor(TimeSpan.FromSeconds(5));

        registration.Dispose();
        lan.RunFor(TimeSpan.FromSeconds(5));
        _listener.RecordObservableInstruments();

        _measurements.Should().OnlyContain(m => m.Instrument == "vrrp.timer.lateness");
        _measurements.Should().HaveCountLessThan((int)a.Instance.GetStatus().TimerLateness.Count, "firings after the dispose are not recorded");
    }

    [Fact]
    public async Task Register_ListenedSteadyStateMaster_AdverTimerPathStillAllocatesNothing()
    {
        using var metrics = new VrrpMetrics(meterFactory: null);
        long recorded = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => recorded++);
        listener.Start();
        var clock = new ManualTimeProvider();
        VrrpInstanceSettings settings = Settings("a", "10.0.0.1", 255) with { AdvertInterval = TimeSpan.FromMilliseconds(10) };
        var instance = new VrrpInstance(settings, new Instances.CapturingTransport { Capture = false }, new RecordingVipBinder(clock), clock);
        using IDisposable registration = metrics.Register(instance);
        await instance.StartAsync(TestContext.Current.CancellationToken);
        TimeSpan step = TimeSpan.FromMilliseconds(10);
        for (int i = 0; i < 1000; i++)
        {
            clock.Advance(step);
        }

        long recordedBefore = recorded;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            clock.Advance(step);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
        (recorded - recordedBefore).Should().Be(10_000, "every adver timer firing is recorded in vrrp.timer.lateness");
    }

    [Fact]
    public void Shared_IsTheVrrpMeter()
    {
        VrrpMetrics.Shared.Should().BeSameAs(VrrpMetrics.Shared);
        VrrpMetrics.Shared.Meter.Name.Should().Be(VrrpMetrics.MeterName).And.Be("Vrrp");
    }

    private static VrrpInstanceSettings Settings(string name, string primary, byte priority, string vip = "10.0.0.100") => new()
    {
        Name = name,
        VirtualRouterId = 51,
        Priority = priority,
        AdvertInterval = TimeSpan.FromSeconds(1),
        PrimaryAddress = IPAddress.Parse(primary),
        VirtualAddresses = [VrrpVirtualAddress.Parse(vip)],
        TrackedItems = [new VrrpTrackedItem { Name = "chk", Weight = -60 }],
    };

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        lock (_measurements)
        {
            _measurements.Add((instrument.Name, value, copy));
        }
    }

    private IEnumerable<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measurements(string instrument, string instance) =>
        _measurements.Where(m => m.Instrument == instrument && (string?)m.Tags[VrrpMetrics.InstanceTag] == instance);

    private double Value(string instrument, string instance, params (string Key, string Value)[] tags) =>
        Measurements(instrument, instance).Where(m => tags.All(t => (string?)m.Tags[t.Key] == t.Value)).Should().ContainSingle().Which.Value;
}
