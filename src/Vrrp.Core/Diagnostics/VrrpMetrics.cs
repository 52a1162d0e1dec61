using System.Diagnostics.Metrics;
using Vrrp.Instances;
using Vrrp.Packets;
using Vrrp.Platform;
using Vrrp.StateMachine;

namespace Vrrp.Diagnostics;

/// <summary>
/// The <c>Vrrp</c> meter (System.Diagnostics.Metrics: read it with OpenTelemetry or <c>dotnet-counters</c>): adverts
/// sent, received and dropped, transitions, state, effective priority and timer lateness of every registered
/// instance, tagged <c>vrrp.instance</c> and <c>vrrp.vrid</c>. Counters and gauges are observed from the counters the
/// instance keeps anyway, so the advertisement path pays nothing; only timer lateness is recorded per firing.
/// Vrrp.Hosting registers every hosted instance; a plain library user calls <see cref="Register(VrrpInstance)"/> on
/// <see cref="Shared"/>.
/// </summary>
public sealed class VrrpMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Vrrp";

    /// <summary>The tag holding the instance's name.</summary>
    public const string InstanceTag = "vrrp.instance";

    /// <summary>The tag holding the virtual router id.</summary>
    public const string VirtualRouterIdTag = "vrrp.vrid";

    /// <summary>The tag of <c>vrrp.adverts.dropped</c> holding why (e.g. <c>address_list_mismatch</c>, <c>packet_bad_checksum</c>).</summary>
    public const string DropReasonTag = "vrrp.drop_reason";

    /// <summary>The tag of <c>vrrp.adverts.mismatched</c> holding what differed (<c>unicast_source</c>, <c>address_list</c>).</summary>
    public const string MismatchTag = "vrrp.mismatch";

    /// <summary>The tag of <c>vrrp.transitions</c> holding the state left (<c>initialize</c>, <c>backup</c>, <c>master</c>, <c>fault</c>, <c>stopped</c>).</summary>
    public const string FromStateTag = "vrrp.state.from";

    /// <summary>The tag of <c>vrrp.transitions</c> holding the state entered.</summary>
    public const string ToStateTag = "vrrp.state.to";

    private static readonly Lazy<VrrpMetrics> s_shared = new(() => new VrrpMetrics(null), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly VrrpState[] s_states = Enum.GetValues<VrrpState>();

    private readonly List<MeteredInstance> _instances = [];
    private readonly Lock _lock = new();
    private readonly bool _ownsMeter;

    /// <summary>Creates the meter through <paramref name="meterFactory"/> (the host's, when hosted) or, when null, on its own.</summary>
    /// <param name="meterFactory">The factory, or null.</param>
    public VrrpMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(new MeterOptions(MeterName)) ?? new Meter(MeterName);
        Meter.CreateObservableCounter("vrrp.adverts.sent", () => Observe(static s => s.Counters.AdvertisementsSent), "{advertisement}", "Advertisements sent (one per destination).");
        Meter.CreateObservableCounter("vrrp.adverts.received", () => Observe(static s => s.Counters.AdvertisementsReceived), "{advertisement}", "Messages handed to the instance, valid or not.");
        Meter.CreateObservableCounter("vrrp.adverts.dropped", ObserveDrops, "{advertisement}", "Advertisements dropped, by vrrp.drop_reason.");
        Meter.CreateObservableCounter("vrrp.adverts.mismatched", ObserveMismatches, "{advertisement}", "Advertisements from an unlisted unicast source or with another address list (used unless configured to drop), by vrrp.mismatch.");
        Meter.CreateObservableCounter("vrrp.transitions", ObserveTransitions, "{transition}", "State transitions, by vrrp.state.from and vrrp.state.to.");
        Meter.CreateObservableGauge("vrrp.state", () => Observe(static s => (long)s.State), "{state}", "Current state: 0 initialize, 1 backup, 2 master, 3 fault, 4 stopped.");
        Meter.CreateObservableGauge("vrrp.priority.effective", () => Observe(static s => (long)s.EffectivePriority), "{priority}", "Effective priority: base plus tracking weights, clamped to 1..254.");
        TimerLateness = Meter.CreateHistogram<double>("vrrp.timer.lateness", "s", "How late a VRRP timer fired against when it was due.");
    }

    /// <summary>Gets the instance for plain library use, on a meter created without a factory and never disposed.</summary>
    public static VrrpMetrics Shared => s_shared.Value;

    /// <summary>Gets the meter.</summary>
    public Meter Meter { get; }

    internal Histogram<double> TimerLateness { get; }

    /// <summary>Reports an instance's metrics until the returned registration is disposed.</summary>
    /// <param name="instance">The instance.</param>
    /// <returns>The registration; dispose it to stop reporting.</returns>
    public IDisposable Register(VrrpInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return Add(new MeteredInstance(this, instance));
    }

    /// <summary>Reports the metrics of the instance a runner creates (register before it runs, so no transition is missed).</summary>
    /// <param name="runner">The runner.</param>
    /// <returns>The registration; dispose it to stop reporting.</returns>
    public IDisposable Register(IVrrpInstanceRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return Add(new MeteredInstance(this, runner));
    }

    /// <summary>Disposes the meter when this object created it (a factory's meters are the factory's).</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }

    internal void Remove(MeteredInstance instance)
    {
        lock (_lock)
        {
            _instances.Remove(instance);
        }
    }

    private MeteredInstance Add(MeteredInstance instance)
    {
        lock (_lock)
        {
            _instances.Add(instance);
        }

        return instance;
    }

    private MeteredInstance[] Snapshot()
    {
        lock (_lock)
        {
            return [.. _instances];
        }
    }

    private List<Measurement<long>> Observe(Func<VrrpInstanceStatus, long> read)
    {
        var measurements = new List<Measurement<long>>();
        foreach (MeteredInstance metered in Snapshot())
        {
            if (metered.Instance is { } instance && metered.Tags is { } tags)
            {
                measurements.Add(new Measurement<long>(read(instance.GetStatus()), tags));
            }
        }

        return measurements;
    }

    private List<Measurement<long>> ObserveMismatches()
    {
        var measurements = new List<Measurement<long>>();
        foreach (MeteredInstance metered in Snapshot())
        {
            if (metered.Instance is { } instance && metered.Tags is { } tags)
            {
                VrrpCounters counters = instance.Counters.Snapshot();
                measurements.Add(new Measurement<long>(counters.UnicastSourceMismatches, tags[0], tags[1], new(MismatchTag, "unicast_source")));
                measurements.Add(new Measurement<long>(counters.AddressListMismatches, tags[0], tags[1], new(MismatchTag, "address_list")));
            }
        }

        return measurements;
    }

    private List<Measurement<long>> ObserveDrops()
    {
        var measurements = new List<Measurement<long>>();
        foreach (MeteredInstance metered in Snapshot())
        {
            if (metered.Instance is not { } instance || metered.Tags is not { } tags)
            {
                continue;
            }

            VrrpCounters counters = instance.Counters.Snapshot();
            foreach (KeyValuePair<VrrpDropReason, long> drop in counters.Drops)
            {
                measurements.Add(new Measurement<long>(drop.Value, tags[0], tags[1], new(DropReasonTag, MetricTagValues.DropReason(drop.Key))));
            }

            foreach (KeyValuePair<VrrpPacketError, long> error in counters.PacketErrors)
            {
                measurements.Add(new Measurement<long>(error.Value, tags[0], tags[1], new(DropReasonTag, MetricTagValues.PacketError(error.Key))));
            }
        }

        return measurements;
    }

    private List<Measurement<long>> ObserveTransitions()
    {
        var measurements = new List<Measurement<long>>();
        foreach (MeteredInstance metered in Snapshot())
        {
            if (metered.Tags is not { } tags)
            {
                continue;
            }

            foreach (VrrpState from in s_states)
            {
                foreach (VrrpState to in s_states)
                {
                    long count = metered.GetTransitions(from, to);
                    if (count > 0)
                    {
                        measurements.Add(new Measurement<long>(count, tags[0], tags[1], new(FromStateTag, MetricTagValues.State(from)), new(ToStateTag, MetricTagValues.State(to))));
                    }
                }
            }
        }

        return measurements;
    }
}
