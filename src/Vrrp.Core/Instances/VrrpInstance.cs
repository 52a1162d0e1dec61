using System.Net;
using Vrrp.Diagnostics;
using Vrrp.StateMachine;
using Vrrp.Tracking;

namespace Vrrp.Instances;

/// <summary>
/// One running VRRP instance: a <see cref="VrrpStateMachine"/>, one timer from the injected <see cref="TimeProvider"/>
/// and one input queue. Received advertisements, timer firings, tracking results and link changes are queued; a
/// single reader steps the state machine and executes its effects through <see cref="IVrrpTransport"/> and
/// <see cref="IVipBinder"/>, in order. Thread-safe; the advertisement path allocates nothing.
/// </summary>
/// <remarks>
/// Whoever posts an input while the instance is idle (the timer callback, the transport's receive loop, a health
/// check) runs that step on its own thread (VrrpInstance.Queue.cs), so no thread-pool hop sits between a timer firing
/// and the advertisement it sends, and with a <c>FakeTimeProvider</c> everything runs on the thread
/// that advances the clock, deterministically. <see cref="StateChanged"/> handlers run on that thread too: keep them
/// short and never wait on the instance from one.
/// </remarks>
public sealed partial class VrrpInstance : IAsyncDisposable
{
    /// <summary>The capacity of the input queue; inputs beyond it are dropped and counted.</summary>
    public const int QueueCapacity = 1024;

    private const int EffectBufferLength = 3 * VrrpStateMachine.MaxEffectsPerStep;

    // Replaced whole by a live change, on the loop (VrrpInstance.Live.cs): the receive thread reads _filter without a lock.
    private volatile VrrpInstanceSettings _settings;
    private readonly TimeProvider _timeProvider;

    // When the loop processed its last input (under _lock): a received advert's arrival time is never before it.
    private long _lastStepAt = long.MinValue;
    private readonly VrrpStateMachine _machine;
    private readonly TrackingPolicy _tracking;
    private volatile AdvertisementFilter _filter;
    private readonly VrrpCounterSet _counters = new();
    private readonly IVrrpTransport _transport;
    private readonly Action<string> _failed;
    private AdvertisementSender _sender;
    private readonly VipBinderCalls _binder;
    private readonly IVrrpMastershipGate? _gate;
    private readonly InstanceTimer _timer;
    private readonly TimerLatenessRecorder _lateness;
    private readonly Lock _lock = new();
    private readonly VrrpEffect[] _effects = new VrrpEffect[EffectBufferLength];
    private readonly CancellationTokenSource _lifetime = new();
    private int _started;
    private int _stopping;
    private volatile bool _ownsVirtualAddresses;
    private bool _linkUp = true;
    private bool _syncFault;
    private bool _sourceMissing;
    private volatile bool _ownFault;
    private volatile bool _maintenance;
    private string? _lastError;

    /// <summary>Creates an instance. It does nothing until <see cref="StartAsync"/>.</summary>
    /// <param name="settings">The instance's settings; validated here.</param>
    /// <param name="transport">Sends advertisements.</param>
    /// <param name="binder">Binds, removes and announces the virtual addresses.</param>
    /// <param name="timeProvider">
    /// The clock and timer source; when null, <see cref="Timing.DedicatedThreadTimeProvider.Shared"/>: the system clock
    /// with timers on one dedicated thread, so thread-pool starvation in the host cannot delay adverts or the
    /// master-down timer.
    /// </param>
    /// <exception cref="ArgumentException">The settings are invalid; the message lists every problem.</exception>
    public VrrpInstance(VrrpInstanceSettings settings, IVrrpTransport transport, IVipBinder binder, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(binder);
        settings.ThrowIfInvalid();
        _settings = settings;
        _timeProvider = timeProvider ?? Timing.DedicatedThreadTimeProvider.Shared;
        _filter = new AdvertisementFilter(settings);
        _tracking = new TrackingPolicy(settings.Priority, settings.TrackedItems);
        _machine = new VrrpStateMachine(MachineConfig(settings, _filter.PrimaryAddress, _timeProvider.TimestampFrequency));

        // A member of a sync group named in its settings waits for the group from its first transition, even when the
        // group is formed only after it started (a platform may create members at different times).
        _machine.InSyncGroup = settings.SyncGroup is not null;

        // The initial tracking state (init_fail, positive weights) applies before Start; in Initialize it has no effects.
        _machine.Step(VrrpInput.PriorityChanged(_tracking.EffectivePriority), 0, _effects);
        _ownFault = _tracking.IsFaulted;
        _machine.Step(VrrpInput.FaultChanged(_ownFault), 0, _effects);

        _transport = transport;
        _failed = error => _lastError = error;
        _sender = new AdvertisementSender(settings, transport, _filter, _counters, _failed, _lifetime);
        _binder = new VipBinderCalls(settings, binder, _counters, _failed, _lifetime);
        _lateness = new TimerLatenessRecorder(_timeProvider);
        _timer = new InstanceTimer(_timeProvider, PostTimerWake);

        // A binder that is also a mastership gate (an etcd witness) decides when this instance may be master.
        _gate = binder as IVrrpMastershipGate;
        _machine.Gated = _gate is not null;
        _gate?.Connect(this);
    }

    /// <summary>
    /// Raised after every state change, on the thread running the instance's input loop, after the change's effects
    /// (addresses bound or removed, advertisement sent). Handlers must be short and must not wait on this instance.
    /// </summary>
    public event EventHandler<VrrpStateChangedEventArgs>? StateChanged;

    /// <summary>Raised (on the input loop) when the instance's own fault (tracking or link, not the sync group's) changes.</summary>
    internal event Action<VrrpInstance, bool>? OwnFaultChanged;

    /// <summary>Raised (on the input loop) when a sync-group member asks its group to go to master (true) or to stay backup (false).</summary>
    internal event Action<VrrpInstance, bool>? SyncGroupRequested;

    /// <summary>Gets the instance's name.</summary>
    public string Name => _settings.Name;

    /// <summary>Gets the instance's settings: those it was created with, or the last applied by <see cref="ApplySettingsAsync"/>.</summary>
    public VrrpInstanceSettings Settings => _settings;

    /// <summary>Gets the current state.</summary>
    public VrrpState State
    {
        get
        {
            lock (_lock)
            {
                return _machine.State;
            }
        }
    }

    /// <summary>Gets the sync group this instance belongs to, or null.</summary>
    public VrrpSyncGroup? SyncGroup
    {
        get;
        internal set
        {
            lock (_lock)
            {
                field = value;
                _machine.InSyncGroup = value is not null || _settings.SyncGroup is not null;
            }
        }
    }

    /// <summary>Gets a task that completes when the input loop ends (after <see cref="StopAsync"/>), faulting if the loop failed.</summary>
    public Task Completion => Volatile.Read(ref _completion)?.Task ?? Task.CompletedTask;

    /// <summary>Gets or sets the lateness above which a timer firing counts as late in <see cref="VrrpTimerLateness.CountOverThreshold"/>.</summary>
    /// <value>The default value is 50 ms.</value>
    public TimeSpan TimerLatenessThreshold
    {
        get => _lateness.Threshold;
        set => _lateness.Threshold = value;
    }

    // Vrrp.Diagnostics.VrrpMetrics records each firing into its histogram; null (free) unless metrics are registered.
    internal Action<TimeSpan>? TimerLatenessObserved
    {
        get => _lateness.Observed;
        set => _lateness.Observed = value;
    }

    /// <summary>Gets whether the instance is out of the election on its own account (tracking, link, source address or maintenance): what its sync group propagates.</summary>
    internal bool OwnFault => _ownFault || _maintenance;

    /// <summary>Gets whether the instance is master, or a backup that would be master on its own (keepalived's wantstate).</summary>
    internal bool IsOrWantsMaster
    {
        get
        {
            lock (_lock)
            {
                return _machine.State == VrrpState.Master || (_machine.State == VrrpState.Backup && _machine.WantsMaster);
            }
        }
    }

    /// <summary>Starts the input loop and sends the Startup event (RFC 5798 §6.4.1). An instance starts once.</summary>
    /// <param name="cancellationToken">Unused; present for the hosted-service pattern.</param>
    /// <returns>A completed task: the Startup event has been queued (and processed, unless another thread was busy in the loop).</returns>
    /// <exception cref="InvalidOperationException">The instance was already started.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException($"VRRP instance {Name} was already started; create a new instance to start again.");
        }

        OpenQueue();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Sends the Shutdown event (a master advertises priority 0 and releases its addresses), then ends the input loop.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the loop (the shutdown still completes in the background).</param>
    /// <returns>A task that completes when the loop has ended.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        Task? completion = Volatile.Read(ref _completion)?.Task;
        if (completion is null)
        {
            return;
        }

        if (Interlocked.Exchange(ref _stopping, 1) != 0)
        {
            await completion.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        TakeoverEventSource.Log.StopRequested();
        CloseQueue();
        await completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        _timer.Cancel();
    }

    /// <summary>
    /// Reports one result of a tracked item (a health check run, an interface state). Rise/fall hysteresis decides
    /// when the item goes up or down; the effective priority or fault follows, and a master re-advertises at once.
    /// </summary>
    /// <param name="name">The tracked item's <see cref="VrrpTrackedItem.Name"/>.</param>
    /// <param name="healthy">Whether the check passed (or the interface is up).</param>
    /// <returns><see langword="true"/> when queued; <see langword="false"/> when the instance is not running.</returns>
    /// <exception cref="ArgumentException">No tracked item has that name.</exception>
    public bool ReportTrackedItem(string name, bool healthy) => Post(InstanceCommand.TrackResult(TrackedIndex(name), healthy));

    /// <summary>
    /// Reports the value of a value item (<see cref="VrrpTrackedItem.IsValue"/>, keepalived's <c>track_file</c>): the
    /// priority moves by value x weight, or the instance faults (see <see cref="VrrpTrackedItem.IsValue"/>).
    /// </summary>
    /// <param name="name">The tracked item's <see cref="VrrpTrackedItem.Name"/>.</param>
    /// <param name="value">The value read.</param>
    /// <returns><see langword="true"/> when queued; <see langword="false"/> when the instance is not running.</returns>
    /// <exception cref="ArgumentException">No tracked item has that name.</exception>
    public bool ReportTrackedValue(string name, long value) => Post(InstanceCommand.TrackValue(TrackedIndex(name), value));

    private int TrackedIndex(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int index = _tracking.IndexOf(name);
        return index >= 0 ? index : throw new ArgumentException($"VRRP instance {Name} tracks no item named '{name}'.", nameof(name));
    }

    /// <summary>Reports the state of the instance's own interface: down puts the instance in fault (keepalived does the same), unless <see cref="VrrpInstanceSettings.FaultOnLinkDown"/> is false.</summary>
    /// <param name="up">Whether the link is up.</param>
    /// <returns><see langword="true"/> when queued.</returns>
    public bool SetLinkState(bool up) => Post(InstanceCommand.Link(up || !_settings.FaultOnLinkDown));

    /// <summary>
    /// Reports the address the instance's advertisements now leave from, after the interface's addresses changed: it
    /// becomes the primary address in elections and in the VRRPv3 checksum, and a master advertises from it at once.
    /// <see langword="null"/> means the interface has no usable address (or a configured source address left it): the
    /// instance goes to Fault, as keepalived does, until an address is reported again.
    /// </summary>
    /// <param name="address">The new source address, of the instance's family, or <see langword="null"/> for none.</param>
    /// <returns><see langword="true"/> when queued.</returns>
    /// <exception cref="ArgumentException"><paramref name="address"/> is not of the instance's address family.</exception>
    public bool SetSourceAddress(IPAddress? address)
    {
        if (address is not null && address.AddressFamily != _settings.Family)
        {
            throw new ArgumentException($"Source address {address} is not an {_settings.Family} address (VRRP instance {Name}).", nameof(address));
        }

        return Post(InstanceCommand.SourceAddress(address is null ? default : VrrpAddress.FromIPAddress(address)));
    }

    /// <summary>
    /// Reports the answer of the instance's <see cref="IVrrpMastershipGate"/> (its binder, when the binder is one): while
    /// closed, a backup whose Master_Down_Timer expires waits instead of becoming master, and a master leaves for backup
    /// at once (priority 0 advertised, addresses released). Without a gate this changes nothing.
    /// </summary>
    /// <param name="permitted">Whether this node may be master now.</param>
    /// <returns><see langword="true"/> when queued.</returns>
    public bool SetMastershipPermitted(bool permitted) => Post(InstanceCommand.Machine(VrrpInput.GateChanged(permitted)));

    /// <summary>Stops the instance if it runs (see <see cref="StopAsync"/>) and releases its timer.</summary>
    /// <returns>A task that completes when the instance is stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);

        _timer.Dispose();
        await _lifetime.CancelAsync().ConfigureAwait(false);
        _lifetime.Dispose();
    }

    /// <summary>Posts a sync-group input (another member changed state or fault).</summary>
    internal void PostSyncGroup(in VrrpInput input) => Post(InstanceCommand.Machine(input));

    internal void PostSyncFault(bool faulted) => Post(InstanceCommand.SyncFault(faulted));

    /// <inheritdoc/>
    public override string ToString() => $"{Name} (VRID {_settings.VirtualRouterId}, {_settings.PrimaryAddress})";

    internal IPAddress PrimaryAddress => _settings.PrimaryAddress;

    internal IReadOnlyList<VrrpAddress> Destinations => _sender.Destinations;
}
