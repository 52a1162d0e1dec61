using Vrrp.Instances;

namespace Vrrp.Platform;

/// <summary>
/// Runs one <see cref="VrrpInstance"/> on a platform: opens its transport and binder, creates and starts the instance,
/// feeds it received advertisements and link changes, and on cancellation stops it cleanly (a master advertises
/// priority 0 and releases its addresses).
/// </summary>
public interface IVrrpInstanceRunner
{
    /// <summary>Raised after every state change of the instance, on the instance's input loop (keep handlers short).</summary>
    event EventHandler<VrrpStateChangedEventArgs>? StateChanged;

    /// <summary>Gets the instance once the runner has created it (a platform may first wait for the interface), or null.</summary>
    VrrpInstance? Instance { get; }

    /// <summary>
    /// Maps configured settings (a reload's) to the settings the instance runs with, for a live update through
    /// <see cref="VrrpInstance.ApplySettingsAsync"/>. A runner that adapts the settings it was given (an election
    /// backend that runs the instance against another peer) maps a reload's the same way; by default they are unchanged.
    /// </summary>
    /// <param name="configured">The settings as configured.</param>
    /// <returns>The settings to apply to <see cref="Instance"/>.</returns>
    VrrpInstanceSettings ToInstanceSettings(VrrpInstanceSettings configured) => configured;

    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled, then stops the instance cleanly.</summary>
    /// <param name="stoppingToken">Cancel to stop.</param>
    /// <returns>A task that completes once the instance stopped and its addresses are released.</returns>
    Task RunAsync(CancellationToken stoppingToken);
}
