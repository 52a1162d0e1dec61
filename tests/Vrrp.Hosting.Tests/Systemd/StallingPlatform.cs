using Microsoft.Extensions.Logging;
using Vrrp.Hosting.Platform;
using Vrrp.Platform;

namespace Vrrp.Hosting.Tests.Systemd;

/// <summary>
/// A platform whose binder never returns from <see cref="AddAsync"/> until <see cref="Release"/>: the instance's input
/// loop hangs when it becomes master, as it would on a stuck netlink call. Sends go nowhere.
/// </summary>
internal sealed class StallingPlatform(TimeProvider clock, IPAddress address) : IVrrpPlatform, IVrrpTransport, IVipBinder
{
    /// <summary>Gets a task that completes when the binder has started to hang.</summary>
    public TaskCompletionSource AddStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets the source that ends the hang.</summary>
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IVrrpInstanceRunner CreateRunner(VrrpInstanceSettings settings, VrrpAnnouncementSettings announcement, ILogger logger) =>
        new InProcessVrrpInstanceRunner(settings with { PrimaryAddress = address }, this, this, clock);

    public Task WatchInterfacesAsync(IReadOnlyCollection<string> interfaceNames, Action<string, bool> report, CancellationToken cancellationToken) =>
        Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);

    public ValueTask SendAsync(VrrpInstanceSettings instance, ReadOnlyMemory<byte> message, VrrpAddress destination, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    // Ignores the token on purpose: a hung system call does not look at it either.
    public async ValueTask AddAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
    {
        AddStarted.TrySetResult();
        await Release.Task;
    }

    public ValueTask RemoveAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask AnnounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
