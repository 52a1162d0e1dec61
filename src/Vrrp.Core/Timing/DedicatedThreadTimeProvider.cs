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
    private readonly TimerThreadSleep _sleep;

    // When the sleeping thread wakes: the first deadline, less its spin when that timer is precise (long.MaxValue: no
    // deadline), or long.MinValue while it is awake (or spinning) and will look at the queue before it sleeps again.
    // Only a timer whose wake time is before it needs to wake the thread. A precise timer queued just behind another
    // timer is woken for that one's deadline, so it may get less than its whole spin.
    private long _sleepingUntil = long.MinValue;

    // A sleep is postponed only when the first deadline moved this much past it (a millisecond). With 1,000 instances
    // the first deadline moves by about a tenth of a millisecond on each of 10,000 adverts a second, a quarter of a
    // second before it is due: a postponement every tenth advert keeps the thread asleep just as well. Left behind,
    // the sleep can only end early, by less than this, and the thread sleeps again.
    private static readonly long s_postponeStep = Stopwatch.Frequency / 1000;

    // How long before a precise timer's deadline (a backup's Master_Down_Timer) the thread wakes, to spin the rest. A
    // sleeping thread wakes 0.15-1.2 ms after its timerfd expires on the 2-vCPU VM of docs/scale.md (the vCPU is halted
    // and the hypervisor wakes it); that lateness went straight into the failover time. The spin costs 1.5 ms of CPU
    // once per takeover: in the steady state the master's adverts move the deadline on long before it.
    private static readonly long s_preciseSpin = Stopwatch.Frequency * 3 / 2000;
    private bool _disposed;

    /// <summary>Initializes a provider and starts its timer thread.</summary>
    /// <param name="threadName">The name of the timer thread (seen in debuggers and <c>top -H</c>).</param>
    /// <param name="sleep">
    /// How the thread sleeps until its next deadline; the provider owns it and disposes it when its thread ends.
    /// <see langword="null"/>: a monitor wait rounded up to whole milliseconds (a timer fires up to a millisecond
    /// late). Vrrp.Linux passes one that fires within the kernel's timer slack (about 50 µs).
    /// </param>
    public DedicatedThreadTimeProvider(string threadName = "vrrp-timers", TimerThreadSleep? sleep = null)
    {
        ArgumentNullException.ThrowIfNull(threadName);
        _sleep = sleep ?? new MonitorTimerThreadSleep();
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
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _queue.Clear();
            _sleep.Wake();
        }
    }

    /// <summary>Sets or clears a timer's deadline (<paramref name="dueTimestamp"/> &lt; 0 clears it).</summary>
    internal bool Reschedule(DedicatedThreadTimer timer, long dueTimestamp, long periodTicks, long earlyTicks, bool dispose, bool precise = false)
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
            timer.EarlyTicks = earlyTicks;
            timer.SpinTicks = precise ? s_preciseSpin : 0;
            if (dispose || dueTimestamp < 0 || _disposed)
            {
                return !dispose;
            }

            _queue.Enqueue(timer, dueTimestamp);
            timer.IsQueued = true;

            // Wake the thread only when this timer is due before the deadline it sleeps until. A timer moved later
            // (a backup's Master_Down_Timer on every advertisement) costs no wake-up: the sleep is postponed to the
            // first deadline now (one timerfd_settime on Linux); a sleep that cannot be postponed ends at the old
            // deadline, and the thread finds nothing due and sleeps again (a wake-up every third advertisement).
            if (dueTimestamp - timer.SpinTicks < _sleepingUntil)
            {
                _sleepingUntil = long.MinValue;
                _sleep.Wake();
            }
            else if (_sleepingUntil is not long.MinValue and not long.MaxValue
                && _queue.TryPeek(out DedicatedThreadTimer? head, out long first)
                && first - head.SpinTicks - _sleepingUntil >= s_postponeStep
                && _sleep.TryPostpone(first - head.SpinTicks))
            {
                _sleepingUntil = first - head.SpinTicks;
            }

            return true;
        }
    }

    private void Run()
    {
        try
        {
            while (true)
            {
                DedicatedThreadTimer? due;
                long sleepUntil;
                bool spin = false;
                lock (_gate)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    if (!_queue.TryPeek(out due, out long dueTimestamp))
                    {
                        sleepUntil = long.MaxValue;
                        due = null;
                    }
                    else if (dueTimestamp - due.EarlyTicks > Stopwatch.GetTimestamp())
                    {
                        // Sleeps until the deadline itself (a timer's tolerance only lets it go with one due before
                        // it), or until a precise timer's spin begins; spinning, it stays awake and looks again.
                        sleepUntil = dueTimestamp - due.SpinTicks;
                        spin = sleepUntil <= Stopwatch.GetTimestamp();
                        sleepUntil = spin ? long.MinValue : sleepUntil;
                        due = null;
                    }
                    else
                    {
                        _queue.Dequeue();
                        due.IsQueued = false;
                        if (due.PeriodTicks > 0)
                        {
                            // Re-queued before the callback runs, as System.Threading.Timer does, so a slow callback
                            // does not stretch the period.
                            _queue.Enqueue(due, dueTimestamp + due.PeriodTicks);
                            due.IsQueued = true;
                        }

                        sleepUntil = long.MinValue;
                    }

                    _sleepingUntil = sleepUntil;
                }

                if (due is not null)
                {
                    due.Invoke();
                }
                else if (spin)
                {
                    Thread.SpinWait(20);
                }
                else
                {
                    _sleep.SleepUntil(sleepUntil);
                }
            }
        }
        finally
        {
            _sleep.Dispose();
        }
    }
}
