using Vrrp.StateMachine;

namespace Vrrp.Instances;

/// <summary>
/// The input queue, drained by whoever posts into an idle instance (a trampoline): the posting thread processes its
/// input at once and then everything posted meanwhile, until the queue is empty. Inputs posted while a drain runs
/// (from other threads, from <see cref="StateChanged"/> handlers, from sync-group members) are only queued, so one
/// drain at a time keeps the inputs in order. When an effect really goes asynchronous, the drain resumes after it.
/// </summary>
public sealed partial class VrrpInstance
{
    // Start and Shutdown each have a slot beyond QueueCapacity: a full queue never drops them.
    private readonly CommandRing _ring = new(QueueCapacity + 2);
    private readonly Lock _queueLock = new();
    private bool _running;
    private bool _draining;
    private bool _closed;
    private TaskCompletionSource? _completion;
    private TaskCompletionSource? _roomFreed;

    private bool Post(in InstanceCommand command)
    {
        if (TryPost(command, out VrrpDropReason dropped))
        {
            return true;
        }

        _counters.CountDropped(dropped);
        return false;
    }

    private bool TryPost(in InstanceCommand command, out VrrpDropReason dropped)
    {
        lock (_queueLock)
        {
            if (_closed || _ring.Count >= QueueCapacity)
            {
                dropped = _closed || !_running ? VrrpDropReason.NotRunning : VrrpDropReason.QueueFull;
                return false;
            }

            dropped = VrrpDropReason.None;
            if (!_running || _draining)
            {
                _ring.Enqueue(command);
                return true;
            }

            // Started and idle, so the ring is empty: this thread becomes the drainer.
            _draining = true;
        }

        if (Run(command))
        {
            Drain();
        }

        return true;
    }

    // The timer's wake: never counted as a drop; false (full or closed) makes it a firing that goes ahead of the queue.
    private bool PostTimerWake() => TryPost(InstanceCommand.TimerWake(), out _);

    // Start goes behind the inputs posted before it (settings, maintenance, link), all processed here unless a drain
    // already runs: simulations with a fake clock stay on the thread that drives them.
    private void OpenQueue()
    {
        lock (_queueLock)
        {
            _ring.Enqueue(InstanceCommand.Machine(VrrpInput.Start()));
            _running = true;

            // Published after _running: StopAsync, once it sees a completion, closes a running queue.
            Volatile.Write(ref _completion, new TaskCompletionSource());
            if (_draining)
            {
                return;
            }

            _draining = true;
        }

        Drain();
    }

    // Shutdown and the close happen in one step: nothing posted after it is accepted, everything before it runs.
    private void CloseQueue()
    {
        TaskCompletionSource? room;
        bool drain;
        lock (_queueLock)
        {
            _ring.Enqueue(InstanceCommand.Machine(VrrpInput.Shutdown()));
            _closed = true;
            room = _roomFreed;
            _roomFreed = null;
            drain = !_draining;
            _draining = true;
        }

        // Writers waiting for room see the queue closed.
        room?.TrySetResult();
        if (drain)
        {
            Drain();
        }
    }

    // For the probe and settings changes: waits while the queue is full; false once the queue is closed.
    private async Task<bool> PostWhenRoomAsync(InstanceCommand command, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task? room = TryPostOrGetRoom(command, out bool posted);
            if (room is null)
            {
                return posted;
            }

            await room.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private Task? TryPostOrGetRoom(in InstanceCommand command, out bool posted)
    {
        posted = false;
        lock (_queueLock)
        {
            if (_closed)
            {
                return null;
            }

            if (_ring.Count >= QueueCapacity)
            {
                return (_roomFreed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }

        posted = TryPost(command, out _);
        return posted ? null : TryPostOrGetRoom(command, out posted);
    }

    private void Drain()
    {
        while (TryTakeNext(out InstanceCommand command))
        {
            if (!Run(command))
            {
                return;
            }
        }
    }

    // Runs one input; false when the drain must stop here (an effect went asynchronous, or the loop failed).
    private bool Run(in InstanceCommand command)
    {
        if (command.Kind == InstanceCommandKind.TimerWake && !_timer.TryTakeWake())
        {
            // A wake whose firing was already handled.
            return true;
        }

        ValueTask pending;
        try
        {
            pending = Process(command);
        }
        catch (Exception ex)
        {
            Fail(ex);
            return false;
        }

        if (pending.IsCompletedSuccessfully)
        {
            pending.GetAwaiter().GetResult();
            return true;
        }

        _ = DrainAfterAsync(pending);
        return false;
    }

    // The rare path: a transport or binder call did not complete at once. The drain stays owned until it resumes.
    private async Task DrainAfterAsync(ValueTask pending)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Fail(ex);
            return;
        }

        Drain();
    }

    // A failed loop keeps _draining set, so nothing runs again: Completion faults, posts queue until it is full.
    private void Fail(Exception exception) => _completion!.TrySetException(exception);

    private bool TryTakeNext(out InstanceCommand command)
    {
        TaskCompletionSource? room = null;
        TaskCompletionSource? completed = null;
        bool taken = true;
        lock (_queueLock)
        {
            if (_timer.HasUnqueuedWake)
            {
                // The queue was full when the timer fired: the firing goes ahead of the queued inputs.
                command = InstanceCommand.TimerWake();
            }
            else if (_ring.TryDequeue(out command))
            {
                if (_roomFreed is not null && _ring.Count < QueueCapacity)
                {
                    room = _roomFreed;
                    _roomFreed = null;
                }
            }
            else if (_timer.HasWake)
            {
                command = InstanceCommand.TimerWake();
            }
            else
            {
                // Empty: released in the same lock a post checks, so no input is left behind.
                _draining = false;
                taken = false;
                completed = _closed ? _completion : null;
            }
        }

        room?.TrySetResult();
        completed?.TrySetResult();
        return taken;
    }
}
