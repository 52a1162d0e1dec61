namespace Vrrp.StateMachine;

/// <summary>Start, shutdown, timers, priority, fault and address changes (RFC 5798 §6.4.1 to §6.4.3, keepalived's Fault state).</summary>
internal sealed partial class VrrpStateMachine
{
    private void OnStart(long now, Span<VrrpEffect> effects, ref int count)
    {
        if (State is not (VrrpState.Initialize or VrrpState.Stopped))
        {
            return;
        }

        if (OutOfElection)
        {
            Transition(VrrpState.Fault, _maintenance ? VrrpTransitionReason.Maintenance : VrrpTransitionReason.Fault, now, effects, ref count);
            return;
        }

        Initialize(now, VrrpTransitionReason.Started, effects, ref count);
    }

    // RFC 5798 §6.4.1: the owner (priority 255) becomes master at once, everyone else starts as backup.
    private void Initialize(long now, VrrpTransitionReason backupReason, Span<VrrpEffect> effects, ref int count)
    {
        // A gated owner starts as a backup like everyone else: it too needs the gate first.
        if (_config.Priority == 255 && !Gated)
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

    private void OnTimer(VrrpTimerKind timer, long now, Span<VrrpEffect> effects, ref int count)
    {
        if (timer == VrrpTimerKind.None || timer != TimerKind)
        {
            // Stale: the timer was re-armed for something else or cancelled after this firing was queued.
            return;
        }

        if (now < TimerDue && !(timer == VrrpTimerKind.Adver && TimerDue - now <= AdvertisementTimerToleranceTicks))
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
            BecomeMasterWhenPermitted(now, _masterStopped ? VrrpTransitionReason.MasterStopped : VrrpTransitionReason.MasterDownTimerExpired, effects, ref count);
        }
        else if (timer == VrrpTimerKind.Adver && State == VrrpState.Master)
        {
            // RFC 5798 §6.4.3: send an advertisement and reset Adver_Timer to Advertisement_Interval; from the deadline
            // when the timer thread fired it a little early (with another instance's), so the schedule does not drift.
            effects[count++] = VrrpEffect.SendAdvertisement(_priority);
            Arm(VrrpTimerKind.Adver, Math.Max(now, TimerDue) + ToTicks(_config.AdvertisementIntervalMicroseconds), effects, ref count);
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

    private bool OutOfElection => _faulted || _maintenance;

    private void OnFaultChanged(bool faulted, long now, Span<VrrpEffect> effects, ref int count) =>
        SetOutOfElection(ref _faulted, faulted, VrrpTransitionReason.Fault, VrrpTransitionReason.FaultCleared, now, effects, ref count);

    // Maintenance reuses the Fault state: out of the election until the operator takes it out again, whatever faults
    // come and go meanwhile (a fault that clears during maintenance does not bring the instance back).
    private void OnMaintenanceChanged(bool on, long now, Span<VrrpEffect> effects, ref int count) =>
        SetOutOfElection(ref _maintenance, on, VrrpTransitionReason.Maintenance, VrrpTransitionReason.Maintenance, now, effects, ref count);

    // Either cause (a fault, maintenance) keeps the instance in Fault; it returns when neither holds.
    private void SetOutOfElection(ref bool cause, bool value, VrrpTransitionReason leaveReason, VrrpTransitionReason returnReason, long now, Span<VrrpEffect> effects, ref int count)
    {
        if (cause == value)
        {
            return;
        }

        bool wasOut = OutOfElection;
        cause = value;
        OnElectionChanged(wasOut, leaveReason, returnReason, now, effects, ref count);
    }

    private void OnElectionChanged(bool wasOut, VrrpTransitionReason leaveReason, VrrpTransitionReason returnReason, long now, Span<VrrpEffect> effects, ref int count)
    {
        bool isOut = OutOfElection;
        if (isOut == wasOut)
        {
            return;
        }

        if (isOut)
        {
            switch (State)
            {
                case VrrpState.Master:
                    // As keepalived does: tell the backups at once (priority 0) rather than let them wait for the down timer.
                    Cancel(effects, ref count);
                    effects[count++] = VrrpEffect.SendAdvertisement(0);
                    effects[count++] = VrrpEffect.RemoveVirtualAddresses();
                    Transition(VrrpState.Fault, leaveReason, now, effects, ref count);
                    break;
                case VrrpState.Backup:
                    Cancel(effects, ref count);
                    Transition(VrrpState.Fault, leaveReason, now, effects, ref count);
                    break;
                default:
                    // Initialize and Stopped remember it; Start enters Fault.
                    break;
            }

            return;
        }

        if (State == VrrpState.Fault)
        {
            Initialize(now, returnReason, effects, ref count);
        }
    }
}
