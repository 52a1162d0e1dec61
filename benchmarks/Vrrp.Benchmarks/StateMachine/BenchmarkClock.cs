namespace Vrrp.Benchmarks.StateMachine;

/// <summary>
/// The benchmark's clock: time moves only in <see cref="Advance"/>, and its one timer (an instance creates exactly one)
/// fires there, with the clock at its deadline. Not FakeTimeProvider, whose ITimer.Change allocates about 56 bytes and
/// would hide whether the instance's own timer path allocates.
/// </summary>
internal sealed class BenchmarkClock : TimeProvider, ITimer
{
    private TimerCallback? _callback;
    private object? _state;
    private long _now;
    private long _due = long.MaxValue;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (_callback is not null)
        {
            throw new InvalidOperationException("A BenchmarkClock serves one instance: one timer.");
        }

        _callback = callback;
        _state = state;
        Change(dueTime, period);
        return this;
    }

    /// <summary>Moves the clock forward, firing the timer whenever it comes due on the way.</summary>
    public void Advance(TimeSpan delta)
    {
        long target = _now + delta.Ticks;
        while (_due <= target)
        {
            _now = Math.Max(_now, _due);
            _due = long.MaxValue;
            _callback!(_state);
        }

        _now = target;
    }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        // One-shot only: the instance re-arms its timer on every firing.
        _due = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : _now + dueTime.Ticks;
        return true;
    }

    public void Dispose() => _due = long.MaxValue;

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
