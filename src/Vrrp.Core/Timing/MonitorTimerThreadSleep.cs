using System.Diagnostics;

namespace Vrrp.Timing;

/// <summary>
/// The portable <see cref="TimerThreadSleep"/>: a monitor wait rounded up to whole milliseconds, so a timer never
/// fires early and fires up to a millisecond late (half a millisecond on average).
/// </summary>
internal sealed class MonitorTimerThreadSleep : TimerThreadSleep
{
    private readonly object _gate = new();
    private bool _woken;

    public override void SleepUntil(long deadline)
    {
        lock (_gate)
        {
            if (!_woken)
            {
                long remaining = deadline - Stopwatch.GetTimestamp();
                if (deadline == long.MaxValue)
                {
                    Monitor.Wait(_gate);
                }
                else if (remaining > 0)
                {
                    // Round up so the thread never wakes before the deadline and spins.
                    long milliseconds = ((remaining * 1000) + Stopwatch.Frequency - 1) / Stopwatch.Frequency;
                    Monitor.Wait(_gate, (int)Math.Min(milliseconds, int.MaxValue));
                }
            }

            _woken = false;
        }
    }

    public override void Wake()
    {
        lock (_gate)
        {
            _woken = true;
            Monitor.Pulse(_gate);
        }
    }
}
