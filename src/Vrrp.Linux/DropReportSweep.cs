namespace Vrrp.Linux;

/// <summary>
/// One timer for the drop reports of every instance runner of the process that uses the same
/// <see cref="TimeProvider"/>: each period it calls <see cref="DropReporter.Report"/> for each registered instance in
/// turn. A <c>Task.Delay</c> loop per instance was a thousand timer callbacks and continuations a second at 1,000
/// instances. Reference counted: the first registration starts the loop, the last one stops it.
/// </summary>
internal sealed class DropReportSweep : IDisposable
{
    private static readonly Lock s_lock = new();
    private static readonly Dictionary<TimeProvider, DropReportSweep> s_sweeps = [];
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _period;
    private readonly PeriodicTimer _timer;
    private DropReporter[] _reporters = [];
    private Task _loop = Task.CompletedTask;

    private DropReportSweep(TimeProvider timeProvider, TimeSpan period)
    {
        _timeProvider = timeProvider;
        _period = period;
        _timer = new PeriodicTimer(period, timeProvider);
    }

    /// <summary>Gets the number of sweeps running (for the tests: one per time provider in use).</summary>
    internal static int Count
    {
        get
        {
            lock (s_lock)
            {
                return s_sweeps.Count;
            }
        }
    }

    /// <summary>
    /// Reports <paramref name="reporter"/>'s drops every <paramref name="period"/> of <paramref name="timeProvider"/>
    /// until the returned registration is disposed. The period is the first registration's for that time provider
    /// (the runners all use one).
    /// </summary>
    public static Registration Register(DropReporter reporter, TimeSpan period, TimeProvider timeProvider)
    {
        lock (s_lock)
        {
            if (!s_sweeps.TryGetValue(timeProvider, out DropReportSweep? sweep))
            {
                sweep = new DropReportSweep(timeProvider, period);
                s_sweeps[timeProvider] = sweep;
                sweep._loop = Task.Run(sweep.RunAsync);
            }

            Volatile.Write(ref sweep._reporters, [.. sweep._reporters, reporter]);
            return new Registration(sweep, reporter);
        }
    }

    private void Release(DropReporter reporter)
    {
        lock (s_lock)
        {
            DropReporter[] rest = [.. _reporters.Where(r => r != reporter)];
            Volatile.Write(ref _reporters, rest);
            if (rest.Length == 0 && s_sweeps.Remove(_timeProvider))
            {
                Dispose();
            }
        }
    }

    /// <summary>Stops the sweep (the last registration's release does).</summary>
    public void Dispose() => _timer.Dispose();

    private async Task RunAsync()
    {
        // A disposed timer ends the wait with false.
        while (await _timer.WaitForNextTickAsync().ConfigureAwait(false))
        {
            foreach (DropReporter reporter in Volatile.Read(ref _reporters))
            {
                reporter.Report(_period);
            }
        }
    }

    /// <summary>One instance's place in the sweep; disposing it ends its reports.</summary>
    internal sealed class Registration : IDisposable
    {
        private DropReportSweep? _sweep;
        private readonly DropReporter _reporter;

        internal Registration(DropReportSweep sweep, DropReporter reporter)
        {
            _sweep = sweep;
            _reporter = reporter;
        }

        /// <summary>Gets the loop of the sweep this registration is part of (completes once the sweep stopped).</summary>
        internal Task Loop => _sweep?._loop ?? Task.CompletedTask;

        public void Dispose() => Interlocked.Exchange(ref _sweep, null)?.Release(_reporter);
    }
}
