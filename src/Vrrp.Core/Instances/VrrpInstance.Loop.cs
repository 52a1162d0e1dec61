using Vrrp.Diagnostics;
using Vrrp.StateMachine;

namespace Vrrp.Instances;

/// <summary>
/// One step of the input loop: the drainer (VrrpInstance.Queue.cs) hands over each input in order; it steps the state
/// machine under the lock and carries out the effects in order (send, bind, arm the timer, raise the event),
/// synchronously unless a transport or binder call really goes asynchronous.
/// </summary>
public sealed partial class VrrpInstance
{
    private ValueTask Process(in InstanceCommand command)
    {
        if (command.Kind == InstanceCommandKind.Settings)
        {
            return ApplySettingsOnLoopAsync((SettingsChange)command.Payload!);
        }

        int count;
        bool ownFaultBefore;
        lock (_lock)
        {
            ownFaultBefore = OwnFault;
            long now = _timeProvider.GetTimestamp();
            count = Apply(command, now);
            _lastStepAt = now;
        }

        if (count > 0)
        {
            TakeoverEventSource.Log.Stepped(count);
        }

        return ExecuteEffects(0, count, ownFaultBefore != OwnFault);
    }

    private ValueTask ExecuteEffects(int start, int count, bool ownFaultChanged)
    {
        TakeoverEventSource log = TakeoverEventSource.Log;
        for (int i = start; i < count; i++)
        {
            log.EffectStart((int)_effects[i].Kind);
            ValueTask pending = ExecuteEffect(_effects[i]);
            if (!pending.IsCompletedSuccessfully)
            {
                log.EffectEnd((int)_effects[i].Kind, 1);
                return ResumeEffectsAsync(pending, i, count, ownFaultChanged);
            }

            log.EffectEnd((int)_effects[i].Kind, 0);

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
                if (_binder.Leases && effect.Priority != 0 && _ownsVirtualAddresses)
                {
                    _binder.RenewLease();
                }

                return _sender.SendAsync(effect.Priority);
            case VrrpEffectKind.AddVirtualAddresses:
            case VrrpEffectKind.RemoveVirtualAddresses:
            case VrrpEffectKind.AnnounceVirtualAddresses:
            case VrrpEffectKind.ReannounceVirtualAddresses:
                if (effect.Kind == VrrpEffectKind.RemoveVirtualAddresses)
                {
                    _ownsVirtualAddresses = false;
                }

                return _binder.CallAsync(effect.Kind);
            case VrrpEffectKind.ArmTimer:
                _timer.Arm(effect.Due, effect.Timer == VrrpTimerKind.Adver ? _machine.AdvertisementTimerToleranceTicks : 0, precise: effect.Timer == VrrpTimerKind.MasterDown);
                return default;
            case VrrpEffectKind.CancelTimer:
                _timer.Cancel();
                return default;
            case VrrpEffectKind.StateChanged:
                _counters.Transition(effect.To == VrrpState.Master);
                RaiseStateChanged(effect);
                return default;
            case VrrpEffectKind.WantGate:
            case VrrpEffectKind.ReleaseGate:
                TellGate(effect.Kind == VrrpEffectKind.WantGate);
                return default;
            case VrrpEffectKind.SyncGroupRequestMaster:
            case VrrpEffectKind.SyncGroupRequestBackup:
                SyncGroupRequested?.Invoke(this, effect.Kind == VrrpEffectKind.SyncGroupRequestMaster);
                return default;
            default:
                return default;
        }
    }

    private void TellGate(bool wanted)
    {
        try
        {
            _gate?.SetWanted(_settings, wanted);
        }
        catch (Exception ex)
        {
            // A failing gate must not stop failover; it stays closed, so this instance does not become master.
            _lastError = $"the mastership gate failed: {ex.Message}";
        }
    }

    private void AfterEffect(in VrrpEffect effect)
    {
        if (effect.Kind == VrrpEffectKind.AddVirtualAddresses)
        {
            _ownsVirtualAddresses = true;
        }
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
                else if (command.Value > 0)
                {
                    now = ArrivedAt(now, command.Value);
                }

                return _machine.Step(command.Input, now, _effects);
            case InstanceCommandKind.TrackResult:
                if (!_tracking.Report(command.Index, command.Flag))
                {
                    return 0;
                }

                break;
            case InstanceCommandKind.TrackValue:
                if (!_tracking.ReportValue(command.Index, command.Value))
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
            case InstanceCommandKind.Maintenance:
                _maintenance = command.Flag;
                return _machine.Step(VrrpInput.MaintenanceChanged(command.Flag), now, _effects);
            case InstanceCommandKind.Probe:
                // Completes asynchronously (RunContinuationsAsynchronously): the watchdog's continuation never runs on the loop.
                ((TaskCompletionSource<bool>)command.Payload!).TrySetResult(true);
                return 0;
            case InstanceCommandKind.TimerWake:
                _timer.Forget();
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
            _sender.SetPrimaryAddress(address);
            count = _machine.Step(command.Input, now, _effects);
        }

        _ownFault = _tracking.IsFaulted || !_linkUp || _sourceMissing;
        count += _machine.Step(VrrpInput.FaultChanged(_ownFault || _syncFault), now, _effects.AsSpan(count));
        return count;
    }

    // A received advert counts from its arrival (its age: the kernel's receive timestamp), not from when this loop got
    // to it: Master_Down_Timer then does not include the receive thread's wake-up. At most a second back, and never
    // before the time the previous input was processed.
    private long ArrivedAt(long now, long ageTicks)
    {
        long age = (long)(Math.Min(ageTicks, TimeSpan.TicksPerSecond) * ((double)_timeProvider.TimestampFrequency / TimeSpan.TicksPerSecond));
        return Math.Max(now - age, _lastStepAt);
    }

    private void RecordLateness(VrrpTimerKind timer, long now)
    {
        if (timer != _machine.TimerKind || now < _machine.TimerDue)
        {
            return;
        }

        TakeoverEventSource log = TakeoverEventSource.Log;
        if (log.IsEnabled())
        {
            log.TimerStep((int)timer, (long)_timeProvider.GetElapsedTime(_machine.TimerDue, now).TotalMicroseconds);
        }

        _lateness.Record(now - _machine.TimerDue);
    }
}
