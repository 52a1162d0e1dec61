using System;
using Vrrp.Packets;

namespace Vrrp.StateMachine;

/// <summary>
/// The RFC 5798 §6.4 state machine for one instance (one VRID, one family), with the RFC 3768 rules for VRRPv2 and
/// keepalived's Fault state, preempt_delay and sync-group transitions. Pure: it reads no clock, owns no timer or
/// socket and calls nothing. Each <see cref="Step"/> takes one input and the current timestamp and writes the
/// effects to perform, in order, into a caller buffer; it never allocates. Not thread-safe: one driver owns it.
/// </summary>
internal sealed class VrrpStateMachine
{
    /// <summary>The most effects a single <see cref="Step"/> can produce; the buffer must be at least this long.</summary>
    public const int MaxEffectsPerStep = 8;

    private const long NoDeadline = long.MinValue;

    private readonly VrrpStateMachineConfig _config;
    private byte _priority;
    private bool _faulted;
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
            case VrrpInputKind.SyncGroupMaster:
                // The group decided that every member would be master; a member that has heard a better master since
                // stays backup (and has asked the group to step down with SyncGroupRequestBackup).
                if (State == VrrpState.Backup && WantsMaster)
                {
                    VrrpTransitionReason reason = !input.Flag ? VrrpTransitionReason.SyncGroup
                        : _masterStopped ? VrrpTransitionReason.MasterStopped
                        : VrrpTransitionReason.MasterDownTimerExpired;
                    BecomeMaster(now, reason, effects, ref count);
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
            default:
                throw new ArgumentException($"Unknown input kind {input.Kind}.", nameof(input));
        }

        return count;
    }

    private void OnStart(long now, Span<VrrpEffect> effects, ref int count)
    {
        if (State is not (VrrpState.Initialize or VrrpState.Stopped))
        {
            return;
        }

        if (_faulted)
        {
            Transition(VrrpState.Fault, VrrpTransitionReason.Fault, now, effects, ref count);
            return;
        }

        Initialize(now, VrrpTransitionReason.Started, effects, ref count);
    }

    // RFC 5798 §6.4.1: the owner (priority 255) becomes master at once, everyone else starts as backup.
    private void Initialize(long now, VrrpTransitionReason backupReason, Span<VrrpEffect> effects, ref int count)
    {
        if (_config.Priority == 255)
        {
            BecomeMaster(now, VrrpTransitionReason.AddressOwner, effects, ref count);
            return;
        }

        _masterAdverIntervalMicroseconds = _config.AdvertisementIntervalMicroseconds;
        _masterStopped = false;
        MasterAddress = default;
        MasterPriority = 0;
        LastLowerPrioritySender = default;
        LastLowerPriority = 0;

        // keepalived's preempt_delay starts when preemption first becomes possible (the first lower-priority advert).
        _preemptDelayUntil = NoDeadline;
        long down = MasterDownIntervalMicroseconds;
        if (backupReason == VrrpTransitionReason.Started && _config.StartAsMaster && InSyncGroup)
        {
            // keepalived's vrrp_init_state: a `state MASTER` member of a sync group (which starts as BACKUP) waits
            // one advertisement interval plus the smallest skew, to make sure there is no other master.
            down = _masterAdverIntervalMicroseconds + VrrpTimers.SkewTimeMicroseconds(_config.Version, 255, _masterAdverIntervalMicroseconds);
        }

        Arm(VrrpTimerKind.MasterDown, now + ToTicks(down), effects, ref count);
        Transition(VrrpState.Backup, backupReason, now, effects, ref count);
    }

    private void OnShutdown(long now, Span<VrrpEffect> effects, ref int count)
    {
        switch (State)
        {
            case VrrpState.Master:
                // RFC 5798 §6.4.3 Shutdown: cancel Adver_Timer, send an advertisement with priority 0.
                Cancel(effects, ref count);
                effects[count++] = VrrpEffect.SendAdvertisement(0);
                effects[count++] = VrrpEffect.RemoveVirtualAddresses();
                break;
            case VrrpState.Backup:
                Cancel(effects, ref count);
                break;
            case VrrpState.Stopped:
                return;
            default:
                break;
        }

        Transition(VrrpState.Stopped, VrrpTransitionReason.Shutdown, now, effects, ref count);
    }

    private void OnAdvertisement(in VrrpAdvertisement advertisement, VrrpAddress source, long now, Span<VrrpEffect> effects, ref int count)
    {
        byte senderPriority = advertisement.Priority;
        if (State == VrrpState.Backup)
        {
            if (senderPriority == 0)
            {
                // RFC 5798 §6.4.2: the master is stopping; take over after Skew_Time instead of Master_Down_Interval.
                _masterStopped = true;
                MasterAddress = source;
                MasterPriority = 0;
                LastMasterAdvertisementAt = now;
                Arm(VrrpTimerKind.MasterDown, now + ToTicks(SkewTimeMicroseconds), effects, ref count);
                return;
            }

            if (!_config.Preempt || senderPriority >= _priority || DeferToLowerPriorityMaster(now))
            {
                if (senderPriority >= _priority)
                {
                    // A master at least as good as us restarts preempt_delay the next time a lower one appears.
                    _preemptDelayUntil = NoDeadline;
                }

                // RFC 5798 §6.4.2: learn Master_Adver_Interval (VRRPv3 only: VRRPv2 intervals must already match),
                // which recomputes Skew_Time and Master_Down_Interval, then restart Master_Down_Timer.
                if (_config.Version == VrrpVersion.V3)
                {
                    _masterAdverIntervalMicroseconds = advertisement.AdvertIntervalCentiseconds * VrrpTimers.MicrosecondsPerCentisecond;
                }

                _masterStopped = false;
                MasterAddress = source;
                MasterPriority = senderPriority;
                LastMasterAdvertisementAt = now;
                Arm(VrrpTimerKind.MasterDown, now + ToTicks(MasterDownIntervalMicroseconds), effects, ref count);
                if (WantsMaster)
                {
                    // keepalived: a member held in backup by its group no longer wants master once it hears a master
                    // it defers to; if the group went master meanwhile, this member pulls it back to backup.
                    WantsMaster = false;
                    effects[count++] = VrrpEffect.SyncGroupRequestBackup();
                }

                return;
            }

            // Preempt_Mode is true and the sender is below us: discard, so Master_Down_Timer runs out and we preempt.
            LastLowerPrioritySender = source;
            LastLowerPriority = senderPriority;
            return;
        }

        if (State != VrrpState.Master)
        {
            return;
        }

        if (senderPriority == 0)
        {
            // RFC 5798 §6.4.3: another master is stopping; make sure the backups hear us at once.
            effects[count++] = VrrpEffect.SendAdvertisement(_priority);
            Arm(VrrpTimerKind.Adver, now + ToTicks(_config.AdvertisementIntervalMicroseconds), effects, ref count);
            return;
        }

        if (Election.SenderWins(senderPriority, source, _priority, _primaryAddress))
        {
            if (_config.Version == VrrpVersion.V3)
            {
                _masterAdverIntervalMicroseconds = advertisement.AdvertIntervalCentiseconds * VrrpTimers.MicrosecondsPerCentisecond;
            }

            MasterAddress = source;
            MasterPriority = senderPriority;
            LastMasterAdvertisementAt = now;
            if (_config.HigherPrioritySendAdvert)
            {
                // keepalived's higher_prio_send_advert (on by default here unless lower_prio_no_advert): yield with one
                // last advertisement. When a split brain heals, whichever master hears the other first acts; if the
                // loser heard first and left silently, the winner would never see the contention (RFC 9568 §6.4.3)
                // and never re-announce, leaving caches that followed the loser stale.
                effects[count++] = VrrpEffect.SendAdvertisement(_priority);
            }

            LeaveMasterForBackup(
                now,
                senderPriority > _priority ? VrrpTransitionReason.HigherPriorityAdvertisement : VrrpTransitionReason.EqualPriorityHigherAddress,
                effects,
                ref count);
            return;
        }

        LastLowerPrioritySender = source;
        LastLowerPriority = senderPriority;

        // At most one answer per Advertisement_Interval: a host flooding lower-priority adverts must not make us send
        // an advert and a burst of gratuitous ARPs for each one (keepalived answers every one). One answer per interval
        // asserts mastership as well, since the other side hears our periodic adverts at that rate anyway.
        long interval = ToTicks(_config.AdvertisementIntervalMicroseconds);
        if (_lowerPriorityAnsweredAt != NoDeadline && now - _lowerPriorityAnsweredAt < interval)
        {
            return;
        }

        _lowerPriorityAnsweredAt = now;
        if (!_config.LowerPriorityNoAdvert)
        {
            // RFC 9568 §6.4.3: assert mastership at once.
            effects[count++] = VrrpEffect.SendAdvertisement(_priority);
        }

        // keepalived: re-announce the addresses so that switches and hosts that learnt the other master during a split
        // brain point back at us, on the garp_lower_prio_* schedule (independent of lower_prio_no_advert).
        effects[count++] = VrrpEffect.ReannounceVirtualAddresses();
    }

    // keepalived's preempt_delay: a backup defers to a lower-priority master until the delay, counted from the first
    // lower-priority advertisement (since startup, or since it last heard a master at least as good), has passed.
    private bool DeferToLowerPriorityMaster(long now)
    {
        if (_config.PreemptDelayMicroseconds <= 0)
        {
            return false;
        }

        if (_preemptDelayUntil == NoDeadline)
        {
            _preemptDelayUntil = now + ToTicks(_config.PreemptDelayMicroseconds);
        }

        return now < _preemptDelayUntil;
    }

    private void OnTimer(VrrpTimerKind timer, long now, Span<VrrpEffect> effects, ref int count)
    {
        if (timer == VrrpTimerKind.None || timer != TimerKind)
        {
            // Stale: the timer was re-armed for something else or cancelled after this firing was queued.
            return;
        }

        if (now < TimerDue)
        {
            // Fired early (or was re-armed later while the firing was queued): keep waiting.
            effects[count++] = VrrpEffect.ArmTimer(TimerKind, TimerDue);
            return;
        }

        if (timer == VrrpTimerKind.MasterDown && State == VrrpState.Backup && InSyncGroup)
        {
            // keepalived's vrrp_sync_can_goto_master: ask the group, and wait another Master_Down_Interval; the group
            // answers with SyncGroupMaster when every member wants master, which binds the addresses.
            WantsMaster = true;
            Arm(VrrpTimerKind.MasterDown, now + ToTicks(MasterDownIntervalMicroseconds), effects, ref count);
            effects[count++] = VrrpEffect.SyncGroupRequestMaster();
        }
        else if (timer == VrrpTimerKind.MasterDown && State == VrrpState.Backup)
        {
            BecomeMaster(now, _masterStopped ? VrrpTransitionReason.MasterStopped : VrrpTransitionReason.MasterDownTimerExpired, effects, ref count);
        }
        else if (timer == VrrpTimerKind.Adver && State == VrrpState.Master)
        {
            // RFC 5798 §6.4.3: send an advertisement and reset Adver_Timer to Advertisement_Interval.
            effects[count++] = VrrpEffect.SendAdvertisement(_priority);
            Arm(VrrpTimerKind.Adver, now + ToTicks(_config.AdvertisementIntervalMicroseconds), effects, ref count);
        }
    }

    private void OnPriorityChanged(byte priority, long now, Span<VrrpEffect> effects, ref int count)
    {
        // Tracking never moves a priority to or from 255 (the owner keeps it; keepalived clamps others to 1..254).
        if (_config.Priority == 255 || priority is 0 or 255 || priority == _priority)
        {
            return;
        }

        long oldDown = MasterDownIntervalMicroseconds;
        _priority = priority;
        if (State == VrrpState.Backup && TimerKind == VrrpTimerKind.MasterDown)
        {
            // Skew_Time depends on the priority: move the deadline by the change in Master_Down_Interval, so that it
            // stays counted from the last advertisement (keepalived recomputes ms_down_timer and shifts its sands).
            Arm(VrrpTimerKind.MasterDown, TimerDue + ToTicks(MasterDownIntervalMicroseconds) - ToTicks(oldDown), effects, ref count);
        }
        else if (State == VrrpState.Master)
        {
            // keepalived re-advertises at once so that a better backup can preempt without waiting for the next tick.
            effects[count++] = VrrpEffect.SendAdvertisement(_priority);
            Arm(VrrpTimerKind.Adver, now + ToTicks(_config.AdvertisementIntervalMicroseconds), effects, ref count);
        }
    }

    // The interface's address changed under us (keepalived re-reads it from rtnetlink): elections and MasterAddress use
    // the new one, and a master advertises from it at once so that backups learn the new source without a gap.
    private void OnPrimaryAddressChanged(VrrpAddress address, long now, Span<VrrpEffect> effects, ref int count)
    {
        // The driver checks the family; an address of the other one is ignored rather than thrown from the input loop.
        if (address.IsEmpty || address == _primaryAddress || address.Length != _primaryAddress.Length)
        {
            return;
        }

        _primaryAddress = address;
        if (State == VrrpState.Master)
        {
            MasterAddress = address;
            effects[count++] = VrrpEffect.SendAdvertisement(_priority);
            Arm(VrrpTimerKind.Adver, now + ToTicks(_config.AdvertisementIntervalMicroseconds), effects, ref count);
        }
    }

    private void OnFaultChanged(bool faulted, long now, Span<VrrpEffect> effects, ref int count)
    {
        if (faulted == _faulted)
        {
            return;
        }

        _faulted = faulted;
        if (faulted)
        {
            switch (State)
            {
                case VrrpState.Master:
                    // As keepalived does: tell the backups at once (priority 0) rather than let them wait for the down timer.
                    Cancel(effects, ref count);
                    effects[count++] = VrrpEffect.SendAdvertisement(0);
                    effects[count++] = VrrpEffect.RemoveVirtualAddresses();
                    Transition(VrrpState.Fault, VrrpTransitionReason.Fault, now, effects, ref count);
                    break;
                case VrrpState.Backup:
                    Cancel(effects, ref count);
                    Transition(VrrpState.Fault, VrrpTransitionReason.Fault, now, effects, ref count);
                    break;
                default:
                    // Initialize and Stopped remember the fault; Start enters Fault.
                    break;
            }

            return;
        }

        if (State == VrrpState.Fault)
        {
            Initialize(now, VrrpTransitionReason.FaultCleared, effects, ref count);
        }
    }

    // RFC 5798 §6.4.2 (Master_Down_Timer fires) and §6.4.1 (owner): the addresses are bound first so that the
    // gratuitous ARP / unsolicited NA that follows the advertisement announces addresses we already answer for.
    private void BecomeMaster(long now, VrrpTransitionReason reason, Span<VrrpEffect> effects, ref int count)
    {
        effects[count++] = VrrpEffect.AddVirtualAddresses();
        effects[count++] = VrrpEffect.SendAdvertisement(_priority);
        effects[count++] = VrrpEffect.AnnounceVirtualAddresses();
        Arm(VrrpTimerKind.Adver, now + ToTicks(_config.AdvertisementIntervalMicroseconds), effects, ref count);
        MasterAddress = _primaryAddress;
        MasterPriority = _priority;
        _masterStopped = false;
        _preemptDelayUntil = NoDeadline;
        _lowerPriorityAnsweredAt = NoDeadline;
        Transition(VrrpState.Master, reason, now, effects, ref count);
    }

    // RFC 5798 §6.4.3: cancel Adver_Timer, set Master_Down_Timer to Master_Down_Interval, transition to Backup.
    private void LeaveMasterForBackup(long now, VrrpTransitionReason reason, Span<VrrpEffect> effects, ref int count)
    {
        effects[count++] = VrrpEffect.RemoveVirtualAddresses();
        Arm(VrrpTimerKind.MasterDown, now + ToTicks(MasterDownIntervalMicroseconds), effects, ref count);
        _masterStopped = false;
        Transition(VrrpState.Backup, reason, now, effects, ref count);
    }

    private void Transition(VrrpState to, VrrpTransitionReason reason, long now, Span<VrrpEffect> effects, ref int count)
    {
        VrrpState from = State;
        WantsMaster = false;
        State = to;
        Reason = reason;
        StateEnteredAt = now;
        effects[count++] = VrrpEffect.StateChanged(from, to, reason);
    }

    private void Arm(VrrpTimerKind timer, long due, Span<VrrpEffect> effects, ref int count)
    {
        TimerKind = timer;
        TimerDue = due;
        effects[count++] = VrrpEffect.ArmTimer(timer, due);
    }

    private void Cancel(Span<VrrpEffect> effects, ref int count)
    {
        if (TimerKind == VrrpTimerKind.None)
        {
            return;
        }

        TimerKind = VrrpTimerKind.None;
        TimerDue = 0;
        effects[count++] = VrrpEffect.CancelTimer();
    }

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
