namespace Vrrp.StateMachine;

/// <summary>
/// The RFC 5798 §6.4 state machine for one instance (one VRID, one family), with the RFC 3768 rules for VRRPv2 and
/// keepalived's Fault state, preempt_delay and sync-group transitions. Pure: it reads no clock, owns no timer or
/// socket and calls nothing. Each <see cref="Step"/> takes one input and the current timestamp and writes the
/// effects to perform, in order, into a caller buffer; it never allocates. Not thread-safe: one driver owns it.
/// </summary>
internal sealed partial class VrrpStateMachine
{
    private const long MaxAdvertisementTimerToleranceMicroseconds = 1000;

    /// <summary>The most effects a single <see cref="Step"/> can produce; the buffer must be at least this long.</summary>
    public const int MaxEffectsPerStep = 8;

    private const long NoDeadline = long.MinValue;

    private VrrpStateMachineConfig _config;
    private byte _priority;
    private bool _faulted;
    private bool _maintenance;
    private long _masterAdverIntervalMicroseconds;
    private long _preemptDelayUntil = NoDeadline;
    private bool _masterStopped;
    private VrrpAddress _primaryAddress;
    private long _lowerPriorityAnsweredAt = NoDeadline;

    public VrrpStateMachine(in VrrpStateMachineConfig config)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(config.Priority, (byte)1);
        ArgumentOutOfRangeException.ThrowIfLessThan(config.AdvertisementIntervalMicroseconds, VrrpTimers.MicrosecondsPerCentisecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(config.TimestampFrequency, 1);
        if (config.PrimaryAddress.IsEmpty)
        {
            throw new ArgumentException("The primary address is required.", nameof(config));
        }

        _config = config;
        _priority = config.Priority;
        _masterAdverIntervalMicroseconds = config.AdvertisementIntervalMicroseconds;
        _primaryAddress = config.PrimaryAddress;
    }

    /// <summary>Gets the configuration.</summary>
    public ref readonly VrrpStateMachineConfig Config => ref _config;

    /// <summary>Gets the current state.</summary>
    public VrrpState State { get; private set; } = VrrpState.Initialize;

    /// <summary>Gets why the current state was entered.</summary>
    public VrrpTransitionReason Reason { get; private set; }

    /// <summary>Gets the timestamp at which the current state was entered (0 before the first transition).</summary>
    public long StateEnteredAt { get; private set; }

    /// <summary>Gets the effective priority used in elections and advertisements.</summary>
    public byte Priority => _priority;

    /// <summary>Gets whether a fault is reported (the instance is in, or will start in, <see cref="VrrpState.Fault"/>).</summary>
    public bool IsFaulted => _faulted;

    /// <summary>Gets whether an operator put the instance in maintenance: it is in, or will start in, <see cref="VrrpState.Fault"/> whatever its faults.</summary>
    public bool InMaintenance => _maintenance;

    /// <summary>Gets Master_Adver_Interval in microseconds: learnt from the master's advertisements in VRRPv3.</summary>
    public long MasterAdverIntervalMicroseconds => _masterAdverIntervalMicroseconds;

    /// <summary>Gets Skew_Time in microseconds for the current priority and Master_Adver_Interval.</summary>
    public long SkewTimeMicroseconds => VrrpTimers.SkewTimeMicroseconds(_config.Version, _priority, _masterAdverIntervalMicroseconds);

    /// <summary>Gets Master_Down_Interval in microseconds for the current priority and Master_Adver_Interval.</summary>
    public long MasterDownIntervalMicroseconds => VrrpTimers.MasterDownIntervalMicroseconds(_config.Version, _priority, _masterAdverIntervalMicroseconds);

    /// <summary>Gets the armed timer, or <see cref="VrrpTimerKind.None"/>.</summary>
    public VrrpTimerKind TimerKind { get; private set; }

    /// <summary>Gets the timestamp at which the armed timer is due (meaningless when <see cref="TimerKind"/> is None).</summary>
    public long TimerDue { get; private set; }

    /// <summary>Gets our primary address: <see cref="VrrpStateMachineConfig.PrimaryAddress"/> until the interface's address changes.</summary>
    public VrrpAddress PrimaryAddress => _primaryAddress;

    /// <summary>Gets the primary address of the current master: ours when master, the last accepted sender when backup.</summary>
    public VrrpAddress MasterAddress { get; private set; }

    /// <summary>Gets the priority the current master advertised (0 after it announced it was stopping).</summary>
    public byte MasterPriority { get; private set; }

    /// <summary>Gets the timestamp of the last advertisement accepted from the master, or 0.</summary>
    public long LastMasterAdvertisementAt { get; private set; }

    /// <summary>Gets the sender of the last advertisement discarded for its lower priority (a preemption is pending while backup).</summary>
    public VrrpAddress LastLowerPrioritySender { get; private set; }

    /// <summary>Gets the priority of the last advertisement discarded for its lower priority.</summary>
    public byte LastLowerPriority { get; private set; }

    /// <summary>Gets the timestamp until which preempt_delay defers to a lower-priority master, or <see cref="long.MinValue"/>.</summary>
    public long PreemptDelayUntil => _preemptDelayUntil;

    /// <summary>
    /// Gets or sets whether the instance is a member of a sync group. A member whose Master_Down_Timer expires does not
    /// become master on its own: it sets <see cref="WantsMaster"/> and asks the group, which sends
    /// <see cref="VrrpInputKind.SyncGroupMaster"/> once every member would be master (keepalived's vrrp_sync_can_goto_master).
    /// </summary>
    public bool InSyncGroup { get; set; }

    /// <summary>
    /// Gets whether this backup would be master if it were not in a sync group (keepalived's wantstate MASTER): its
    /// Master_Down_Timer expired and no advertisement it must defer to arrived since.
    /// </summary>
    public bool WantsMaster { get; private set; }

    /// <summary>Processes one input.</summary>
    /// <param name="input">What happened.</param>
    /// <param name="now">The current timestamp of the driver's clock (monotonic, <see cref="VrrpStateMachineConfig.TimestampFrequency"/> ticks per second).</param>
    /// <param name="effects">Receives the effects to perform, in order; at least <see cref="MaxEffectsPerStep"/> long.</param>
    /// <returns>The number of effects written.</returns>
    public int Step(in VrrpInput input, long now, Span<VrrpEffect> effects)
    {
        if (effects.Length < MaxEffectsPerStep)
        {
            throw new ArgumentException($"The effect buffer must hold at least {MaxEffectsPerStep} effects.", nameof(effects));
        }

        int count = 0;
        switch (input.Kind)
        {
            case VrrpInputKind.Start:
                OnStart(now, effects, ref count);
                break;
            case VrrpInputKind.Shutdown:
                OnShutdown(now, effects, ref count);
                break;
            case VrrpInputKind.AdvertisementReceived:
                OnAdvertisement(input.Advertisement, input.Source, now, effects, ref count);
                break;
            case VrrpInputKind.TimerFired:
                OnTimer(input.Timer, now, effects, ref count);
                break;
            case VrrpInputKind.PriorityChanged:
                OnPriorityChanged(input.Priority, now, effects, ref count);
                break;
            case VrrpInputKind.FaultChanged:
                OnFaultChanged(input.Flag, now, effects, ref count);
                break;
            case VrrpInputKind.MaintenanceChanged:
                OnMaintenanceChanged(input.Flag, now, effects, ref count);
                break;
            case VrrpInputKind.SyncGroupMaster:
                // The group decided that every member would be master; a member that has heard a better master since
                // stays backup (and has asked the group to step down with SyncGroupRequestBackup).
                if (State == VrrpState.Backup && WantsMaster)
                {
                    VrrpTransitionReason reason = !input.Flag ? VrrpTransitionReason.SyncGroup
                        : _masterStopped ? VrrpTransitionReason.MasterStopped
                        : VrrpTransitionReason.MasterDownTimerExpired;
                    BecomeMasterWhenPermitted(now, reason, effects, ref count);
                }

                break;
            case VrrpInputKind.SyncGroupBackup:
                if (State == VrrpState.Master)
                {
                    LeaveMasterForBackup(now, VrrpTransitionReason.SyncGroup, effects, ref count);
                }

                break;
            case VrrpInputKind.PrimaryAddressChanged:
                OnPrimaryAddressChanged(input.Source, now, effects, ref count);
                break;
            case VrrpInputKind.GateChanged:
                OnGateChanged(input.Flag, now, effects, ref count);
                break;
            default:
                throw new ArgumentException($"Unknown input kind {input.Kind}.", nameof(input));
        }

        UpdateGateWanted(effects, ref count);
        return count;
    }

    /// <summary>
    /// Gets how early Adver_Timer may fire and still send the advertisement (timestamp ticks): a hundredth of
    /// Advertisement_Interval, at most a millisecond. A master of 1,000 instances at 100 ms adverts has 10,000 deadlines
    /// a second, each a wake-up of the timer thread; firing those within a millisecond of one another together takes
    /// most of them away, and an advert that leaves a millisecond early changes nothing for a backup that waits three
    /// intervals. Master_Down_Timer never fires early.
    /// </summary>
    public long AdvertisementTimerToleranceTicks => ToTicks(Math.Min(MaxAdvertisementTimerToleranceMicroseconds, _config.AdvertisementIntervalMicroseconds / 100));

    /// <summary>Converts microseconds to timestamp ticks of the driver's clock (truncating).</summary>
    /// <param name="microseconds">A duration in microseconds.</param>
    /// <returns>The duration in timestamp ticks.</returns>
    public long ToTicks(long microseconds)
    {
        long frequency = _config.TimestampFrequency;
        return frequency % VrrpTimers.MicrosecondsPerSecond == 0
            ? microseconds * (frequency / VrrpTimers.MicrosecondsPerSecond)
            : (long)((Int128)microseconds * frequency / VrrpTimers.MicrosecondsPerSecond);
    }
}
