namespace Vrrp.Timing;

/// <summary>
/// How the thread of a <see cref="DedicatedThreadTimeProvider"/> sleeps until its next deadline. A platform can sleep
/// more precisely than the runtime's millisecond waits (Vrrp.Linux uses <c>ppoll</c> on an eventfd, so a timer fires
/// within the kernel's timer slack of its deadline with one wake-up).
/// </summary>
/// <remarks>
/// The provider calls <see cref="SleepUntil"/> from its thread only, and <see cref="Wake"/> (from any thread) only
/// when a timer was moved before the deadline being slept for. When the first deadline moves later (a backup re-arms
/// its Master_Down_Timer on every advertisement it receives), the provider asks <see cref="TryPostpone"/> to move the
/// sleep's end instead; a sleep that cannot wakes at the old deadline, finds nothing due and sleeps again.
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

    /// <summary>
    /// Moves the end of the <see cref="SleepUntil"/> under way to the later <paramref name="deadline"/> without waking
    /// the thread, so a timer re-armed later costs no wake-up. Called from any thread, under the provider's lock, only
    /// while the thread sleeps (or is about to) until an earlier deadline. The sleep may still end earlier (a sleep
    /// that began with its old deadline after this call does): the provider then looks at its queue and sleeps again;
    /// it must never end later than <paramref name="deadline"/>.
    /// </summary>
    /// <param name="deadline">The <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> value to sleep until now.</param>
    /// <returns>
    /// <see langword="true"/> when the sleep now ends at <paramref name="deadline"/>; <see langword="false"/> (what this
    /// base class returns) when it keeps its old deadline.
    /// </returns>
    public virtual bool TryPostpone(long deadline) => false;

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
