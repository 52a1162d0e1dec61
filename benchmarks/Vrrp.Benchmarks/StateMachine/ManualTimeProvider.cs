using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Vrrp.Benchmarks.StateMachine;

/// <summary>
/// A single-threaded fake clock whose timers never allocate when changed: FakeTimeProvider allocates about 56 bytes
/// per ITimer.Change, which would hide whether the instance's own timer path allocates. Timers fire in deadline order,
/// each with the clock set to its deadline.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];
    private long _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _now;

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(_now);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan delta)
    {
        long target = _now + delta.Ticks;
        while (true)
        {
            ManualTimer? next = null;
            for (int i = 0; i < _timers.Count; i++)
            {
                if (_timers[i].Due <= target && (next is null || _timers[i].Due < next.Due))
                {
                    next = _timers[i];
                }
            }

            if (next is null)
            {
                break;
            }

            _now = Math.Max(_now, next.Due);
            next.Fire();
        }

        _now = target;
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long Due { get; private set; } = long.MaxValue;

        private long _period;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Due = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : owner._now + dueTime.Ticks;
            _period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            return true;
        }

        public void Fire()
        {
            Due = _period > 0 ? Due + _period : long.MaxValue;
            callback(state);
        }

        public void Dispose() => Due = long.MaxValue;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
