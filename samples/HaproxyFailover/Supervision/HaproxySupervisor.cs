using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace HaproxyFailover.Supervision;

/// <summary>
/// Keeps HAProxy running, in place of keepalived's <c>check_haproxy.sh</c>: adopts the HAProxy its pid file names or
/// starts one, learns of its exit the moment it happens (it waits on the process, it does not poll a process list),
/// starts it again, and gives up (<see cref="HaproxyState.GaveUp"/>: the node leaves the election at once with a
/// priority-0 advert) when a start fails or HAProxy ended more than <see cref="HaproxyOptions.MaxCrashes"/> times within
/// <see cref="HaproxyOptions.CrashWindow"/>. After giving up it tries again every
/// <see cref="HaproxyOptions.RetryInterval"/>; once HAProxy runs, the node rejoins.
/// </summary>
internal sealed class HaproxySupervisor
{
    private static readonly TimeSpan s_readyPollInterval = TimeSpan.FromMilliseconds(25);

    private readonly IHaproxyLauncher _launcher;
    private readonly IHaproxyProbe _probe;
    private readonly IHaproxyConfigCheck? _configCheck;
    private readonly HaproxyOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Queue<long> _exits = new();
    private HaproxyStatus _status = new(HaproxyState.Starting, "not started yet", null);
    private IHaproxyProcess? _process;
    private string? _configProblem;

    public HaproxySupervisor(IHaproxyLauncher launcher, IHaproxyProbe probe, HaproxyOptions options, TimeProvider time, ILogger<HaproxySupervisor> logger, IHaproxyConfigCheck? configCheck = null)
    {
        _launcher = launcher;
        _probe = probe;
        _configCheck = configCheck;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Raised on every change of <see cref="Status"/>, on the supervisor's own task.</summary>
    public event EventHandler<HaproxyStatus>? StatusChanged;

    /// <summary>Gets the current state.</summary>
    public HaproxyStatus Status => Volatile.Read(ref _status);

    /// <summary>Supervises until <paramref name="cancellationToken"/> is cancelled; HAProxy is left running unless <see cref="StopProcess"/> is called.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Task watching = _configCheck is null ? Task.CompletedTask : WatchConfigAsync(_configCheck, cancellationToken);
        try
        {
            await SuperviseAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await watching.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    private async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        IHaproxyProcess? process = _launcher.TryAdopt();
        if (process is not null)
        {
            SetProcess(process);
            Set(HaproxyState.Running, $"adopted the running HAProxy from {_options.PidFile}", process.Id);
        }
        else
        {
            process = await StartAsync("started", cancellationToken).ConfigureAwait(false);
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            if (process is null)
            {
                await Task.Delay(_options.RetryInterval, _time, cancellationToken).ConfigureAwait(false);
                process = await StartAsync("started again after giving up", cancellationToken).ConfigureAwait(false);
                continue;
            }

            string exit = await process.Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
            int pid = process.Id;
            SetProcess(null);
            process.Dispose();
            int exits = CountExit();
            string what = $"HAProxy pid {pid} ended ({exit})";
            if (Volatile.Read(ref _configProblem) is { } problem)
            {
                // Known not to start: leave now rather than after a start that fails.
                process = null;
                Set(HaproxyState.GaveUp, $"{what}; not restarting: {_options.ConfigFile} fails the check ({problem}); retrying every {Seconds(_options.RetryInterval)}", null);
                continue;
            }

            if (exits > _options.MaxCrashes)
            {
                process = null;
                Set(HaproxyState.GaveUp, $"{what}: {exits} exits within {Seconds(_options.CrashWindow)}, more than {_options.MaxCrashes}; retrying every {Seconds(_options.RetryInterval)}", null);
                continue;
            }

            Set(HaproxyState.Restarting, $"{what}; restarting ({exits} of {_options.MaxCrashes} exits allowed within {Seconds(_options.CrashWindow)})", null);
            process = await StartAsync("restarted", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Checks HAProxy's configuration (<c>haproxy -c</c>) whenever the file changes, so a broken file is reported when
    /// it is written, while HAProxy still runs on the old one, and an exit after that gives up at once.
    /// </summary>
    private async Task WatchConfigAsync(IHaproxyConfigCheck check, CancellationToken cancellationToken)
    {
        string? stamp = check.Stamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(_options.ConfigCheckInterval, _time, cancellationToken).ConfigureAwait(false);
            string? now = check.Stamp();
            if (now == stamp)
            {
                continue;
            }

            stamp = now;
            string? problem = now is null ? "the file is missing" : await check.CheckAsync(cancellationToken).ConfigureAwait(false);
            string? before = Interlocked.Exchange(ref _configProblem, problem);
            if (problem is not null)
            {
                _logger.ConfigBroken(_options.ConfigFile, problem);
            }
            else if (before is not null)
            {
                _logger.ConfigFixed(_options.ConfigFile);
            }
        }
    }

    /// <summary>Stops the HAProxy being supervised, if any (for <see cref="HaproxyOptions.StopOnShutdown"/>).</summary>
    public void StopProcess() => Volatile.Read(ref _process)?.Stop();

    /// <summary>Starts HAProxy and waits for its frontend; on failure reports <see cref="HaproxyState.GaveUp"/> and returns null.</summary>
    private async Task<IHaproxyProcess?> StartAsync(string verb, CancellationToken cancellationToken)
    {
        IHaproxyProcess process;
        try
        {
            process = _launcher.Start();
        }
        catch (InvalidOperationException ex)
        {
            GiveUpAfterFailedStart(ex.Message);
            return null;
        }

        long started = _time.GetTimestamp();
        string? lastProblem = null;
        while (true)
        {
            if (process.Exited.IsCompleted)
            {
                string exit = await process.Exited.ConfigureAwait(false);
                process.Dispose();
                GiveUpAfterFailedStart($"HAProxy pid {process.Id} ended during its start ({exit})");
                return null;
            }

            HealthCheckResult result = await ProbeAsync(cancellationToken).ConfigureAwait(false);
            if (result.Status != HealthStatus.Unhealthy)
            {
                SetProcess(process);
                Set(HaproxyState.Running, $"{verb}; the frontend answered after {_time.GetElapsedTime(started).TotalMilliseconds:0} ms", process.Id);
                return process;
            }

            lastProblem = result.Description;
            if (_time.GetElapsedTime(started) >= _options.StartTimeout)
            {
                process.Stop();
                process.Dispose();
                GiveUpAfterFailedStart($"HAProxy pid {process.Id} did not answer on its frontend within the start timeout of {Seconds(_options.StartTimeout)} ({lastProblem}); stopped it");
                return null;
            }

            // Whichever comes first: the next probe, or the process ending.
            await Task.WhenAny(process.Exited, Task.Delay(s_readyPollInterval, _time, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _probe.CheckHealthAsync(new HealthCheckContext(), cancellationToken).WaitAsync(_probe.Timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"no answer within {_probe.Timeout.TotalMilliseconds:0} ms");
        }
    }

    private void GiveUpAfterFailedStart(string why) =>
        Set(HaproxyState.GaveUp, $"{why}; retrying every {Seconds(_options.RetryInterval)}", null);

    /// <summary>Records an exit now and returns how many fall within the crash window.</summary>
    private int CountExit()
    {
        long now = _time.GetTimestamp();
        _exits.Enqueue(now);
        while (_exits.Count > 0 && _time.GetElapsedTime(_exits.Peek(), now) > _options.CrashWindow)
        {
            _exits.Dequeue();
        }

        return _exits.Count;
    }

    private void SetProcess(IHaproxyProcess? process) => Volatile.Write(ref _process, process);

    private void Set(HaproxyState state, string description, int? pid)
    {
        var status = new HaproxyStatus(state, description, pid);
        Volatile.Write(ref _status, status);
        LogLevel level = state == HaproxyState.GaveUp ? LogLevel.Error : state == HaproxyState.Restarting ? LogLevel.Warning : LogLevel.Information;
        _logger.HaproxyStatus(level, status);
        StatusChanged?.Invoke(this, status);
    }

    private static string Seconds(TimeSpan value) => $"{value.TotalSeconds:0.###} s";
}
