using System.Globalization;
using Microsoft.Extensions.Logging;
using Vrrp.Config.Options;

namespace Vrrp.Hosting.Tracking;

/// <summary>
/// Counts the processes a <c>vrrp_track_process</c> matches every <see cref="PollInterval"/> and reports up while the
/// count is within [quorum, quorum_max]. A change waits out keepalived's debounce: <c>fork_delay</c> when the count
/// rose, <c>terminate_delay</c> when it fell; if the quorum is back to what was reported before the delay ends, nothing
/// is reported (a restart inside <c>delay</c> does not move the instance). The first count is reported at once.
/// </summary>
internal sealed class ProcessTracker : IDisposable
{
    /// <summary>The default time between two reads of the process table.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    private readonly VrrpTrackProcessOptions _options;
    private readonly IProcessTable _table;
    private readonly ILogger _logger;
    private readonly Action<bool> _report;
    private readonly ITimer _poll;
    private readonly ITimer _delay;
    private readonly Lock _lock = new();
    private bool? _up;
    private int _count;
    private bool _pending;
    private bool _disposed;
    private string? _lastProblem;

    public ProcessTracker(string name, VrrpTrackProcessOptions options, IProcessTable table, TimeProvider timeProvider, TimeSpan pollInterval, ILogger logger, Action<bool> report)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        (Name, PollInterval) = (name, pollInterval);
        (_options, _table, _logger, _report) = (options, table, logger, report);
        _poll = timeProvider.CreateTimer(static state => ((ProcessTracker)state!).Poll(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _delay = timeProvider.CreateTimer(static state => ((ProcessTracker)state!).OnDelayElapsed(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string Name { get; }

    public TimeSpan PollInterval { get; }

    /// <summary>Gets whether the quorum holds as last reported, or <see langword="null"/> before the first count.</summary>
    public bool? IsUp
    {
        get
        {
            lock (_lock)
            {
                return _up;
            }
        }
    }

    /// <summary>Counts now, reports the result, then counts every <see cref="PollInterval"/>.</summary>
    public void Start()
    {
        Poll();
        _poll.Change(PollInterval, PollInterval);
    }

    /// <summary>Counts the matching processes and reports a change (after its delay).</summary>
    public void Poll()
    {
        lock (_lock)
        {
            if (_disposed || Count() is not int count)
            {
                return;
            }

            int previous = _count;
            _count = count;
            bool quorum = HasQuorum(count);
            if (_up is null)
            {
                Commit(quorum);
                return;
            }

            if (quorum == _up)
            {
                // Back within the delay (a restart): the pending change is dropped, as keepalived cancels its timer.
                CancelPending();
                return;
            }

            if (_pending)
            {
                return;
            }

            TimeSpan delay = count > previous ? _options.ForkDelay : _options.TerminateDelay;
            if (delay <= TimeSpan.Zero)
            {
                Commit(quorum);
                return;
            }

            _pending = true;
            _delay.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        _poll.Dispose();
        _delay.Dispose();
    }

    private void OnDelayElapsed()
    {
        lock (_lock)
        {
            if (_disposed || !_pending)
            {
                return;
            }

            _pending = false;
            if (Count() is int count)
            {
                _count = count;
                if (HasQuorum(count) != _up)
                {
                    Commit(!_up!.Value);
                }
            }
        }
    }

    private bool HasQuorum(int count) => count >= _options.Quorum && count <= (_options.QuorumMax ?? int.MaxValue);

    private void CancelPending()
    {
        if (_pending)
        {
            _pending = false;
            _delay.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private void Commit(bool up)
    {
        _up = up;
        string quorum = _options.QuorumMax is int max
            ? string.Create(CultureInfo.InvariantCulture, $"[{_options.Quorum}, {max}]")
            : string.Create(CultureInfo.InvariantCulture, $"[{_options.Quorum}, -]");
        _logger.TrackProcessChanged(Name, _count, quorum, up ? "up" : "down");
        _report(up);
    }

    private int? Count()
    {
        IReadOnlyList<ProcessEntry> processes;
        try
        {
            processes = _table.Read(_options.FullCommand);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (_lastProblem != ex.Message)
            {
                _lastProblem = ex.Message;
                _logger.TrackProcessProblem(Name, ex.Message);
            }

            return null;
        }

        int count = 0;
        foreach (ProcessEntry process in processes)
        {
            count += ProcessMatcher.Matches(_options, process) ? 1 : 0;
        }

        return count;
    }
}
