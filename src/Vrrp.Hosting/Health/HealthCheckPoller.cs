using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Vrrp.Hosting.Health;

/// <summary>
/// Runs one check every <c>interval</c> (measured from the start of the previous run, as keepalived schedules
/// <c>vrrp_script</c>s) and reports each result. A run that takes longer than its timeout, throws, or reports
/// <see cref="HealthStatus.Unhealthy"/> is a failure; Degraded counts as passing. Runs never overlap. Timers come from the
/// injected <see cref="TimeProvider"/>, and a check that completes synchronously is run and reported on the timer's
/// thread, so on a fake clock everything happens inside <c>Advance</c>.
/// </summary>
internal sealed class HealthCheckPoller : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<HealthCheckResult>> _check;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly Action<bool> _report;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _timer;
    private Task _running = Task.CompletedTask;
    private bool? _lastHealthy;

    public HealthCheckPoller(string name, Func<CancellationToken, Task<HealthCheckResult>> check, TimeSpan interval, TimeSpan timeout, TimeProvider timeProvider, Action<bool> report, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        Name = name;
        _check = check;
        _interval = interval;
        _timeout = timeout;
        _timeProvider = timeProvider;
        _report = report;
        _logger = logger;
        _timer = timeProvider.CreateTimer(static state => ((HealthCheckPoller)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string Name { get; }

    /// <summary>Gets the last result (true when passing), or null before the first run completed.</summary>
    public bool? LastHealthy => _lastHealthy;

    /// <summary>Gets how many runs have completed.</summary>
    public long Runs { get; private set; }

    /// <summary>Runs the first check now (on the calling thread, up to its first asynchronous wait), then every interval.</summary>
    public void Start() => OnTimer();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _timer.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _running.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private void OnTimer()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _running = RunAsync();
    }

    private async Task RunAsync()
    {
        long started = _timeProvider.GetTimestamp();
        bool healthy;
        HealthCheckResult result;
        try
        {
            result = await _check(_stopping.Token).WaitAsync(_timeout, _timeProvider, _stopping.Token).ConfigureAwait(false);
            healthy = result.Status != HealthStatus.Unhealthy;
        }
        catch (TimeoutException)
        {
            result = HealthCheckResult.Unhealthy($"timed out after {_timeout.TotalSeconds:0.###} s");
            healthy = false;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            result = HealthCheckResult.Unhealthy(ex.Message, ex);
            healthy = false;
        }

        Runs++;
        if (_lastHealthy != healthy)
        {
            _lastHealthy = healthy;
            _logger.CheckChanged(Name, healthy ? "passing" : "failing", result.Description);
        }

        _report(healthy);
        TimeSpan elapsed = _timeProvider.GetElapsedTime(started);
        TimeSpan wait = elapsed >= _interval ? TimeSpan.Zero : _interval - elapsed;
        if (!_stopping.IsCancellationRequested)
        {
            try
            {
                _timer.Change(wait, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // Disposed while this run finished.
            }
        }
    }
}
