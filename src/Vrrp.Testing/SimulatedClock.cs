using Microsoft.Extensions.Time.Testing;

namespace Vrrp.Testing;

/// <summary>
/// One instance's view of the LAN's fake clock: the same time, but it knows when the timers it created are due (for the
/// LAN's scheduler, which steps from event to event) and can stop them all at once (a crash: the instance never runs
/// again). Timers still fire from <see cref="FakeTimeProvider.Advance"/>, on the simulation thread.
/// </summary>
internal sealed class SimulatedClock(FakeTimeProvider clock) : TimeProvider
{
    private readonly List<SimulatedTimer> _timers = [];
    private bool _stopped;

    /// <summary>Gets the earliest timestamp at which one of this clock's timers is due, or null when none is armed.</summary>
    public long? NextDue
    {
        get
        {
            long next = long.MaxValue;
            foreach (SimulatedTimer timer in _timers)
            {
                next = Math.Min(next, timer.Due);
            }

            return next == long.MaxValue ? null : next;
        }
    }

    /// <inheritdoc/>
    public override long TimestampFrequency => clock.TimestampFrequency;

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;

    /// <inheritdoc/>
    public override long GetTimestamp() => clock.GetTimestamp();

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // The LAN counts time in ticks of the fake clock (its timestamp frequency is TimeSpan.TicksPerSecond).
        var timer = new SimulatedTimer(this, callback, state);
        _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Stops every timer for good, as when the host loses power.</summary>
    public void Stop()
    {
        _stopped = true;
        foreach (SimulatedTimer timer in _timers.ToArray())
        {
            timer.Dispose();
        }
    }

    private sealed class SimulatedTimer : ITimer
    {
        private readonly SimulatedClock _owner;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly ITimer _inner;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public SimulatedTimer(SimulatedClock owner, TimerCallback callback, object? state)
        {
            _owner = owner;
            _callback = callback;
            _state = state;
            _inner = owner.CreateInnerTimer(this);
        }

        public long Due { get; private set; } = long.MaxValue;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_owner._stopped)
            {
                return false;
            }

            _period = period;
            Due = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : _owner.GetTimestamp() + dueTime.Ticks;
            return _inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            Due = long.MaxValue;
            _owner._timers.Remove(this);
            _inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        public void Fire()
        {
            if (_owner._stopped)
            {
                return;
            }

            Due = _period == Timeout.InfiniteTimeSpan ? long.MaxValue : _owner.GetTimestamp() + _period.Ticks;
            _callback(_state);
        }
    }

    private ITimer CreateInnerTimer(SimulatedTimer timer) =>
        clock.CreateTimer(static state => ((SimulatedTimer)state!).Fire(), timer, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
}
