using Vrrp.Diagnostics;

namespace Vrrp.Instances;

/// <summary>
/// The instance's one <see cref="ITimer"/>. Its callback only records that it fired and wakes the input loop, which
/// steps the machine with whichever timer it waits for, so a firing can be neither stale nor lost.
/// </summary>
/// <remarks>
/// The ITimer follows the machine's deadline both ways. A backup moves its Master_Down_Timer later on every
/// advertisement: on the <see cref="Timing.DedicatedThreadTimeProvider"/> that costs a lock and, when it was the first
/// deadline, one postponement of the timer thread's sleep (a timerfd re-armed on Linux), where letting it fire at the
/// old deadline woke the timer thread at every third advertisement to find nothing due (a quarter of a backup's CPU,
/// docs/scale.md). Only the loop reads or writes <c>_setFor</c>, and every firing (even a stale one, which a move that
/// raced with the firing leaves) makes the loop forget it and re-arm from the machine's deadline, so the ITimer always
/// fires no later than that deadline.
/// </remarks>
internal sealed class InstanceTimer : IDisposable
{
    // _wake: no firing waiting, a firing with a TimerWake in the queue, a firing the full queue had no room for.
    private const int WakeNone = 0;
    private const int WakeQueued = 1;
    private const int WakeUnqueued = 2;

    private readonly TimeProvider _timeProvider;
    private readonly Func<bool> _wakeLoop;
    private readonly ITimer _timer;
    private int _wake;
    private long _setFor = long.MaxValue;

    /// <summary>Creates the timer, disarmed.</summary>
    /// <param name="timeProvider">The clock and timer source.</param>
    /// <param name="wakeLoop">Queues a TimerWake, or runs it at once when the instance is idle; false when the queue is full (or closed).</param>
    public InstanceTimer(TimeProvider timeProvider, Func<bool> wakeLoop)
    {
        _timeProvider = timeProvider;
        _wakeLoop = wakeLoop;
        _timer = timeProvider.CreateTimer(static state => ((InstanceTimer)state!).OnFired(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Gets whether a firing waits that the full queue had no room for: it goes ahead of the queued inputs.</summary>
    public bool HasUnqueuedWake => Volatile.Read(ref _wake) == WakeUnqueued;

    /// <summary>Gets whether any firing waits.</summary>
    public bool HasWake => Volatile.Read(ref _wake) != WakeNone;

    /// <summary>Takes the waiting firing; false when it was already handled.</summary>
    public bool TryTakeWake() => Interlocked.Exchange(ref _wake, WakeNone) != WakeNone;

    /// <summary>Makes the timer fire at <paramref name="due"/> (a timestamp of the time provider).</summary>
    /// <param name="due">The deadline.</param>
    /// <param name="earlyTicks">
    /// How much earlier the <see cref="Timing.DedicatedThreadTimeProvider"/>'s thread may fire it when it is awake for
    /// another timer (Adver_Timer's tolerance; 0 for Master_Down_Timer). Other time providers fire at the deadline.
    /// </param>
    /// <param name="precise">
    /// Whether the dedicated thread wakes a little before the deadline and spins to it (Master_Down_Timer, whose
    /// lateness is failover time).
    /// </param>
    public void Arm(long due, long earlyTicks = 0, bool precise = false)
    {
        if (_setFor == due)
        {
            return;
        }

        _setFor = due;
        if (_timer is Timing.DedicatedThreadTimer dedicated)
        {
            dedicated.ChangeWithTolerance(DelayUntil(due), earlyTicks, precise);
        }
        else
        {
            _timer.Change(DelayUntil(due), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Disarms the timer.</summary>
    public void Cancel()
    {
        _setFor = long.MaxValue;
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Forgets the deadline it was set for, after a firing: the loop re-arms from the machine's deadline.</summary>
    public void Forget() => _setFor = long.MaxValue;

    /// <inheritdoc/>
    public void Dispose() => _timer.Dispose();

    // Firings coalesce into one pending wake; when the queue is full the loop, which is then busy, checks the flag
    // between inputs.
    private void OnFired()
    {
        TakeoverEventSource log = TakeoverEventSource.Log;
        if (log.IsEnabled())
        {
            long setFor = _setFor;
            log.TimerCallback(setFor == long.MaxValue ? 0 : (long)_timeProvider.GetElapsedTime(setFor, _timeProvider.GetTimestamp()).TotalMicroseconds);
        }

        if (Interlocked.CompareExchange(ref _wake, WakeQueued, WakeNone) != WakeNone)
        {
            return;
        }

        if (!_wakeLoop())
        {
            Interlocked.CompareExchange(ref _wake, WakeUnqueued, WakeQueued);
        }
    }

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
}
