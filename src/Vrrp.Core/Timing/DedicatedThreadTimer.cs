using System.Diagnostics;

namespace Vrrp.Timing;

/// <summary>One timer of a <see cref="DedicatedThreadTimeProvider"/>; its schedule is guarded by the provider's lock.</summary>
internal sealed class DedicatedThreadTimer : ITimer
{
    private readonly DedicatedThreadTimeProvider _provider;
    private readonly TimerCallback _callback;
    private readonly object? _state;

    public DedicatedThreadTimer(DedicatedThreadTimeProvider provider, TimerCallback callback, object? state)
    {
        _provider = provider;
        _callback = callback;
        _state = state;
    }

    internal bool IsQueued { get; set; }

    internal bool IsDisposed { get; set; }

    internal long PeriodTicks { get; set; }

    /// <summary>How long before its deadline the thread may fire it, with a timer due before it (Stopwatch ticks).</summary>
    internal long EarlyTicks { get; set; }

    /// <summary>How long before its deadline the thread wakes and then spins to it (Stopwatch ticks; 0: sleeps to it).</summary>
    internal long SpinTicks { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        ValidateTimeSpan(dueTime, nameof(dueTime));
        ValidateTimeSpan(period, nameof(period));
        long due = dueTime == Timeout.InfiniteTimeSpan ? -1 : Stopwatch.GetTimestamp() + ToStopwatchTicks(dueTime);
        long periodTicks = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? 0 : ToStopwatchTicks(period);
        return _provider.Reschedule(this, due, periodTicks, earlyTicks: 0, dispose: false);
    }

    /// <summary>
    /// Arms a one-shot firing at <paramref name="dueTime"/> that the thread may run up to <paramref name="earlyTicks"/>
    /// Stopwatch ticks before it, when it is awake for another timer anyway (it never wakes early for this one), or,
    /// when <paramref name="precise"/>, that the thread wakes for a little before the deadline and spins to it.
    /// </summary>
    internal bool ChangeWithTolerance(TimeSpan dueTime, long earlyTicks, bool precise = false)
    {
        ValidateTimeSpan(dueTime, nameof(dueTime));
        long due = dueTime == Timeout.InfiniteTimeSpan ? -1 : Stopwatch.GetTimestamp() + ToStopwatchTicks(dueTime);
        return _provider.Reschedule(this, due, periodTicks: 0, Math.Max(0, earlyTicks), dispose: false, precise);
    }

    public void Invoke() => _callback(_state);

    public void Dispose() => _provider.Reschedule(this, -1, 0, earlyTicks: 0, dispose: true);

    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    private static long ToStopwatchTicks(TimeSpan value) =>
        value <= TimeSpan.Zero ? 0 : (long)Math.Ceiling(value.Ticks * (double)Stopwatch.Frequency / TimeSpan.TicksPerSecond);

    private static void ValidateTimeSpan(TimeSpan value, string name)
    {
        if (value != Timeout.InfiniteTimeSpan && value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, "A timer delay is zero or more, or Timeout.InfiniteTimeSpan.");
        }
    }
}
