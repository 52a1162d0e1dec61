namespace Vrrp.Instances;

/// <summary>
/// Measures how late the instance's timer fired against when it was due (see <see cref="VrrpTimerLateness"/>).
/// Written by the input loop only; read under the instance's lock.
/// </summary>
internal sealed class TimerLatenessRecorder(TimeProvider timeProvider)
{
    private readonly long[] _histogram = new long[5];
    private long _count;
    private long _last;
    private long _max;
    private long _sum;
    private long _overThreshold;

    /// <summary>Gets or sets the lateness above which a firing counts as late.</summary>
    public TimeSpan Threshold { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Gets or sets who else sees each firing's lateness (the metrics' histogram); null when nobody.</summary>
    public Action<TimeSpan>? Observed { get; set; }

    /// <summary>Records one firing, <paramref name="late"/> timestamp units after it was due.</summary>
    public void Record(long late)
    {
        _count++;
        _last = late;
        _sum += late;
        _max = Math.Max(_max, late);
        TimeSpan lateness = timeProvider.GetElapsedTime(0, late);
        if (lateness > Threshold)
        {
            _overThreshold++;
        }

        int bucket = lateness < TimeSpan.FromMilliseconds(1) ? 0
            : lateness < TimeSpan.FromMilliseconds(10) ? 1
            : lateness < TimeSpan.FromMilliseconds(100) ? 2
            : lateness < TimeSpan.FromSeconds(1) ? 3
            : 4;
        _histogram[bucket]++;
        Observed?.Invoke(lateness);
    }

    /// <summary>Takes a snapshot.</summary>
    public VrrpTimerLateness Snapshot() => new()
    {
        Count = _count,
        Last = timeProvider.GetElapsedTime(0, _last),
        Max = timeProvider.GetElapsedTime(0, _max),
        Mean = _count == 0 ? TimeSpan.Zero : timeProvider.GetElapsedTime(0, _sum / _count),
        Threshold = Threshold,
        CountOverThreshold = _overThreshold,
        Histogram = (long[])_histogram.Clone(),
    };
}
