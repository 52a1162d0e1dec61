using Vrrp.Cli.Status;
using Vrrp.Hosting;
using Vrrp.Hosting.Binding;
using Vrrp.Hosting.Control;

namespace Vrrp.Cli.Control;

/// <summary>What the control socket operates: the running host (<see cref="HostControlTarget"/>), or a test's fake.</summary>
internal interface IControlTarget
{
    /// <summary>Gets the names of the instances in maintenance.</summary>
    IReadOnlyCollection<string> InstancesInMaintenance { get; }

    /// <summary>Captures the status document (the status file's contents).</summary>
    StatusSnapshot CaptureStatus();

    Task<VrrpReloadResult> ReloadAsync(string? path, bool dryRun, CancellationToken cancellationToken);

    /// <summary>Enters or leaves maintenance; false when there is no such instance.</summary>
    Task<bool> SetMaintenanceAsync(string? instance, bool on, CancellationToken cancellationToken);

    /// <summary>Streams every state change from now on, until cancelled or the host stops.</summary>
    IAsyncEnumerable<VrrpStateChange> WatchAsync(CancellationToken cancellationToken);

    /// <summary>Streams every change of the instances' VIP commands from now on, until cancelled; none by default.</summary>
    IAsyncEnumerable<VrrpBindingChange> WatchBindingsAsync(CancellationToken cancellationToken) => AsyncEnumerable.Empty<VrrpBindingChange>();
}
