namespace Vrrp.Timing;

/// <summary>
/// How the thread of a <see cref="DedicatedThreadTimeProvider"/> sleeps until its next deadline. A platform can sleep
/// more precisely than the runtime's millisecond waits (Vrrp.Linux uses <c>ppoll</c> on an eventfd, so a timer fires
/// within the kernel's timer slack of its deadline with one wake-up).
/// </summary>
/// <remarks>
/// The provider calls <see cref="SleepUntil"/> from its thread only, and <see cref="Wake"/> (from any thread) only
/// when a timer was moved before the deadline being slept for; re-arming a timer to a later deadline, which a backup
/// does on every advertisement it receives, wakes nobody.
/// </remarks>
public abstract class TimerThreadSleep : IDisposable
{
    /// <summary>
    /// Blocks until the <see cref="System.Diagnostics.Stopwatch"/> timestamp <paramref name="deadline"/> has passed
    /// (<see cref="long.MaxValue"/>: no deadline) or until <see cref="Wake"/> is called, whichever is first. A
    /// <see cref="Wake"/> that came before this call ends it at once. It must not return before the deadline unless
    /// woken; returning early when woken spuriously is allowed (the provider looks at its queue again).
    /// </summary>
    /// <param name="deadline">The <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> value to sleep until.</param>
    public abstract void SleepUntil(long deadline);

    /// <summary>Ends the current <see cref="SleepUntil"/>, or the next one if none is under way.</summary>
    public abstract void Wake();

    /// <summary>Releases what the sleep holds (called once, by the provider's thread when it ends).</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the sleep holds.</summary>
    /// <param name="disposing"><see langword="true"/> from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }
}
