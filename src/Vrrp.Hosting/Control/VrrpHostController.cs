namespace Vrrp.Hosting.Control;

/// <summary>
/// Operates the running VRRP host: reload its configuration (what SIGHUP, <c>systemctl reload</c> and
/// <c>vrrp reload</c> do) and put instances in or out of maintenance. Registered by <c>AddVrrp</c>.
/// </summary>
public sealed class VrrpHostController
{
    /// <summary>Raised when a reload (not a dry run) starts, before anything is read.</summary>
    public event EventHandler? Reloading;

    /// <summary>Raised when a reload (not a dry run) has finished, applied or refused.</summary>
    public event EventHandler<VrrpReloadResult>? Reloaded;

    /// <summary>Gets the last reload that was not a dry run, or null.</summary>
    public VrrpReloadResult? LastReload { get; private set; }

    /// <summary>
    /// Reads the configuration again and applies the difference: unchanged instances keep their state, timers and
    /// addresses; a configuration that fails to read or validate changes nothing.
    /// </summary>
    /// <param name="path">With a keepalived.conf, another file to read instead of the running one (for a dry run), or null.</param>
    /// <param name="dryRun">True to compute and return the plan without applying it.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The plan and its outcome.</returns>
    public Task<VrrpReloadResult> ReloadAsync(string? path = null, bool dryRun = false, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("issue 12: the reload helper implements this.");

    /// <summary>Puts one instance, or every instance, in maintenance or takes it out; the choice survives a reload.</summary>
    /// <param name="instanceName">The instance, or null for all.</param>
    /// <param name="on">True to enter maintenance, false to leave it.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>False when there is no such instance.</returns>
    public Task<bool> SetMaintenanceAsync(string? instanceName, bool on, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("issue 12: the reload helper implements this.");

    /// <summary>Gets the names of the instances in maintenance.</summary>
    public IReadOnlyCollection<string> InstancesInMaintenance => throw new NotImplementedException("issue 12: the reload helper implements this.");

    // Keeps the events referenced until the reload helper raises them.
    internal void OnReloading() => Reloading?.Invoke(this, EventArgs.Empty);

    internal void OnReloaded(VrrpReloadResult result)
    {
        LastReload = result;
        Reloaded?.Invoke(this, result);
    }
}
