using Vrrp.Timing;

namespace Vrrp.Linux.Timing;

/// <summary>
/// The timers of Linux instances: a <see cref="DedicatedThreadTimeProvider"/> that sleeps the part of a delay under a
/// millisecond with <c>clock_nanosleep</c>, so a Master_Down or advertisement timer fires within the kernel's timer
/// slack (about 50 µs) of its deadline instead of up to a millisecond late (the runtime's waits count whole milliseconds).
/// </summary>
internal static class LinuxTimers
{
    private static readonly Lazy<DedicatedThreadTimeProvider> s_shared = new(() => new DedicatedThreadTimeProvider("vrrp-timers", Sleep));

    /// <summary>Gets the process-wide provider, created with its thread on first use.</summary>
    public static DedicatedThreadTimeProvider Shared => s_shared.Value;

    /// <summary>Sleeps for <paramref name="duration"/> (under a second) on the monotonic clock.</summary>
    internal static void Sleep(TimeSpan duration)
    {
        long nanoseconds = Math.Clamp(duration.Ticks, 0, TimeSpan.TicksPerSecond - 1) * 100;
        var request = new Interop.Timespec { Seconds = 0, Nanoseconds = nanoseconds };

        // EINTR (a signal): the provider's loop looks at the clock again and sleeps the rest if any.
        _ = Interop.ClockNanosleep(Interop.CLOCK_MONOTONIC, 0, request, IntPtr.Zero);
    }
}
