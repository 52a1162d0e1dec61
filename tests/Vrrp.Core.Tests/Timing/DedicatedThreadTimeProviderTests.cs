using System.Collections.Concurrent;
using Vrrp.Timing;

namespace Vrrp.Tests.Timing;

public sealed class DedicatedThreadTimeProviderTests : IDisposable
{
    private readonly DedicatedThreadTimeProvider _provider = new("vrrp-timers-test");

    public void Dispose() => _provider.Dispose();

    [Fact]
    public void CreateTimer_Fires_OnTheDedicatedThreadAfterItsDueTime()
    {
        using var fired = new ManualResetEventSlim();
        int threadId = 0;
        long start = Stopwatch.GetTimestamp();
        long firedAt = 0;

        using ITimer timer = _provider.CreateTimer(_ => { threadId = Environment.CurrentManagedThreadId; firedAt = Stopwatch.GetTimestamp(); fired.Set(); }, null, TimeSpan.FromMilliseconds(30), Timeout.InfiniteTimeSpan);

        fired.Wait(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken).Should().BeTrue();
        threadId.Should().Be(_provider.ThreadId);
        Stopwatch.GetElapsedTime(start, firedAt).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(30));
    }

    [Fact]
    public void Change_Later_DoesNotWakeTheSleepingThread()
    {
        // A backup re-arms its Master_Down_Timer to a later deadline on every advertisement: that must not cost the
        // timer thread a wake-up each time (it wakes once at the old deadline, finds nothing due and sleeps again).
        using var sleep = new CountingSleep();
        using var provider = new DedicatedThreadTimeProvider("vrrp-timers-later", sleep);
        using ITimer timer = provider.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
        sleep.WaitForSleeper(TimeSpan.FromSeconds(30));
        int wakesBefore = sleep.Wakes;

        for (int i = 1; i <= 1_000; i++)
        {
            timer.Change(TimeSpan.FromSeconds(30) + TimeSpan.FromMilliseconds(i), Timeout.InfiniteTimeSpan);
        }

        sleep.Wakes.Should().Be(wakesBefore);
    }

    [Fact]
    public void Change_Later_PostponesTheSleepToTheFirstDeadline_WhenTheSleepCan()
    {
        // Moving the first deadline later asks the sleep to end later, so the thread does not even wake at the old
        // deadline; the deadline asked for is the queue's first, not the re-armed timer's.
        using var sleep = new CountingSleep(postpones: true);
        using var provider = new DedicatedThreadTimeProvider("vrrp-timers-postpone", sleep);
        using ITimer timer = provider.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
        using ITimer other = provider.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(40), Timeout.InfiniteTimeSpan);
        sleep.WaitForSleeper(TimeSpan.FromSeconds(30));
        int wakesBefore = sleep.Wakes;

        timer.Change(TimeSpan.FromSeconds(35), Timeout.InfiniteTimeSpan);
        long firstPostponement = sleep.PostponedTo;
        timer.Change(TimeSpan.FromSeconds(50), Timeout.InfiniteTimeSpan);

        sleep.Wakes.Should().Be(wakesBefore);
        Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), firstPostponement).Should().BeCloseTo(TimeSpan.FromSeconds(35), TimeSpan.FromSeconds(2));
        Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), sleep.PostponedTo).Should().BeCloseTo(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(2), "the other timer is first now");
        sleep.Postponements.Should().Be(2);
    }

    [Fact]
    public void Change_LaterByLessThanAMillisecond_LeavesTheSleepAsItIs()
    {
        // With 1,000 instances the first deadline creeps on by a tenth of a millisecond per advert: a postponement
        // (a system call) on each would cost more than the early wake-up it saves.
        using var sleep = new CountingSleep(postpones: true);
        using var provider = new DedicatedThreadTimeProvider("vrrp-timers-creep", sleep);
        using ITimer timer = provider.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
        sleep.WaitForSleeper(TimeSpan.FromSeconds(30));
        int wakesBefore = sleep.Wakes;

        timer.Change(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), sleep.Deadline) + TimeSpan.FromMicroseconds(100), Timeout.InfiniteTimeSpan);

        sleep.Postponements.Should().Be(0);
        sleep.Wakes.Should().Be(wakesBefore);
    }

    [Fact]
    public void ChangeWithTolerance_DueSoonAfterAnother_FiresInTheSameWakeUp_AndNeverWakesEarlyForItself()
    {
        using var sleep = new CountingSleep();
        using var provider = new DedicatedThreadTimeProvider("vrrp-timers-tolerance", sleep);
        using var done = new CountdownEvent(3);
        var sleepsAtFiring = new ConcurrentDictionary<string, int>();
        var firedAt = new ConcurrentDictionary<string, long>();
        void Fired(object? name)
        {
            sleepsAtFiring[(string)name!] = sleep.Sleeps;
            firedAt[(string)name!] = Stopwatch.GetTimestamp();
            done.Signal();
        }

        using var first = (DedicatedThreadTimer)provider.CreateTimer(Fired, "first", Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        using var tolerant = (DedicatedThreadTimer)provider.CreateTimer(Fired, "tolerant", Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        using var alone = (DedicatedThreadTimer)provider.CreateTimer(Fired, "alone", Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        long armedAt = Stopwatch.GetTimestamp();
        first.Change(TimeSpan.FromMilliseconds(50), Timeout.InfiniteTimeSpan);
        tolerant.ChangeWithTolerance(TimeSpan.FromMilliseconds(80), Stopwatch.Frequency * 40 / 1000);
        alone.ChangeWithTolerance(TimeSpan.FromMilliseconds(300), Stopwatch.Frequency * 40 / 1000);

        done.Wait(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken).Should().BeTrue();
        sleepsAtFiring["tolerant"].Should().Be(sleepsAtFiring["first"], "due within its tolerance after the first, it goes in the same wake-up");
        Stopwatch.GetElapsedTime(armedAt, firedAt["tolerant"]).Should().BeLessThan(TimeSpan.FromMilliseconds(80));
        Stopwatch.GetElapsedTime(armedAt, firedAt["alone"]).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(300), "nothing else was due: the thread slept until its deadline");
    }

    [Fact]
    public void ChangeWithTolerance_Precise_SleepsUntilShortlyBefore_SpinsAndFiresNotBeforeTheDeadline()
    {
        // A backup's Master_Down_Timer: the thread's wake-up latency (up to a millisecond on a VM) would be failover
        // time, so it wakes 1.5 ms early and spins the rest.
        using var sleep = new CountingSleep();
        using var provider = new DedicatedThreadTimeProvider("vrrp-timers-precise", sleep);
        using var fired = new ManualResetEventSlim();
        long firedAt = 0;
        using var timer = (DedicatedThreadTimer)provider.CreateTimer(_ => { firedAt = Stopwatch.GetTimestamp(); fired.Set(); }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        long armedAt = Stopwatch.GetTimestamp();

        timer.ChangeWithTolerance(TimeSpan.FromMilliseconds(200), earlyTicks: 0, precise: true);
        sleep.WaitForSleeper(TimeSpan.FromMilliseconds(150));
        long deadline = armedAt + (Stopwatch.Frequency / 5);

        Stopwatch.GetElapsedTime(sleep.Deadline, deadline).Should().BeCloseTo(TimeSpan.FromMilliseconds(1.5), TimeSpan.FromMilliseconds(0.5), "the sleep ends 1.5 ms before the deadline");
        fired.Wait(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken).Should().BeTrue();
        firedAt.Should().BeGreaterThanOrEqualTo(deadline, "a Master_Down_Timer never fires early");
    }

    [Fact]
    public void Change_Earlier_WakesTheSleepingThreadOnceAndFiresAtTheNewDeadline()
    {
        using var sleep = new CountingSleep();
        using var provider = new DedicatedThreadTimeProvider("vrrp-timers-earlier", sleep);
        using var fired = new ManualResetEventSlim();
        using ITimer timer = provider.CreateTimer(_ => fired.Set(), null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
        sleep.WaitForSleeper(TimeSpan.FromSeconds(30));
        int wakesBefore = sleep.Wakes;

        timer.Change(TimeSpan.FromMilliseconds(20), Timeout.InfiniteTimeSpan);

        fired.Wait(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken).Should().BeTrue();
        sleep.Wakes.Should().Be(wakesBefore + 1);
    }

    [Fact]
    public void Dispose_WakesTheThread_WhichDisposesItsSleep()
    {
        var sleep = new CountingSleep();
        var provider = new DedicatedThreadTimeProvider("vrrp-timers-dispose", sleep);
        sleep.WaitForSleeper(TimeSpan.MaxValue);

        provider.Dispose();

        sleep.Disposed.Wait(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken).Should().BeTrue();
    }

    [Fact]
    public void Timers_FireInDeadlineOrder_WhateverTheOrderTheyWereArmedIn()
    {
        var order = new ConcurrentQueue<int>();
        using var done = new CountdownEvent(3);
        TimerCallback record = state => { order.Enqueue((int)state!); done.Signal(); };

        using ITimer third = _provider.CreateTimer(record, 3, TimeSpan.FromMilliseconds(90), Timeout.InfiniteTimeSpan);
        using ITimer first = _provider.CreateTimer(record, 1, TimeSpan.FromMilliseconds(10), Timeout.InfiniteTimeSpan);
        using ITimer second = _provider.CreateTimer(record, 2, TimeSpan.FromMilliseconds(50), Timeout.InfiniteTimeSpan);

        done.Wait(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken).Should().BeTrue();
        order.Should().Equal(1, 2, 3);
    }

    [Fact]
    public void Change_ToInfinite_CancelsAndDispose_PreventsFiring()
    {
        int fired = 0;
        using ITimer cancelled = _provider.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromMilliseconds(20), Timeout.InfiniteTimeSpan);
        ITimer disposed = _provider.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromMilliseconds(20), Timeout.InfiniteTimeSpan);
        using var witness = new ManualResetEventSlim();
        using ITimer later = _provider.CreateTimer(_ => witness.Set(), null, TimeSpan.FromMilliseconds(100), Timeout.InfiniteTimeSpan);

        cancelled.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan).Should().BeTrue();
        disposed.Dispose();

        witness.Wait(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken).Should().BeTrue();
        fired.Should().Be(0);
        disposed.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan).Should().BeFalse();
    }

    [Fact]
    public void Change_Earlier_FiresAtTheNewDeadline()
    {
        using var fired = new ManualResetEventSlim();
        long firedAt = 0;
        using ITimer timer = _provider.CreateTimer(_ => { firedAt = Stopwatch.GetTimestamp(); fired.Set(); }, null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
        long changedAt = Stopwatch.GetTimestamp();

        timer.Change(TimeSpan.FromMilliseconds(20), Timeout.InfiniteTimeSpan);

        fired.Wait(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken).Should().BeTrue();
        Stopwatch.GetElapsedTime(changedAt, firedAt).Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Periodic_Timer_FiresRepeatedly()
    {
        using var fiveTimes = new CountdownEvent(5);
        using ITimer timer = _provider.CreateTimer(_ => { if (!fiveTimes.IsSet) { fiveTimes.Signal(); } }, null, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(10));

        fiveTimes.Wait(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken).Should().BeTrue();
    }

    [Fact]
    public void Change_Rearming_AllocatesNothing()
    {
        // Measured while the timer thread sleeps and stays asleep: a thread that is starting (a loaded CI runner) or
        // woken meets the re-arming thread at the provider's lock, and the runtime allocates a lock's wait event on its
        // first contention (160 B, twice seen in clean-clone CI runs), once per lock, not per re-arm.
        using var sleep = new CountingSleep();
        using var provider = new DedicatedThreadTimeProvider("vrrp-timers-alloc", sleep);
        using ITimer timer = provider.CreateTimer(_ => { }, null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);
        using ITimer other = provider.CreateTimer(_ => { }, null, TimeSpan.FromHours(2), Timeout.InfiniteTimeSpan);

        // Once before measuring: first uses allocate (a static comparer, the thread's first wake-up).
        for (int i = 0; i < 100; i++)
        {
            timer.Change(TimeSpan.FromMinutes(40 + (i % 7)), Timeout.InfiniteTimeSpan);
        }

        // Earlier than any deadline above, so the thread wakes (if asleep) and sleeps again until this one.
        timer.Change(TimeSpan.FromMinutes(30), Timeout.InfiniteTimeSpan);
        sleep.WaitForSleeper(TimeSpan.FromMinutes(32));
        sleep.IgnoresWakes = true;
        int wakesBefore = sleep.Wakes;

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            // The first re-arm is earlier than the sleep's deadline, so the wake-up path is measured too; the thread,
            // not really woken, sleeps on, and the later re-arms find it already asked to wake.
            timer.Change(TimeSpan.FromMinutes(20 + (i % 7)), Timeout.InfiniteTimeSpan);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        sleep.IgnoresWakes = false;
        allocated.Should().Be(0);
        sleep.Wakes.Should().BeGreaterThan(wakesBefore, "a re-arm before the sleep's deadline wakes the thread");
    }

    [Fact]
    public async Task Timer_StarvedThreadPool_StillFiresOnTime()
    {
        // Block more thread-pool threads than it has, so thread-pool timers and continuations queue up behind them;
        // the dedicated thread must not care. The event is deliberately not disposed: blockers still queued when the
        // test ends would otherwise wait on a disposed event and crash the test host from a pool thread.
        var release = new ManualResetEventSlim();
        ThreadPool.GetMinThreads(out int workers, out _);
        int blockers = (workers * 2) + 4;
        for (int i = 0; i < blockers; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static r => r.Wait(TimeSpan.FromSeconds(10)), release, preferLocal: false);
        }

        try
        {
            using var fired = new ManualResetEventSlim();
            long start = Stopwatch.GetTimestamp();
            long firedAt = 0;
            using ITimer timer = _provider.CreateTimer(_ => { firedAt = Stopwatch.GetTimestamp(); fired.Set(); }, null, TimeSpan.FromMilliseconds(50), Timeout.InfiniteTimeSpan);

            fired.Wait(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken).Should().BeTrue();
            Stopwatch.GetElapsedTime(start, firedAt).Should().BeLessThan(TimeSpan.FromMilliseconds(500), "a starved thread pool must not delay VRRP timers");
        }
        finally
        {
            release.Set();
        }

        await Task.Yield();
    }

    /// <summary>The portable sleep, counting wake-ups and telling when the thread sleeps for a given time or more.</summary>
    private sealed class CountingSleep(bool postpones = false) : TimerThreadSleep
    {
        private readonly TimerThreadSleep _inner = new MonitorTimerThreadSleep();
        private readonly SemaphoreSlim _sleeping = new(0);
        private long _sleepingFor;
        private int _wakes;
        private int _sleeps;
        private int _postponements;
        private long _postponedTo;
        private long _deadline;

        public int Wakes => Volatile.Read(ref _wakes);

        /// <summary>Gets how many sleeps began.</summary>
        public int Sleeps => Volatile.Read(ref _sleeps);

        public int Postponements => Volatile.Read(ref _postponements);

        public long PostponedTo => Volatile.Read(ref _postponedTo);

        /// <summary>Gets the deadline of the last sleep that began.</summary>
        public long Deadline => Volatile.Read(ref _deadline);

        /// <summary>Records the postponement; the monitor sleep under it keeps its deadline (an early end is allowed).</summary>
        public override bool TryPostpone(long deadline)
        {
            if (!postpones)
            {
                return false;
            }

            Interlocked.Increment(ref _postponements);
            Volatile.Write(ref _postponedTo, deadline);
            return true;
        }

        public ManualResetEventSlim Disposed { get; } = new();

        /// <summary>Waits until the thread sleeps for <paramref name="atLeast"/> or more (a deadline that far away).</summary>
        public void WaitForSleeper(TimeSpan atLeast)
        {
            // A finite wait asks for a sleep with a deadline, not the sleep without one the thread starts in.
            bool unbounded = atLeast == TimeSpan.MaxValue;
            long ticks = unbounded ? long.MaxValue : (long)(atLeast.TotalSeconds * 0.9 * Stopwatch.Frequency);
            long sleepingFor;
            while ((sleepingFor = Volatile.Read(ref _sleepingFor)) < ticks || (!unbounded && sleepingFor == long.MaxValue))
            {
                _sleeping.Wait(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken).Should().BeTrue("the timer thread should go to sleep");
            }
        }

        public override void SleepUntil(long deadline)
        {
            Volatile.Write(ref _deadline, deadline);
            Interlocked.Increment(ref _sleeps);
            Volatile.Write(ref _sleepingFor, deadline == long.MaxValue ? long.MaxValue : deadline - Stopwatch.GetTimestamp());
            _sleeping.Release();
            _inner.SleepUntil(deadline);
            Volatile.Write(ref _sleepingFor, 0);
        }

        /// <summary>Gets or sets whether a wake-up is only counted and the thread sleeps on (an allocation measurement).</summary>
        public bool IgnoresWakes { get; set; }

        public override void Wake()
        {
            Interlocked.Increment(ref _wakes);
            if (!IgnoresWakes)
            {
                _inner.Wake();
            }
        }

        protected override void Dispose(bool disposing)
        {
            _inner.Dispose();
            Disposed.Set();
            base.Dispose(disposing);
        }
    }
}
