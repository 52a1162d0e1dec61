namespace Vrrp.StateMachine;

/// <summary>State transitions and the timer effects they carry.</summary>
internal sealed partial class VrrpStateMachine
{
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
        WaitsForGate = false;
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
}
