namespace Vrrp.Etcd;

/// <summary>
/// The fencing clock of one etcd lease: the last moment, on this node's monotonic clock, at which the lease is provably
/// still alive on the server minus the safety margin. etcd sets a lease's expiry to (time it handles the keep-alive) +
/// TTL, and it handles a request after it was sent, so (send time + TTL) is never later than the expiry: counting from
/// the send, not from the reply, keeps the deadline on the safe side however slow the reply was (docs/etcd.md).
/// </summary>
internal sealed class LeaseFence
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _margin;
    private long _deadline;

    public LeaseFence(TimeProvider time, TimeSpan margin)
    {
        _time = time;
        _margin = margin;
        _deadline = long.MinValue;
    }

    /// <summary>Gets the deadline as a <see cref="TimeProvider.GetTimestamp"/> value.</summary>
    public long Deadline => Volatile.Read(ref _deadline);

    /// <summary>Records that etcd answered a grant or keep-alive sent at <paramref name="sentTimestamp"/> with <paramref name="ttlSeconds"/>.</summary>
    /// <returns>Whether the lease is alive (a TTL of 0 or less means etcd no longer has it).</returns>
    public bool Renewed(long sentTimestamp, long ttlSeconds)
    {
        if (ttlSeconds <= 0)
        {
            return false;
        }

        long candidate = sentTimestamp + ToTicks(TimeSpan.FromSeconds(ttlSeconds) - _margin);
        long current = Volatile.Read(ref _deadline);
        while (candidate > current)
        {
            long seen = Interlocked.CompareExchange(ref _deadline, candidate, current);
            if (seen == current)
            {
                break;
            }

            current = seen;
        }

        return true;
    }

    /// <summary>Gets whether the deadline is still ahead.</summary>
    public bool IsAlive => _time.GetTimestamp() < Deadline;

    /// <summary>Gets the time left before the deadline (zero or negative once passed).</summary>
    public TimeSpan Remaining
    {
        get
        {
            long deadline = Deadline;
            return deadline == long.MinValue ? TimeSpan.Zero : _time.GetElapsedTime(_time.GetTimestamp(), deadline);
        }
    }

    private long ToTicks(TimeSpan span) => (long)(span.Ticks * (double)_time.TimestampFrequency / TimeSpan.TicksPerSecond);
}
