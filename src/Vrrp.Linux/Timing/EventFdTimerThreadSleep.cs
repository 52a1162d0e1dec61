using System.Diagnostics;
using System.Runtime.InteropServices;
using Vrrp.Timing;

namespace Vrrp.Linux.Timing;

/// <summary>
/// The Linux timer thread's sleep: one <c>ppoll</c> on an eventfd with a nanosecond timeout, so a timer fires within
/// the kernel's timer slack (about 50 µs; none under SCHED_RR) of its deadline with a single wake-up, and
/// <see cref="Wake"/> is one 8-byte <c>write</c>. The runtime's waits count whole milliseconds, and a whole-millisecond
/// wait followed by a short sleep cost two wake-ups per firing: the master's timer thread then woke twice per
/// advertisement.
/// </summary>
internal sealed unsafe class EventFdTimerThreadSleep : TimerThreadSleep
{
    private readonly int _eventFd;
    private int _disposed;

    public EventFdTimerThreadSleep()
    {
        _eventFd = Interop.EventFd(0, Interop.EFD_CLOEXEC | Interop.EFD_NONBLOCK);
        if (_eventFd < 0)
        {
            throw new InvalidOperationException($"eventfd failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    public override void SleepUntil(long deadline)
    {
        Interop.PollFd poll = new() { Fd = _eventFd, Events = Interop.POLLIN };
        int ready;
        if (deadline == long.MaxValue)
        {
            ready = Interop.PPoll(&poll, 1, null, IntPtr.Zero);
        }
        else
        {
            long remaining = deadline - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            // Rounded up to whole nanoseconds, so the thread does not wake before the deadline.
            long nanoseconds = (long)Math.Ceiling(remaining * (1_000_000_000.0 / Stopwatch.Frequency));
            var timeout = new Interop.Timespec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
            ready = Interop.PPoll(&poll, 1, &timeout, IntPtr.Zero);
        }

        // EINTR (a signal) or a timeout: the provider looks at its queue again. Woken: reset the counter.
        if (ready > 0 && (poll.ReturnedEvents & Interop.POLLIN) != 0)
        {
            ulong count;
            _ = Interop.Read(_eventFd, &count, sizeof(ulong));
        }
    }

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
        }

        base.Dispose(disposing);
    }
}
