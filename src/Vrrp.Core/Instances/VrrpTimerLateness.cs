namespace Vrrp.Instances;

/// <summary>
/// How late the instance's timer fired against when it was due, measured when the state machine handled the firing
/// (so queueing delay counts too). A late Master_Down_Timer or Adver_Timer is how spurious failovers happen: GC
/// pauses, thread-pool starvation, an overloaded host.
/// </summary>
public sealed record VrrpTimerLateness
{
    /// <summary>Gets the number of firings measured.</summary>
    public long Count { get; init; }

    /// <summary>Gets the lateness of the last firing.</summary>
    public TimeSpan Last { get; init; }

    /// <summary>Gets the largest lateness seen.</summary>
    public TimeSpan Max { get; init; }

    /// <summary>Gets the mean lateness.</summary>
    public TimeSpan Mean { get; init; }

    /// <summary>Gets the threshold above which a firing counts as late.</summary>
    public TimeSpan Threshold { get; init; }

    /// <summary>Gets the firings later than <see cref="Threshold"/>.</summary>
    public long CountOverThreshold { get; init; }

    /// <summary>
    /// Gets a coarse histogram: firings under 1 ms, under 10 ms, under 100 ms, under 1 s, and 1 s or later.
    /// </summary>
    public long[] Histogram { get; init; } = new long[5];
}
