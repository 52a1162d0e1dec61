namespace Vrrp.Instances;

// Changes to a running instance: settings from a reload, maintenance mode, and the loop probe a watchdog uses.
public sealed partial class VrrpInstance
{
    /// <summary>Gets a value indicating whether the instance is in maintenance mode (<see cref="SetMaintenance"/>).</summary>
    public bool IsInMaintenance => throw new NotImplementedException("issue 12: the core helper implements this.");

    /// <summary>
    /// Applies new settings to the running instance without a transition: a new priority goes out in the next
    /// advertisement, added virtual addresses are bound and removed ones released (when master), and nothing else moves.
    /// </summary>
    /// <param name="settings">The new settings; <see cref="VrrpSettingsDiff.Compare"/> with <see cref="Settings"/> must not require a restart.</param>
    /// <param name="cancellationToken">Cancels the wait for the loop to apply them.</param>
    /// <returns>A task that completes once the instance's loop has applied the settings.</returns>
    /// <exception cref="ArgumentException">The settings are invalid or need a restart.</exception>
    public Task ApplySettingsAsync(VrrpInstanceSettings settings, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("issue 12: the core helper implements this.");

    /// <summary>
    /// Puts the instance in maintenance mode (a master advertises priority 0 and releases its addresses; the instance
    /// stays out of the election) or takes it out (it starts again as backup).
    /// </summary>
    /// <param name="on">True to enter maintenance, false to leave it.</param>
    /// <returns>False when the instance is stopping.</returns>
    public bool SetMaintenance(bool on) => throw new NotImplementedException("issue 12: the core helper implements this.");

    /// <summary>Completes once the instance's input loop has taken a probe from its queue: a hung loop never completes it.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>True when the loop answered; false when the instance is not running.</returns>
    public Task<bool> ProbeLoopAsync(CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("issue 12: the core helper implements this.");
}
