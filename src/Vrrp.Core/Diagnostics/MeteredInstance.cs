using Vrrp.Instances;
using Vrrp.Platform;
using Vrrp.StateMachine;

namespace Vrrp.Diagnostics;

/// <summary>
/// One instance registered with <see cref="VrrpMetrics"/>: counts transitions by (from, to) from the state-change
/// event, feeds the lateness histogram, and gives the observable instruments the instance to read.
/// </summary>
internal sealed class MeteredInstance : IDisposable
{
    private static readonly int s_stateCount = Enum.GetValues<VrrpState>().Length;

    private readonly VrrpMetrics _owner;
    private readonly VrrpInstance? _instance;
    private readonly IVrrpInstanceRunner? _runner;
    private readonly long[] _transitions = new long[s_stateCount * s_stateCount];
    private readonly Action<TimeSpan> _recordLateness;
    private VrrpInstance? _hooked;
    private KeyValuePair<string, object?>[]? _tags;
    private int _disposed;

    public MeteredInstance(VrrpMetrics owner, VrrpInstance instance)
        : this(owner)
    {
        _instance = instance;
        instance.StateChanged += OnStateChanged;
        Hook(instance);
    }

    public MeteredInstance(VrrpMetrics owner, IVrrpInstanceRunner runner)
        : this(owner)
    {
        _runner = runner;
        runner.StateChanged += OnStateChanged;
        if (runner.Instance is { } instance)
        {
            Hook(instance);
        }
    }

    private MeteredInstance(VrrpMetrics owner)
    {
        _owner = owner;
        _recordLateness = RecordLateness;
    }

    /// <summary>Gets the instance, or null while its runner has not created it yet.</summary>
    public VrrpInstance? Instance => _instance ?? _runner?.Instance;

    /// <summary>Gets the <c>vrrp.instance</c> and <c>vrrp.vrid</c> tags, or null while there is no instance.</summary>
    public KeyValuePair<string, object?>[]? Tags
    {
        get
        {
            if (_tags is null && Instance is { } instance)
            {
                _tags = [new(VrrpMetrics.InstanceTag, instance.Name), new(VrrpMetrics.VirtualRouterIdTag, (int)instance.Settings.VirtualRouterId)];
            }

            return _tags;
        }
    }

    /// <summary>Gets how often the instance went from one state to another.</summary>
    public long GetTransitions(VrrpState from, VrrpState to) => Volatile.Read(ref _transitions[((int)from * s_stateCount) + (int)to]);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_instance is not null)
        {
            _instance.StateChanged -= OnStateChanged;
        }

        if (_runner is not null)
        {
            _runner.StateChanged -= OnStateChanged;
        }

        if (_hooked is not null)
        {
            _hooked.TimerLatenessObserved = null;
        }

        _owner.Remove(this);
    }

    private void OnStateChanged(object? sender, VrrpStateChangedEventArgs e)
    {
        Interlocked.Increment(ref _transitions[((int)e.From * s_stateCount) + (int)e.To]);

        // A runner creates its instance late; the first state change is raised before any timer fires.
        if (Instance is { } instance && !ReferenceEquals(instance, _hooked))
        {
            Hook(instance);
        }
    }

    private void Hook(VrrpInstance instance)
    {
        _hooked = instance;

        // The tags and the instrument's Enabled are first used here, not on the first firing a backup records: that
        // is its Master_Down timer, the takeover (a perf trace of the JIT build had a 100 KB loader-heap mapping there).
        _ = Tags;
        _ = _owner.TimerLateness.Enabled;
        instance.TimerLatenessObserved = _recordLateness;
    }

    private void RecordLateness(TimeSpan lateness)
    {
        // Only with a listener: without one Record does nothing, and its first call (generic code the JIT compiles
        // then) would fall on the first takeover, the first firing a backup records (docs/failover.md).
        if (_owner.TimerLateness.Enabled && Tags is { } tags)
        {
            _owner.TimerLateness.Record(lateness.TotalSeconds, tags[0], tags[1]);
        }
    }
}
