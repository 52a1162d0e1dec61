using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Vrrp.Cli.Status;
using Vrrp.Hosting;
using Vrrp.Hosting.Binding;
using Vrrp.Hosting.Control;

namespace Vrrp.Cli.Control;

/// <summary>The running host behind the control socket: its instances (<see cref="VrrpInstanceRegistry"/>) and <see cref="VrrpHostController"/>.</summary>
/// <param name="registry">The host's instances.</param>
/// <param name="controller">Reload and maintenance.</param>
/// <param name="timeProvider">The clock of the status document.</param>
internal sealed class HostControlTarget(VrrpInstanceRegistry registry, VrrpHostController controller, TimeProvider timeProvider) : IControlTarget
{
    public IReadOnlyCollection<string> InstancesInMaintenance => controller.InstancesInMaintenance;

    // The refresh interval is the status file's, so a reader applies the same staleness rule to both.
    public StatusSnapshot CaptureStatus() =>
        StatusFileWriter.Capture(StatusFileWriter.Instances(registry), timeProvider.GetUtcNow(), StatusFileWriter.DefaultRefreshInterval, registry.GetBinding);

    public Task<VrrpReloadResult> ReloadAsync(string? path, bool dryRun, CancellationToken cancellationToken) =>
        controller.ReloadAsync(path, dryRun, cancellationToken);

    public Task<bool> SetMaintenanceAsync(string? instance, bool on, CancellationToken cancellationToken) =>
        controller.SetMaintenanceAsync(instance, on, cancellationToken);

    public IAsyncEnumerable<VrrpStateChange> WatchAsync(CancellationToken cancellationToken) => registry.WatchAsync(cancellationToken);

    public async IAsyncEnumerable<VrrpBindingChange> WatchBindingsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Bounded like the state stream: a slow reader loses the oldest changes, never the daemon's memory.
        var channel = Channel.CreateBounded<VrrpBindingChange>(new BoundedChannelOptions(VrrpInstanceRegistry.WatchBufferCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        void OnChanged(object? sender, VrrpBindingChange change) => channel.Writer.TryWrite(change);
        registry.BindingChanged += OnChanged;
        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out VrrpBindingChange? change))
                {
                    yield return change;
                }
            }
        }
        finally
        {
            registry.BindingChanged -= OnChanged;
        }
    }
}
