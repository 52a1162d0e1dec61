namespace Vrrp.Hosting.Control;

/// <summary>
/// Operates the running VRRP host: reload its configuration (what SIGHUP, <c>systemctl reload</c> and
/// <c>vrrp reload</c> do) and put instances in or out of maintenance. Registered by <c>AddVrrp</c>.
/// </summary>
/// <remarks>
/// Reloads run one at a time. Reloads of the running configuration asked for while one is waiting to run share that
/// one (a burst of SIGHUPs during a reload makes one more reload, not one each).
/// </remarks>
public sealed class VrrpHostController
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _maintenance = new(StringComparer.Ordinal);
    private VrrpHostedService? _host;
    private Task<VrrpReloadResult>? _queued;

    // The last reload or maintenance change: the next one runs after it (one at a time, in order).
    private Task _tail = Task.CompletedTask;

    /// <summary>Raised when a reload (not a dry run) starts, before anything is read.</summary>
    public event EventHandler? Reloading;

    /// <summary>Raised when a reload (not a dry run) has finished, applied or refused.</summary>
    public event EventHandler<VrrpReloadResult>? Reloaded;

    /// <summary>Gets the last reload that was not a dry run, or null.</summary>
    public VrrpReloadResult? LastReload { get; private set; }

    /// <summary>Gets the names of the instances in maintenance (kept for an instance a reload removes, should it come back).</summary>
    public IReadOnlyCollection<string> InstancesInMaintenance
    {
        get
        {
            lock (_lock)
            {
                return [.. _maintenance.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>
    /// Reads the configuration again and applies the difference: unchanged instances keep their state, timers and
    /// addresses; a configuration that fails to read or validate changes nothing.
    /// </summary>
    /// <param name="path">
    /// A keepalived.conf to read instead of the running one, or null. Unless <paramref name="dryRun"/>, it becomes the
    /// file later reloads read.
    /// </param>
    /// <param name="dryRun">True to compute and return the plan without applying it.</param>
    /// <param name="cancellationToken">Cancels the wait (a reload that has started applying still completes).</param>
    /// <returns>The plan and its outcome; refusals are results with <see cref="VrrpReloadResult.Errors"/>, never exceptions.</returns>
    public Task<VrrpReloadResult> ReloadAsync(string? path = null, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        Task<VrrpReloadResult> reload;
        lock (_lock)
        {
            bool shared = path is null && !dryRun;
            if (shared && _queued is { } waiting)
            {
                reload = waiting;
            }
            else
            {
                reload = Serialize(() => RunAsync(path, dryRun));
                if (shared && !reload.IsCompleted)
                {
                    _queued = reload;
                }
            }
        }

        return reload.WaitAsync(cancellationToken);
    }

    /// <summary>Puts one instance, or every instance, in maintenance or takes it out; the choice survives a reload.</summary>
    /// <param name="instanceName">The instance, or null for all.</param>
    /// <param name="on">True to enter maintenance, false to leave it.</param>
    /// <param name="cancellationToken">Cancels the wait for a reload in progress.</param>
    /// <returns>False when there is no such instance.</returns>
    public Task<bool> SetMaintenanceAsync(string? instanceName, bool on, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Serialize(() => Task.FromResult(SetMaintenance(instanceName, on))).WaitAsync(cancellationToken);
        }
    }

    internal bool IsInMaintenance(string instanceName)
    {
        lock (_lock)
        {
            return _maintenance.Contains(instanceName);
        }
    }

    /// <summary>
    /// Starts every running instance's stop on the calling thread (a master's priority-0 advert and address release
    /// happen here) without stopping the host: what <c>vrrp run</c>'s SIGTERM handler does before the host's own
    /// shutdown runs. The host's shutdown then waits for these stops as usual. Nothing happens before the host started.
    /// </summary>
    internal void StopInstancesNow() => Volatile.Read(ref _host)?.StopInstancesNow();

    internal void Attach(VrrpHostedService host) => _host = host;

    internal void Detach(VrrpHostedService host) => Interlocked.CompareExchange(ref _host, null, host);

    private bool SetMaintenance(string? instanceName, bool on)
    {
        VrrpHostedService? host = _host;
        IReadOnlyList<string> names = host?.InstanceNames ?? [];
        if (instanceName is not null && !names.Contains(instanceName, StringComparer.Ordinal))
        {
            return false;
        }

        lock (_lock)
        {
            if (instanceName is not null)
            {
                _ = on ? _maintenance.Add(instanceName) : _maintenance.Remove(instanceName);
            }
            else if (on)
            {
                _maintenance.UnionWith(names);
            }
            else
            {
                _maintenance.Clear();
            }
        }

        host?.SetMaintenance(instanceName, on);
        return true;
    }

    /// <summary>Runs <paramref name="work"/> after everything queued before it; call under <see cref="_lock"/>.</summary>
    private Task<T> Serialize<T>(Func<Task<T>> work)
    {
        Task<T> next = After(_tail, work);
        _tail = next;
        return next;

        static async Task<T> After(Task previous, Func<Task<T>> work)
        {
            // Off the caller's thread (a signal handler), and after the previous one, whatever became of it.
            await previous.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
            await Task.Yield();
            return await work().ConfigureAwait(false);
        }
    }

    private async Task<VrrpReloadResult> RunAsync(string? path, bool dryRun)
    {
        lock (_lock)
        {
            // From here on a new request needs a new reload: this one may read the file before the request's change.
            // The queued reload is always this one when it is shared (later requests joined it instead of queueing).
            if (path is null && !dryRun)
            {
                _queued = null;
            }
        }

        if (!dryRun)
        {
            Reloading?.Invoke(this, EventArgs.Empty);
        }

        VrrpReloadResult result;
        try
        {
            result = _host is { } host
                ? await host.ReloadAsync(path, dryRun, CancellationToken.None).ConfigureAwait(false)
                : new VrrpReloadResult { At = DateTimeOffset.UtcNow, DryRun = dryRun, Errors = ["the VRRP host is not running; nothing was reloaded."] };
        }
        catch (Exception ex)
        {
            // A signal handler fires and forgets: whatever happens becomes a refused reload, never an unobserved fault.
            result = new VrrpReloadResult { At = DateTimeOffset.UtcNow, DryRun = dryRun, Errors = [$"the reload failed: {ex.Message}"] };
        }

        if (!dryRun)
        {
            LastReload = result;
            Reloaded?.Invoke(this, result);
        }

        return result;
    }
}
