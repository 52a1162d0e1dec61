using System.Diagnostics;
using System.Runtime.InteropServices;
using Vrrp.Timing;

namespace Vrrp.Linux.Timing;

/// <summary>
/// The Linux timer thread's sleep: one <c>ppoll</c>, without a timeout, on an eventfd and a timerfd armed with the
/// deadline, so a timer fires with a single wake-up and no slack (an hrtimer armed through timerfd has none), and
/// <see cref="Wake"/> is one 8-byte <c>write</c> to the eventfd; <see cref="TryPostpone"/> re-arms the timerfd under
/// the sleeping thread, which goes on sleeping. The runtime's waits count whole milliseconds (a
/// whole-millisecond wait followed by a short sleep cost two wake-ups per firing), and a poll timeout gets 0.1 % of
/// itself as slack (at least the thread's 50 µs timer slack): 0.36 ms late on a 361 ms Master_Down_Interval, 1 ms on
/// a second (docs/failover.md).
/// </summary>
internal sealed unsafe class EventFdTimerThreadSleep : TimerThreadSleep
{
    private readonly int _eventFd;
    private readonly int _timerFd;
    private int _disposed;

    public EventFdTimerThreadSleep()
    {
        _eventFd = Interop.EventFd(0, Interop.EFD_CLOEXEC | Interop.EFD_NONBLOCK);
        if (_eventFd < 0)
        {
            throw new InvalidOperationException($"eventfd failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        _timerFd = Interop.TimerFdCreate(Interop.CLOCK_MONOTONIC, Interop.TFD_CLOEXEC | Interop.TFD_NONBLOCK);
        if (_timerFd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            _ = Interop.Close(_eventFd);
            throw new InvalidOperationException($"timerfd_create failed: errno {errno}.");
        }
    }

    public override void SleepUntil(long deadline)
    {
        Interop.PollFd* polls = stackalloc Interop.PollFd[2];
        polls[0] = new() { Fd = _eventFd, Events = Interop.POLLIN };
        polls[1] = new() { Fd = _timerFd, Events = Interop.POLLIN };
        nuint count = 1;
        if (deadline != long.MaxValue)
        {
            // Arming again also clears an expiry of the last sleep that a wake-up came before.
            if (!TryArm(deadline, throwOnError: true))
            {
                return;
            }

            count = 2;
        }

        int ready = Interop.PPoll(polls, count, null, IntPtr.Zero);

        // EINTR (a signal) or the timer: the provider looks at its queue again. Woken: reset the counter.
        if (ready > 0 && (polls[0].ReturnedEvents & Interop.POLLIN) != 0)
        {
            ulong value;
            _ = Interop.Read(_eventFd, &value, sizeof(ulong));
        }
    }

    /// <summary>
    /// Re-arms the timerfd the sleeping thread polls: the poll goes on and ends at the new deadline. One system call
    /// and no wake-up, where a backup's timer thread used to wake at every old Master_Down deadline (a third of the
    /// adverts it received; on this VM a wake-up costs 30-50 µs of CPU, the system call 1-2).
    /// </summary>
    public override bool TryPostpone(long deadline) => Volatile.Read(ref _disposed) == 0 && TryArm(deadline, throwOnError: false);

    public override void Wake()
    {
        ulong one = 1;
        _ = Interop.Write(_eventFd, &one, sizeof(ulong));
    }

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _ = Interop.Close(_eventFd);
            _ = Interop.Close(_timerFd);
        }

        base.Dispose(disposing);
    }

    /// <summary>Arms the timerfd for <paramref name="deadline"/>; false when it has passed (or arming failed and <paramref name="throwOnError"/> is false).</summary>
    private bool TryArm(long deadline, bool throwOnError)
    {
        long remaining = deadline - Stopwatch.GetTimestamp();
        if (remaining <= 0)
        {
            return false;
        }

        // Relative and rounded up to whole nanoseconds, so the thread does not wake before the deadline.
        long nanoseconds = (long)Math.Ceiling(remaining * (1_000_000_000.0 / Stopwatch.Frequency));
        var timer = new Interop.Itimerspec { Value = new() { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 } };
        if (Interop.TimerFdSetTime(_timerFd, 0, &timer, null) != 0)
        {
            if (!throwOnError)
            {
                return false;
            }

            throw new InvalidOperationException($"timerfd_settime failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        return true;
    }
}
