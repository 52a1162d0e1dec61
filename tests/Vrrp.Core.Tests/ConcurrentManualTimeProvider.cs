using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Vrrp.Tests;

/// <summary>
/// A fake clock that many threads may use at once: one thread moves the time and fires due timers while others
/// feed the instance. Like a real <see cref="System.Threading.Timer"/>, a callback may also run after the timer was
/// changed (<see cref="FireStale"/>), which the instance has to survive.
/// </summary>
internal sealed class ConcurrentManualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<Timer> _timers = [];
    private long _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Volatile.Read(ref _now);

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(GetTimestamp());

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Gets the only timer's due timestamp, or <see cref="long.MaxValue"/> when it is not set.</summary>
    public long SingleTimerDue
    {
        get
        {
            lock (_lock)
            {
                return _timers[0].Due;
            }
        }
    }

    /// <summary>Moves the clock forward (never fires anything).</summary>
    public void Advance(TimeSpan delta) => Interlocked.Add(ref _now, delta.Ticks);

    /// <summary>Fires every timer that is due, each once, on the calling thread.</summary>
    public void FireDue()
    {
        Timer[] timers;
        lock (_lock)
        {
            timers = [.. _timers];
        }

        foreach (Timer timer in timers)
        {
            if (timer.TryTakeDue(GetTimestamp()))
            {
                timer.Invoke();
            }
        }
    }

    /// <summary>Runs the only timer's callback without touching its schedule: a firing delivered after a Change.</summary>
    public void FireStale()
    {
        Timer timer;
        lock (_lock)
        {
            timer = _timers[0];
        }

        timer.Invoke();
    }

    private sealed class Timer(ConcurrentManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long Due { get; private set; } = long.MaxValue;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : owner.GetTimestamp() + dueTime.Ticks;
            }

            return true;
        }

        // Taking the firing and clearing the schedule is one step, so a Change racing with it is never overwritten.
        public bool TryTakeDue(long now)
        {
            lock (owner._lock)
            {
                if (Due > now)
                {
                    return false;
                }

                Due = long.MaxValue;
                return true;
            }
        }

        public void Invoke() => callback(state);

        public void Dispose()
        {
            lock (owner._lock)
            {
                Due = long.MaxValue;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
