using Vrrp.StateMachine;
using Vrrp.Tracking;

namespace Vrrp.Instances;

/// <summary>What the instance tells about itself: its explanation, status snapshot and state-change event.</summary>
public sealed partial class VrrpInstance
{
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
                InMaintenance = _machine.InMaintenance,
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
                TimerLateness = _lateness.Snapshot(),
                LastError = _lastError,
            };
        }
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
}
