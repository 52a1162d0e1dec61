using System.Diagnostics;

namespace Vrrp.Timing;

/// <summary>
/// A <see cref="TimeProvider"/> whose timers all fire on one dedicated thread instead of the thread pool. VRRP's
/// advertisement and master-down timers are the one thing that must never run late: a late master-down timer is a
/// spurious failover, and a late advertisement timer makes the backups take over. Thread-pool starvation (a burst of
/// blocking work in the host application) delays thread-pool timers by seconds; this thread is unaffected by it.
/// Clock reads (<see cref="TimeProvider.GetTimestamp"/>, <see cref="TimeProvider.GetUtcNow"/>) are the system's.
/// </summary>
/// <remarks>
/// Callbacks run one at a time on the timer thread, so they must be short and must not block: a
/// <see cref="Instances.VrrpInstance"/> steps its state machine and sends one advertisement there. Each timer has at
/// most one entry in the queue, so the queue never grows past the number of timers and re-arming allocates nothing.
/// </remarks>
public sealed class DedicatedThreadTimeProvider : TimeProvider, IDisposable
{
    private static readonly Lazy<DedicatedThreadTimeProvider> s_shared = new(() => new DedicatedThreadTimeProvider("vrrp-timers"));

    // One lock guards the queue and every timer's schedule, so Change, Dispose and firing never race each other.
    private readonly object _gate = new();
    private readonly PriorityQueue<DedicatedThreadTimer, long> _queue = new();
    private readonly Thread _thread;
    private readonly Action<TimeSpan>? _shortSleep;
    private bool _disposed;

    /// <summary>Initializes a provider and starts its timer thread.</summary>
    /// <param name="threadName">The name of the timer thread (seen in debuggers and <c>top -H</c>).</param>
    /// <param name="shortSleep">
    /// Sleeps the calling thread for the given time, less than a millisecond, more precisely than the runtime's
    /// millisecond waits (Vrrp.Linux passes <c>clock_nanosleep</c>). The thread then waits whole milliseconds for
    /// the part of a delay it can and sleeps the rest with this, so timers fire within microseconds of their
    /// deadline; a timer moved to an earlier deadline during such a sleep fires when it ends. <see langword="null"/>:
    /// the wait is rounded up to whole milliseconds (so a timer never fires early), and a timer fires up to a
    /// millisecond late, half a millisecond on average.
    /// </param>
    public DedicatedThreadTimeProvider(string threadName = "vrrp-timers", Action<TimeSpan>? shortSleep = null)
    {
        ArgumentNullException.ThrowIfNull(threadName);
        _shortSleep = shortSleep;
        _thread = new Thread(Run)
        {
            IsBackground = true,
            Name = threadName,

            // Best effort: raising a thread's priority needs CAP_SYS_NICE on Linux; without it the runtime keeps the default.
            Priority = ThreadPriority.Highest,
        };
        _thread.UnsafeStart();
    }

    /// <summary>Gets the process-wide provider, created with its thread on first use.</summary>
    public static DedicatedThreadTimeProvider Shared => s_shared.Value;

    /// <summary>Gets the managed thread id of the timer thread (for tests and diagnostics).</summary>
    public int ThreadId => _thread.ManagedThreadId;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        var timer = new DedicatedThreadTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Stops the timer thread; pending timers never fire.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _queue.Clear();
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Sets or clears a timer's deadline (<paramref name="dueTimestamp"/> &lt; 0 clears it).</summary>
    internal bool Reschedule(DedicatedThreadTimer timer, long dueTimestamp, long periodTicks, bool dispose)
    {
        lock (_gate)
        {
            if (timer.IsDisposed)
            {
                return false;
            }

            if (timer.IsQueued)
            {
                _queue.Remove(timer, out _, out _, ReferenceEqualityComparer.Instance);
                timer.IsQueued = false;
            }

            timer.IsDisposed = dispose;
            timer.PeriodTicks = periodTicks;
            if (dispose || dueTimestamp < 0 || _disposed)
            {
                return !dispose;
            }

            _queue.Enqueue(timer, dueTimestamp);
            timer.IsQueued = true;

            // Wake the thread only when this timer is now the earliest; otherwise its current wait is still right.
            if (_queue.TryPeek(out DedicatedThreadTimer? first, out _) && ReferenceEquals(first, timer))
            {
                Monitor.Pulse(_gate);
            }

            return true;
        }
    }

    private void Run()
    {
        while (true)
        {
            DedicatedThreadTimer? due;
            lock (_gate)
            {
                while (true)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    if (!_queue.TryPeek(out due, out long dueTimestamp))
                    {
                        Monitor.Wait(_gate);
                        continue;
                    }

                    long now = Stopwatch.GetTimestamp();
                    long remaining = dueTimestamp - now;
                    if (remaining > 0)
                    {
                        if (_shortSleep is null)
                        {
                            // Round up so the thread never wakes before the deadline and spins.
                            long milliseconds = ((remaining * 1000) + Stopwatch.Frequency - 1) / Stopwatch.Frequency;
                            Monitor.Wait(_gate, (int)Math.Min(milliseconds, int.MaxValue));
                            continue;
                        }

                        // Whole milliseconds on the monitor (a new earlier timer wakes it), the rest in a short sleep.
                        long whole = remaining * 1000 / Stopwatch.Frequency;
                        if (whole > 0)
                        {
                            Monitor.Wait(_gate, (int)Math.Min(whole, int.MaxValue));
                            continue;
                        }

                        Monitor.Exit(_gate);
                        try
                        {
                            _shortSleep(Stopwatch.GetElapsedTime(0, remaining));
                        }
                        finally
                        {
                            Monitor.Enter(_gate);
                        }

                        continue;
                    }

                    _queue.Dequeue();
                    due.IsQueued = false;
                    if (due.PeriodTicks > 0)
                    {
                        // Re-queued before the callback runs, as System.Threading.Timer does, so a slow callback does
                        // not stretch the period.
                        _queue.Enqueue(due, dueTimestamp + due.PeriodTicks);
                        due.IsQueued = true;
                    }

                    break;
                }
            }

            due.Invoke();
        }
    }
}
