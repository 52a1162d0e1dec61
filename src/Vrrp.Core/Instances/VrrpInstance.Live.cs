using Vrrp.StateMachine;

namespace Vrrp.Instances;

// Changes to a running instance: settings from a reload, maintenance mode, and the loop probe a watchdog uses.
public sealed partial class VrrpInstance
{
    private readonly Lock _maintenanceGate = new();
    private volatile bool _maintenanceRequested;
    private int _pendingSettings;

    /// <summary>
    /// Gets a value indicating whether the instance is in maintenance mode (<see cref="SetMaintenance"/>): the last
    /// request, which the input loop applies in order (<see cref="VrrpInstanceStatus.InMaintenance"/> tells when it has).
    /// </summary>
    public bool IsInMaintenance => _maintenanceRequested;

    /// <summary>
    /// Applies new settings to the running instance without a transition: a new priority goes out in the next
    /// advertisement, added virtual addresses are bound and removed ones released (when master), and nothing else moves.
    /// </summary>
    /// <remarks>
    /// <para>
    /// <see cref="VrrpSettingsDiff.Compare"/> decides what may change live. Unchanged settings do nothing. A new
    /// priority is not advertised at once: the next periodic advertisement carries it, and the election follows from it
    /// as RFC 5798 §6.4 says (a backup that now outranks the master preempts when its Master_Down_Timer runs out, if
    /// preemption is on; a master lowered below a backup yields to the backup's next advertisement). A master binds and
    /// announces only the added addresses and releases only the removed ones (<see cref="IVipBinder.ChangeAddressesAsync"/>);
    /// a backup or faulted instance binds nothing and uses the new list when it next becomes master. A new
    /// advertisement interval applies from the next advertisement; a backup's Master_Down_Timer moves by the change in
    /// Master_Down_Interval. Tracked items keep their state under new weights.
    /// </para>
    /// <para>
    /// A primary address of 0.0.0.0 or :: keeps the running one (a runner picked it from the interface). Before
    /// <see cref="StartAsync"/> the change waits in the queue and applies when the instance starts.
    /// </para>
    /// </remarks>
    /// <param name="settings">The new settings; <see cref="VrrpSettingsDiff.Compare"/> with <see cref="Settings"/> must not require a restart.</param>
    /// <param name="cancellationToken">Cancels the wait for the loop to apply them.</param>
    /// <returns>A task that completes once the instance's loop has applied the settings.</returns>
    /// <exception cref="ArgumentException">The settings are invalid or need a restart.</exception>
    /// <exception cref="InvalidOperationException">The instance is stopping or stopped.</exception>
    public Task ApplySettingsAsync(VrrpInstanceSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.ThrowIfInvalid();
        VrrpSettingsDiff diff = VrrpSettingsDiff.Compare(_settings, settings);
        ThrowIfRestartRequired(diff, nameof(settings));
        if (diff.IsEmpty && Volatile.Read(ref _pendingSettings) == 0)
        {
            return Task.CompletedTask;
        }

        if (Volatile.Read(ref _stopping) != 0)
        {
            throw NotRunning();
        }

        return PostSettingsAsync(new SettingsChange(settings with { PrimaryAddress = _settings.PrimaryAddress }), cancellationToken);
    }

    /// <summary>
    /// Puts the instance in maintenance mode (a master advertises priority 0 and releases its addresses; the instance
    /// stays out of the election) or takes it out (it starts again as backup).
    /// </summary>
    /// <remarks>
    /// Maintenance is the Fault state entered with <see cref="VrrpTransitionReason.Maintenance"/>: a master sends a
    /// priority-0 advertisement and releases its addresses, a backup stops its Master_Down_Timer; neither takes part in
    /// the election, whatever tracking, link or source-address faults come and go meanwhile. Leaving it starts the
    /// instance over as backup (reason <see cref="VrrpTransitionReason.Maintenance"/>; an address owner becomes master
    /// at once), unless another fault still holds it. Set before <see cref="StartAsync"/>, the instance starts in it.
    /// In a sync group, a member in maintenance counts as a member in fault: the group's other members are held in
    /// fault too (their addresses released) until it leaves maintenance, so the peer's group takes every VRID, as
    /// keepalived does for a faulted member. <see cref="StateChanged"/> reports the transitions (Fault, reason
    /// Maintenance), so notify hooks run as for a fault.
    /// </remarks>
    /// <param name="on">True to enter maintenance, false to leave it.</param>
    /// <returns>False when the instance is stopping (or its queue is full); the request was not taken.</returns>
    public bool SetMaintenance(bool on)
    {
        lock (_maintenanceGate)
        {
            if (Volatile.Read(ref _stopping) != 0)
            {
                return false;
            }

            // Set before posting: with an idle loop the post runs the step on this thread, and a StateChanged handler
            // may itself ask again.
            bool before = _maintenanceRequested;
            _maintenanceRequested = on;
            if (!Post(InstanceCommand.Maintenance(on)))
            {
                _maintenanceRequested = before;
                return false;
            }

            return true;
        }
    }

    /// <summary>Completes once the instance's input loop has taken a probe from its queue: a hung loop never completes it.</summary>
    /// <remarks>
    /// For a watchdog (systemd's <c>WATCHDOG=1</c>): the probe waits behind the inputs already queued, so a loop stuck
    /// in a transport or binder call never answers. A full queue delays the probe until the loop makes room.
    /// </remarks>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>True when the loop answered; false when the instance is not running.</returns>
    public async Task<bool> ProbeLoopAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _started) == 0 || Volatile.Read(ref _stopping) != 0)
        {
            return false;
        }

        var answered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!await PostWhenRoomAsync(InstanceCommand.Probe(answered), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        return await answered.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static VrrpStateMachineConfig MachineConfig(VrrpInstanceSettings settings, VrrpAddress primaryAddress, long timestampFrequency) => new()
    {
        Version = settings.Version,
        Priority = settings.Priority,
        AdvertisementIntervalMicroseconds = VrrpTimers.ToMicroseconds(settings.AdvertInterval),
        PrimaryAddress = primaryAddress,
        Preempt = settings.Preempt,
        PreemptDelayMicroseconds = VrrpTimers.ToMicroseconds(settings.PreemptDelay),
        LowerPriorityNoAdvert = settings.LowerPriorityNoAdvert,
        StartAsMaster = settings.StartAsMaster,
        HigherPrioritySendAdvert = settings.HigherPrioritySendAdvert ?? !settings.LowerPriorityNoAdvert,
        TimestampFrequency = timestampFrequency,
    };

    private void ThrowIfRestartRequired(VrrpSettingsDiff diff, string parameterName)
    {
        if (diff.RequiresRestart)
        {
            throw new ArgumentException($"VRRP instance {Name}: these changes need a restart of the instance: {string.Join("; ", diff.RestartReasons)}.", parameterName);
        }
    }

    private InvalidOperationException NotRunning() => new($"VRRP instance {Name} is stopping or stopped; its settings no longer change.");

    private async Task PostSettingsAsync(SettingsChange change, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _pendingSettings);
        try
        {
            if (!await PostWhenRoomAsync(InstanceCommand.Settings(change), cancellationToken).ConfigureAwait(false))
            {
                throw NotRunning();
            }

            await change.Applied.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _pendingSettings);
        }
    }

    // On the loop, the single reader: compared again with what runs now (another change may have come first), swapped
    // everywhere the settings are held, then the timers and the address difference follow. Allocates; it is no hot path.
    private async ValueTask ApplySettingsOnLoopAsync(SettingsChange change)
    {
        VrrpSettingsDiff diff;
        int count;
        bool owns;
        bool ownFaultBefore;
        try
        {
            lock (_lock)
            {
                diff = VrrpSettingsDiff.Compare(_settings, change.Settings);
                ThrowIfRestartRequired(diff, "settings");
                ownFaultBefore = OwnFault;
                count = diff.IsEmpty ? 0 : Reconfigure(change.Settings, _timeProvider.GetTimestamp());
                owns = _ownsVirtualAddresses;
            }
        }
        catch (ArgumentException ex)
        {
            change.Applied.TrySetException(ex);
            return;
        }

        await ExecuteEffects(0, count, ownFaultBefore != OwnFault).ConfigureAwait(false);
        if (owns && (diff.AddedAddresses.Count > 0 || diff.RemovedAddresses.Count > 0))
        {
            await _binder.ChangeAsync(diff.AddedAddresses, diff.RemovedAddresses).ConfigureAwait(false);
        }

        change.Applied.TrySetResult();
    }

    private int Reconfigure(VrrpInstanceSettings settings, long now)
    {
        // Built before anything is swapped: a constructor that throws leaves the instance as it was.
        var filter = new AdvertisementFilter(settings) { PrimaryAddress = _filter.PrimaryAddress };
        var sender = new AdvertisementSender(settings, _transport, filter, _counters, _failed, _lifetime);
        _tracking.Reconfigure(settings.Priority, settings.TrackedItems);
        _sender = sender;
        _filter = filter;
        _binder.Settings = settings;
        _settings = settings;
        int count = _machine.Reconfigure(MachineConfig(settings, filter.PrimaryAddress, _timeProvider.TimestampFrequency), _tracking.EffectivePriority, now, _effects);

        // New weights may start or end a fault (a weight-0 item that is down).
        _ownFault = _tracking.IsFaulted || !_linkUp || _sourceMissing;
        count += _machine.Step(VrrpInput.FaultChanged(_ownFault || _syncFault), now, _effects.AsSpan(count));
        return count;
    }
}
