using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Vrrp.Packets;
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
/// The queue runs continuations synchronously: whoever writes an input while the reader is idle (the timer callback,
/// the transport's receive loop, a health check) runs that step on its own thread, so no thread-pool hop sits between
/// a timer firing and the advertisement it sends, and with a <c>FakeTimeProvider</c> everything runs on the thread
/// that advances the clock, deterministically. <see cref="StateChanged"/> handlers run on that thread too: keep them
/// short and never wait on the instance from one.
/// </remarks>
public sealed class VrrpInstance : IAsyncDisposable
{
    /// <summary>The capacity of the input queue; inputs beyond it are dropped and counted.</summary>
    public const int QueueCapacity = 1024;

    private const int EffectBufferLength = 3 * VrrpStateMachine.MaxEffectsPerStep;

    // _timerWake: no firing waiting, a firing with a TimerWake in the queue, a firing the full queue had no room for.
    private const int TimerWakeNone = 0;
    private const int TimerWakeQueued = 1;
    private const int TimerWakeUnqueued = 2;

    private static readonly VrrpAddress s_multicastIPv4 = VrrpAddress.FromBytes([224, 0, 0, 18]);
    private static readonly VrrpAddress s_multicastIPv6 = VrrpAddress.FromBytes([0xFF, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12]);

    private readonly VrrpInstanceSettings _settings;
    private readonly IVrrpTransport _transport;
    private readonly IVipBinder _binder;
    private readonly IVipLeaseBinder? _lease;
    private readonly TimeProvider _timeProvider;
    private readonly VrrpStateMachine _machine;
    private readonly TrackingPolicy _tracking;
    private readonly AdvertisementFilter _filter;
    private readonly VrrpCounterSet _counters = new();
    private readonly Channel<InstanceCommand> _queue;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private readonly VrrpEffect[] _effects = new VrrpEffect[EffectBufferLength];
    private readonly byte[] _sendBuffer;
    private readonly byte[] _primaryAddressBytes;
    private readonly VrrpAddress[] _destinations;
    private readonly byte[][] _destinationBytes;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly long[] _latenessHistogram = new long[5];
    private Task? _loop;
    private int _started;
    private int _stopping;
    private volatile bool _aborted;
    private int _timerWake;
    private long _timerSetFor = long.MaxValue;
    private volatile bool _ownsVirtualAddresses;
    private bool _linkUp = true;
    private bool _syncFault;
    private bool _sourceMissing;
    private volatile bool _ownFault;
    private string? _lastError;
    private long _latenessCount;
    private long _latenessLast;
    private long _latenessMax;
    private long _latenessSum;
    private long _latenessOverThreshold;

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
        _transport = transport;
        _binder = binder;
        _lease = binder as IVipLeaseBinder;
        _timeProvider = timeProvider ?? Timing.DedicatedThreadTimeProvider.Shared;
        _filter = new AdvertisementFilter(settings);
        _tracking = new TrackingPolicy(settings.Priority, settings.TrackedItems);
        _machine = new VrrpStateMachine(new VrrpStateMachineConfig
        {
            Version = settings.Version,
            Priority = settings.Priority,
            AdvertisementIntervalMicroseconds = VrrpTimers.ToMicroseconds(settings.AdvertInterval),
            PrimaryAddress = _filter.PrimaryAddress,
            Preempt = settings.Preempt,
            PreemptDelayMicroseconds = VrrpTimers.ToMicroseconds(settings.PreemptDelay),
            LowerPriorityNoAdvert = settings.LowerPriorityNoAdvert,
            StartAsMaster = settings.StartAsMaster,
            HigherPrioritySendAdvert = settings.HigherPrioritySendAdvert ?? !settings.LowerPriorityNoAdvert,
            TimestampFrequency = _timeProvider.TimestampFrequency,
        });

        // A member of a sync group named in its settings waits for the group from its first transition, even when the
        // group is formed only after it started (a platform may create members at different times).
        _machine.InSyncGroup = settings.SyncGroup is not null;

        // The initial tracking state (init_fail, positive weights) applies before Start; in Initialize it has no effects.
        _machine.Step(VrrpInput.PriorityChanged(_tracking.EffectivePriority), 0, _effects);
        _ownFault = _tracking.IsFaulted;
        _machine.Step(VrrpInput.FaultChanged(_ownFault), 0, _effects);

        _primaryAddressBytes = new byte[_filter.PrimaryAddress.Length];
        _filter.PrimaryAddress.WriteBytes(_primaryAddressBytes);
        if (settings.UnicastPeers.Count > 0)
        {
            _destinations = new VrrpAddress[settings.UnicastPeers.Count];
            for (int i = 0; i < _destinations.Length; i++)
            {
                _destinations[i] = VrrpAddress.FromIPAddress(settings.UnicastPeers[i]);
            }
        }
        else
        {
            _destinations = [settings.MulticastGroup is { } group ? VrrpAddress.FromIPAddress(group) : settings.Family == AddressFamily.InterNetworkV6 ? s_multicastIPv6 : s_multicastIPv4];
        }

        _destinationBytes = new byte[_destinations.Length][];
        for (int i = 0; i < _destinations.Length; i++)
        {
            _destinationBytes[i] = new byte[_destinations[i].Length];
            _destinations[i].WriteBytes(_destinationBytes[i]);
        }

        _sendBuffer = new byte[VrrpPacketWriter.GetMessageLength(settings.Version, settings.Family, settings.AdvertisedAddresses.Count)];
        _queue = Channel.CreateBounded<InstanceCommand>(new BoundedChannelOptions(QueueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            AllowSynchronousContinuations = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _timer = _timeProvider.CreateTimer(static state => ((VrrpInstance)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
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

    /// <summary>Gets the instance's settings.</summary>
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
    public Task Completion => _loop ?? Task.CompletedTask;

    /// <summary>Gets or sets the lateness above which a timer firing counts as late in <see cref="VrrpTimerLateness.CountOverThreshold"/>.</summary>
    /// <value>The default value is 50 ms.</value>
    public TimeSpan TimerLatenessThreshold { get; set; } = TimeSpan.FromMilliseconds(50);

    // Vrrp.Diagnostics.VrrpMetrics records each firing into its histogram; null (free) unless metrics are registered.
    internal Action<TimeSpan>? TimerLatenessObserved { get; set; }

    internal bool OwnFault => _ownFault;

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

    /// <summary>Gets the timestamp at which the armed timer is due, or null (for the simulated LAN's scheduler).</summary>
    internal long? NextTimerDue
    {
        get
        {
            lock (_lock)
            {
                return _machine.TimerKind == VrrpTimerKind.None || _aborted ? null : _machine.TimerDue;
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

        // Called directly (not Task.Run): the loop runs until it waits on the empty queue, so the Start input below
        // is processed right here when nothing else is running, which keeps simulations deterministic.
        _loop = RunLoopAsync();
        Post(InstanceCommand.Machine(VrrpInput.Start()));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Sends the Shutdown event (a master advertises priority 0 and releases its addresses), then ends the input loop.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the loop (the shutdown still completes in the background).</param>
    /// <returns>A task that completes when the loop has ended.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_loop is null)
        {
            return;
        }

        if (Interlocked.Exchange(ref _stopping, 1) != 0)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        Post(InstanceCommand.Machine(VrrpInput.Shutdown()));
        _queue.Writer.TryComplete();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Gets the instance's counters: the one set its transport and the instance itself count into.</summary>
    public VrrpCounterSet Counters => _counters;

    /// <summary>
    /// Hands a received VRRP message to the instance, for transports that have not decoded it: it is decoded once
    /// (<see cref="VrrpReceivedAdvertisement.TryDecode"/>), then goes the way of <see cref="Receive"/>. Malformed
    /// messages are counted by <see cref="VrrpPacketError"/> and dropped. The message is not used after the call
    /// returns. Never throws for bad input and never allocates.
    /// </summary>
    /// <param name="message">The VRRP message (the IP payload).</param>
    /// <param name="ip">What the IP layer knows: family, source (required: it identifies the sender), destination, TTL.</param>
    /// <returns><see langword="true"/> when the advertisement was accepted and queued.</returns>
    public bool ReceiveAdvertisement(ReadOnlySpan<byte> message, in VrrpIpContext ip)
    {
        _counters.CountReceived();
        if (!VrrpReceivedAdvertisement.TryDecode(message, 0, message.Length, ip, out VrrpReceivedAdvertisement advertisement, out VrrpPacketError error))
        {
            _counters.CountMalformed(error);
            return false;
        }

        return Accept(advertisement, message);
    }

    /// <summary>
    /// Hands an advertisement the transport already decoded to the instance: its receive loop calls this for every
    /// valid advertisement of this VRID and family. The instance checks VRID, version, authentication, interval and
    /// address list against the settings, counts, and queues it; the buffer is not used after the call returns. Never
    /// throws for bad input and never allocates.
    /// </summary>
    /// <param name="advertisement">The decoded advertisement.</param>
    /// <param name="buffer">The buffer it was decoded from (see <see cref="VrrpReceivedAdvertisement.GetPacket"/>).</param>
    /// <returns><see langword="true"/> when the advertisement was accepted and queued.</returns>
    public bool Receive(in VrrpReceivedAdvertisement advertisement, ReadOnlySpan<byte> buffer)
    {
        _counters.CountReceived();
        return Accept(advertisement, buffer);
    }

    private bool Accept(in VrrpReceivedAdvertisement advertisement, ReadOnlySpan<byte> buffer)
    {
        VrrpPacket packet = advertisement.GetPacket(buffer);
        VrrpAddress source = advertisement.Source;
        VrrpDropReason reason = _filter.Check(packet, source, out bool addressListMismatch);
        if (addressListMismatch)
        {
            _counters.AddressListMismatch(source);
        }

        if (reason != VrrpDropReason.None)
        {
            _counters.CountDropped(reason);
            return false;
        }

        if (_filter.IsUnknownUnicastSource(source))
        {
            // keepalived uses such adverts unless check_unicast_src is set: a peer may send from its second address.
            _counters.UnicastSourceMismatch();
            if (_settings.CheckUnicastSource)
            {
                _counters.CountDropped(VrrpDropReason.UnicastSourceMismatch);
                return false;
            }
        }

        if (advertisement.Advertisement.Priority == 0)
        {
            _counters.ReceivedPriorityZero();
        }

        return Post(InstanceCommand.Machine(VrrpInput.AdvertisementReceived(advertisement.Advertisement, source)));
    }

    /// <summary>
    /// Reports one result of a tracked item (a health check run, an interface state). Rise/fall hysteresis decides
    /// when the item goes up or down; the effective priority or fault follows, and a master re-advertises at once.
    /// </summary>
    /// <param name="name">The tracked item's <see cref="VrrpTrackedItem.Name"/>.</param>
    /// <param name="healthy">Whether the check passed (or the interface is up).</param>
    /// <returns><see langword="true"/> when queued; <see langword="false"/> when the instance is not running.</returns>
    /// <exception cref="ArgumentException">No tracked item has that name.</exception>
    public bool ReportTrackedItem(string name, bool healthy)
    {
        ArgumentNullException.ThrowIfNull(name);
        int index = _tracking.IndexOf(name);
        if (index < 0)
        {
            throw new ArgumentException($"VRRP instance {Name} tracks no item named '{name}'.", nameof(name));
        }

        return Post(InstanceCommand.TrackResult(index, healthy));
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

    /// <summary>Explains why the instance is in its state, e.g. <c>backup: master 10.0.0.2 advertises priority 150 &gt; our effective priority 96 = 100 - 4 (chk_haproxy failing)</c>.</summary>
    /// <returns>The explanation.</returns>
    public string Explain()
    {
        lock (_lock)
        {
            return ExplainLocked(_timeProvider.GetTimestamp());
        }
    }

    /// <summary>Takes a consistent snapshot of the instance's state, counters and timer lateness.</summary>
    /// <returns>The snapshot.</returns>
    public VrrpInstanceStatus GetStatus()
    {
        lock (_lock)
        {
            long now = _timeProvider.GetTimestamp();
            var tracked = new VrrpTrackedItemStatus[_tracking.Count];
            for (int i = 0; i < tracked.Length; i++)
            {
                tracked[i] = _tracking.GetStatus(i);
            }

            return new VrrpInstanceStatus
            {
                Name = Name,
                State = _machine.State,
                Reason = _machine.Reason,
                Explanation = ExplainLocked(now),
                TimeInState = _machine.State == VrrpState.Initialize ? TimeSpan.Zero : _timeProvider.GetElapsedTime(_machine.StateEnteredAt, now),
                BasePriority = _settings.Priority,
                EffectivePriority = _machine.Priority,
                MasterAddress = _machine.MasterAddress.IsEmpty ? null : _machine.MasterAddress.ToIPAddress(),
                MasterPriority = _machine.MasterPriority,
                MasterAdverInterval = VrrpTimers.FromMicroseconds(_machine.MasterAdverIntervalMicroseconds),
                SkewTime = VrrpTimers.FromMicroseconds(_machine.SkewTimeMicroseconds),
                MasterDownInterval = VrrpTimers.FromMicroseconds(_machine.MasterDownIntervalMicroseconds),
                NextTimer = _machine.TimerKind == VrrpTimerKind.None ? null : _timeProvider.GetElapsedTime(now, _machine.TimerDue),
                OwnsVirtualAddresses = _ownsVirtualAddresses,
                IsLinkUp = _linkUp,
                TrackedItems = tracked,
                Counters = _counters.Snapshot(),
                TimerLateness = GetTimerLateness(),
                LastError = _lastError,
            };
        }
    }

    /// <summary>Stops the instance if it runs (see <see cref="StopAsync"/>) and releases its timer.</summary>
    /// <returns>A task that completes when the instance is stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (!_aborted)
        {
            await StopAsync().ConfigureAwait(false);
        }

        _timer.Dispose();
        await _lifetime.CancelAsync().ConfigureAwait(false);
        _lifetime.Dispose();
    }

    /// <summary>Posts a sync-group input (another member changed state or fault).</summary>
    internal void PostSyncGroup(in VrrpInput input) => Post(InstanceCommand.Machine(input));

    internal void PostSyncFault(bool faulted) => Post(InstanceCommand.SyncFault(faulted));

    /// <summary>
    /// Simulates a crash: the loop ends without the Shutdown event, queued inputs are discarded, the timer stops and
    /// nothing more is sent. The addresses stay "bound" as far as the binder knows, as after <c>kill -9</c>.
    /// </summary>
    internal void Abort()
    {
        _aborted = true;
        _queue.Writer.TryComplete();
        _timer.Dispose();
    }

    private bool Post(in InstanceCommand command)
    {
        if (_queue.Writer.TryWrite(command))
        {
            return true;
        }

        _counters.CountDropped(_aborted || Volatile.Read(ref _started) == 0 || _queue.Reader.Completion.IsCompleted ? VrrpDropReason.NotRunning : VrrpDropReason.QueueFull);
        return false;
    }

    // The timer callback only records that the timer fired and wakes the loop; the loop steps the machine with
    // whichever timer it waits for, so a firing can be neither stale nor lost. Firings coalesce into one pending wake,
    // and when the queue is full the loop, which is then busy, checks the flag between inputs.
    private void OnTimer()
    {
        if (_aborted || Interlocked.CompareExchange(ref _timerWake, TimerWakeQueued, TimerWakeNone) != TimerWakeNone)
        {
            return;
        }

        if (!_queue.Writer.TryWrite(InstanceCommand.TimerWake()))
        {
            Interlocked.CompareExchange(ref _timerWake, TimerWakeUnqueued, TimerWakeQueued);
        }
    }

    private async Task RunLoopAsync()
    {
        ChannelReader<InstanceCommand> reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (true)
            {
                InstanceCommand command;
                if (Volatile.Read(ref _timerWake) == TimerWakeUnqueued)
                {
                    // The queue was full when the timer fired: the firing goes ahead of the queued inputs.
                    command = InstanceCommand.TimerWake();
                }
                else if (!reader.TryRead(out command))
                {
                    if (Volatile.Read(ref _timerWake) == TimerWakeNone)
                    {
                        break;
                    }

                    command = InstanceCommand.TimerWake();
                }

                if (_aborted || (command.Kind == InstanceCommandKind.TimerWake && Interlocked.Exchange(ref _timerWake, TimerWakeNone) == TimerWakeNone))
                {
                    // Aborted, or a wake whose firing was already handled.
                    continue;
                }

                // Synchronous unless a transport or binder call really goes asynchronous: no per-input async state
                // machine, so the steady-state path allocates nothing (in Debug builds too).
                ValueTask pending = Process(command);
                if (!pending.IsCompletedSuccessfully)
                {
                    await pending.ConfigureAwait(false);
                }
            }
        }
    }

    private ValueTask Process(in InstanceCommand command)
    {
        int count;
        bool ownFaultBefore;
        lock (_lock)
        {
            ownFaultBefore = _ownFault;
            count = Apply(command, _timeProvider.GetTimestamp());
        }

        return ExecuteEffects(0, count, ownFaultBefore != _ownFault);
    }

    private ValueTask ExecuteEffects(int start, int count, bool ownFaultChanged)
    {
        for (int i = start; i < count; i++)
        {
            if (_aborted)
            {
                return default;
            }

            ValueTask pending = ExecuteEffect(_effects[i]);
            if (!pending.IsCompletedSuccessfully)
            {
                return ResumeEffectsAsync(pending, i, count, ownFaultChanged);
            }

            pending.GetAwaiter().GetResult();
            AfterEffect(_effects[i]);
        }

        if (ownFaultChanged)
        {
            OwnFaultChanged?.Invoke(this, _ownFault);
        }

        return default;
    }

    private async ValueTask ResumeEffectsAsync(ValueTask pending, int index, int count, bool ownFaultChanged)
    {
        await pending.ConfigureAwait(false);
        AfterEffect(_effects[index]);
        await ExecuteEffects(index + 1, count, ownFaultChanged).ConfigureAwait(false);
    }

    private ValueTask ExecuteEffect(in VrrpEffect effect)
    {
        switch (effect.Kind)
        {
            case VrrpEffectKind.SendAdvertisement:
                // The VIP lease lives as long as the master's advert path does: a hung instance stops renewing it.
                if (_lease is not null && effect.Priority != 0 && _ownsVirtualAddresses)
                {
                    RenewLease();
                }

                return SendAdvertisement(effect.Priority, 0);
            case VrrpEffectKind.AddVirtualAddresses:
            case VrrpEffectKind.RemoveVirtualAddresses:
            case VrrpEffectKind.AnnounceVirtualAddresses:
            case VrrpEffectKind.ReannounceVirtualAddresses:
                if (effect.Kind == VrrpEffectKind.RemoveVirtualAddresses)
                {
                    _ownsVirtualAddresses = false;
                }

                return CallBinder(effect.Kind);
            case VrrpEffectKind.ArmTimer:
                ArmTimer(effect.Due);
                return default;
            case VrrpEffectKind.CancelTimer:
                _timerSetFor = long.MaxValue;
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                return default;
            case VrrpEffectKind.StateChanged:
                _counters.Transition(effect.To == VrrpState.Master);
                RaiseStateChanged(effect);
                return default;
            case VrrpEffectKind.SyncGroupRequestMaster:
            case VrrpEffectKind.SyncGroupRequestBackup:
                SyncGroupRequested?.Invoke(this, effect.Kind == VrrpEffectKind.SyncGroupRequestMaster);
                return default;
            default:
                return default;
        }
    }

    private void AfterEffect(in VrrpEffect effect)
    {
        if (effect.Kind == VrrpEffectKind.AddVirtualAddresses)
        {
            _ownsVirtualAddresses = true;
        }
    }

    // The ITimer is only moved when the new deadline is earlier than the one it is set for. A backup resets its
    // Master_Down_Timer on every advertisement; instead of re-arming each time, the timer fires at the older deadline,
    // the machine sees it is early and re-arms once for the real one. The advertisement path never touches the timer.
    // Only the loop reads or writes _timerSetFor, and every firing (even a stale one) makes the loop forget it and
    // re-arm from the machine's deadline, so the ITimer always fires no later than that deadline.
    private void ArmTimer(long due)
    {
        if (_timerSetFor <= due)
        {
            return;
        }

        _timerSetFor = due;
        _timer.Change(DelayUntil(due), Timeout.InfiniteTimeSpan);
    }

    private int Apply(in InstanceCommand command, long now)
    {
        switch (command.Kind)
        {
            case InstanceCommandKind.Machine:
                if (command.Input.Kind == VrrpInputKind.TimerFired)
                {
                    RecordLateness(command.Input.Timer, now);
                }

                return _machine.Step(command.Input, now, _effects);
            case InstanceCommandKind.TrackResult:
                if (!_tracking.Report(command.Index, command.Flag))
                {
                    return 0;
                }

                break;
            case InstanceCommandKind.Link:
                _linkUp = command.Flag;
                break;
            case InstanceCommandKind.SyncFault:
                _syncFault = command.Flag;
                break;
            case InstanceCommandKind.SourceAddress:
                return ApplySourceAddress(command, now);
            case InstanceCommandKind.TimerWake:
                _timerSetFor = long.MaxValue;
                if (_machine.TimerKind == VrrpTimerKind.None)
                {
                    return 0;
                }

                RecordLateness(_machine.TimerKind, now);
                return _machine.Step(VrrpInput.TimerFired(_machine.TimerKind), now, _effects);
            default:
                return 0;
        }

        // Tracking, link or sync fault changed: priority first (a master re-advertises), then fault.
        _ownFault = _tracking.IsFaulted || !_linkUp || _sourceMissing;
        int count = _machine.Step(VrrpInput.PriorityChanged(_tracking.EffectivePriority), now, _effects);
        count += _machine.Step(VrrpInput.FaultChanged(_ownFault || _syncFault), now, _effects.AsSpan(count));
        return count;
    }

    private int ApplySourceAddress(in InstanceCommand command, long now)
    {
        int count = 0;
        _sourceMissing = !command.Flag;
        if (command.Flag)
        {
            // Same family, so the same length: the encoder's bytes are rewritten in place (they are only read on this loop).
            VrrpAddress address = command.Input.Source;
            _filter.PrimaryAddress = address;
            address.WriteBytes(_primaryAddressBytes);
            count = _machine.Step(command.Input, now, _effects);
        }

        _ownFault = _tracking.IsFaulted || !_linkUp || _sourceMissing;
        count += _machine.Step(VrrpInput.FaultChanged(_ownFault || _syncFault), now, _effects.AsSpan(count));
        return count;
    }

    private void RecordLateness(VrrpTimerKind timer, long now)
    {
        if (timer != _machine.TimerKind || now < _machine.TimerDue)
        {
            return;
        }

        long late = now - _machine.TimerDue;
        _latenessCount++;
        _latenessLast = late;
        _latenessSum += late;
        _latenessMax = Math.Max(_latenessMax, late);
        TimeSpan lateness = _timeProvider.GetElapsedTime(0, late);
        if (lateness > TimerLatenessThreshold)
        {
            _latenessOverThreshold++;
        }

        int bucket = lateness < TimeSpan.FromMilliseconds(1) ? 0
            : lateness < TimeSpan.FromMilliseconds(10) ? 1
            : lateness < TimeSpan.FromMilliseconds(100) ? 2
            : lateness < TimeSpan.FromSeconds(1) ? 3
            : 4;
        _latenessHistogram[bucket]++;
        TimerLatenessObserved?.Invoke(lateness);
    }

    private VrrpTimerLateness GetTimerLateness() => new()
    {
        Count = _latenessCount,
        Last = _timeProvider.GetElapsedTime(0, _latenessLast),
        Max = _timeProvider.GetElapsedTime(0, _latenessMax),
        Mean = _latenessCount == 0 ? TimeSpan.Zero : _timeProvider.GetElapsedTime(0, _latenessSum / _latenessCount),
        Threshold = TimerLatenessThreshold,
        CountOverThreshold = _latenessOverThreshold,
        Histogram = (long[])_latenessHistogram.Clone(),
    };

    // Rounds up, so that the timer never fires before the machine's deadline.
    private TimeSpan DelayUntil(long due)
    {
        long remaining = due - _timeProvider.GetTimestamp();
        if (remaining <= 0)
        {
            return TimeSpan.Zero;
        }

        long frequency = _timeProvider.TimestampFrequency;
        return TimeSpan.FromTicks((long)((((Int128)remaining * TimeSpan.TicksPerSecond) + frequency - 1) / frequency));
    }

    private ValueTask SendAdvertisement(byte priority, int first)
    {
        for (int i = first; i < _destinations.Length; i++)
        {
            int length = EncodeAdvertisement(priority, i);
            ValueTask pending;
            try
            {
                pending = _transport.SendAsync(_settings, _sendBuffer.AsMemory(0, length), _destinations[i], _lifetime.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                SendFailed(i, ex);
                continue;
            }

            if (!pending.IsCompletedSuccessfully)
            {
                return ResumeSendAsync(pending, priority, i);
            }

            pending.GetAwaiter().GetResult();
            _counters.Sent(priority);
        }

        return default;
    }

    private async ValueTask ResumeSendAsync(ValueTask pending, byte priority, int index)
    {
        try
        {
            await pending.ConfigureAwait(false);
            _counters.Sent(priority);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SendFailed(index, ex);
        }

        await SendAdvertisement(priority, index + 1).ConfigureAwait(false);
    }

    private void SendFailed(int destination, Exception ex)
    {
        _counters.SendError();
        _lastError = $"sending an advertisement to {_destinations[destination]} failed: {ex.Message}";
    }

    private int EncodeAdvertisement(byte priority, int destination)
    {
        var advertisement = new VrrpAdvertisement
        {
            Version = _settings.Version,
            VirtualRouterId = _settings.VirtualRouterId,
            Priority = priority,
            AdvertIntervalCentiseconds = (ushort)_filter.AdvertIntervalCentiseconds,
            AuthType = _settings.AuthType,
        };
        var ip = new VrrpIpContext(_settings.Family, _primaryAddressBytes, _destinationBytes[destination], VrrpPacketReader.RequiredTtl);
        VrrpPacketWriter.TryWrite(_sendBuffer, advertisement, _filter.VirtualAddressBytes, _filter.Password, ip, _settings.Ipv4ChecksumForm, out int length);
        return length;
    }

    private void RenewLease()
    {
        try
        {
            _lease!.RenewLease(_settings);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            BinderFailed(VrrpEffectKind.AddVirtualAddresses, ex);
        }
    }

    private ValueTask CallBinder(VrrpEffectKind kind)
    {
        ValueTask pending;
        try
        {
            pending = kind switch
            {
                VrrpEffectKind.AddVirtualAddresses => _binder.AddAsync(_settings, _lifetime.Token),
                VrrpEffectKind.RemoveVirtualAddresses => _binder.RemoveAsync(_settings, _lifetime.Token),
                VrrpEffectKind.ReannounceVirtualAddresses => _binder.ReannounceAsync(_settings, _lifetime.Token),
                _ => _binder.AnnounceAsync(_settings, _lifetime.Token),
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            BinderFailed(kind, ex);
            return default;
        }

        return pending.IsCompletedSuccessfully ? pending : ObserveBinderAsync(pending, kind);
    }

    private async ValueTask ObserveBinderAsync(ValueTask pending, VrrpEffectKind kind)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            BinderFailed(kind, ex);
        }
    }

    private void BinderFailed(VrrpEffectKind kind, Exception ex)
    {
        _counters.BinderError();
        _lastError = $"{kind} failed: {ex.Message}";
    }

    private void RaiseStateChanged(in VrrpEffect effect)
    {
        EventHandler<VrrpStateChangedEventArgs>? handler = StateChanged;
        if (handler is null)
        {
            return;
        }

        string explanation;
        byte priority;
        lock (_lock)
        {
            explanation = ExplainLocked(_timeProvider.GetTimestamp());
            priority = _machine.Priority;
        }

        try
        {
            handler(this, new VrrpStateChangedEventArgs(Name, effect.From, effect.To, effect.Reason, explanation, priority));
        }
        catch (Exception ex)
        {
            // A subscriber's bug must not stop failover.
            _lastError = $"a StateChanged handler threw: {ex.Message}";
        }
    }

    private string ExplainLocked(long now) =>
        InstanceExplainer.Explain(_machine, _tracking, _linkUp, _syncFault, SyncGroup?.Name, _settings.Preempt, _timeProvider, now, _sourceMissing);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} (VRID {_settings.VirtualRouterId}, {_settings.PrimaryAddress})";

    internal IPAddress PrimaryAddress => _settings.PrimaryAddress;

    internal IReadOnlyList<VrrpAddress> Destinations => _destinations;
}
