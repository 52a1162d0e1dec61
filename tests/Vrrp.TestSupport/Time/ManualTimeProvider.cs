using System.Diagnostics.CodeAnalysis;

namespace Vrrp.TestSupport.Time;

/// <summary>
/// The one hand-driven clock of the tests, kept for what <c>FakeTimeProvider</c> cannot do (everything else uses
/// <c>FakeTimeProvider</c>): its timers never allocate when changed (<c>FakeTimeProvider</c> allocates about 56 bytes
/// per <see cref="ITimer.Change"/>, which would hide whether the instance's own timer path allocates), and it can
/// deliver a firing after the timer was changed, as a real <see cref="System.Threading.Timer"/> may
/// (<see cref="FireStale"/>). <see cref="Advance"/> fires due timers in deadline order, each with the clock set to its
/// deadline. Many threads may use it at once: one moves the time (<see cref="Move"/>) and fires what is due
/// (<see cref="FireDue"/>) while others feed the instance.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private static readonly DateTimeOffset s_epoch = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private long _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

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

    public override long GetTimestamp() => Volatile.Read(ref _now);

    public override DateTimeOffset GetUtcNow() => s_epoch.AddTicks(GetTimestamp());

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing on the calling thread every timer that falls due on the way.</summary>
    public void Advance(TimeSpan delta)
    {
        long target = GetTimestamp() + delta.Ticks;
        while (TryTakeNext(target, out ManualTimer? next))
        {
            next.Invoke();
        }

        Volatile.Write(ref _now, target);
    }

    /// <summary>Moves the clock forward without firing anything.</summary>
    public void Move(TimeSpan delta) => Interlocked.Add(ref _now, delta.Ticks);

    /// <summary>Fires every timer that is due, each once, on the calling thread.</summary>
    public void FireDue()
    {
        ManualTimer[] timers;
        lock (_lock)
        {
            timers = [.. _timers];
        }

        foreach (ManualTimer timer in timers)
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
        ManualTimer timer;
        lock (_lock)
        {
            timer = _timers[0];
        }

        timer.Invoke();
    }

    // Picks the earliest timer due by the target and takes its firing in one step, so a Change racing with it is
    // never overwritten; the clock moves to that timer's deadline.
    private bool TryTakeNext(long target, [NotNullWhen(true)] out ManualTimer? next)
    {
        lock (_lock)
        {
            next = null;
            for (int i = 0; i < _timers.Count; i++)
            {
                if (_timers[i].Due <= target && (next is null || _timers[i].Due < next.Due))
                {
                    next = _timers[i];
                }
            }

            if (next is null)
            {
                return false;
            }

            Volatile.Write(ref _now, Math.Max(_now, next.Due));
            return next.TryTakeDue(target);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private long _period;

        public long Due { get; private set; } = long.MaxValue;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : owner.GetTimestamp() + dueTime.Ticks;
                _period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            }

            return true;
        }

        public bool TryTakeDue(long now)
        {
            lock (owner._lock)
            {
                if (Due > now)
                {
                    return false;
                }

                Due = _period > 0 ? Due + _period : long.MaxValue;
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
