using Vrrp.Timing;

namespace Vrrp.Linux.Timing;

/// <summary>
/// The timers of Linux instances: a <see cref="DedicatedThreadTimeProvider"/> whose thread sleeps with
/// <see cref="EventFdTimerThreadSleep"/>, so a Master_Down or advertisement timer fires within the kernel's timer
/// slack (about 50 µs) of its deadline instead of up to a millisecond late (the runtime's waits count whole
/// milliseconds), with one wake-up per firing.
/// </summary>
internal static class LinuxTimers
{
    private static readonly Lazy<DedicatedThreadTimeProvider> s_shared = new(() => Create("vrrp-timers"));

    /// <summary>Gets the process-wide provider, created with its thread on first use.</summary>
    public static DedicatedThreadTimeProvider Shared => s_shared.Value;

    /// <summary>Creates a provider with a thread of its own named <paramref name="threadName"/>.</summary>
    public static DedicatedThreadTimeProvider Create(string threadName) => new(threadName, new EventFdTimerThreadSleep());
}
