using Vrrp.Instances;
using Vrrp.Platform;

namespace Vrrp.Hosting.Platform;

/// <summary>
/// An <see cref="IVrrpInstanceRunner"/> over a transport and a binder the caller already has: it creates the instance
/// at once (so <see cref="Instance"/> is set before <see cref="RunAsync"/>, for wiring a receive path), starts it, and
/// on cancellation stops it. For platforms without interface handling: in-memory LANs, cloud binders, tests. Whoever
/// owns the transport delivers received advertisements to <see cref="VrrpInstance.ReceiveAdvertisement"/>.
/// </summary>
public sealed class InProcessVrrpInstanceRunner : IVrrpInstanceRunner, IAsyncDisposable
{
    private readonly VrrpInstance _instance;
    private readonly TimeSpan _stopTimeout;

    /// <summary>Creates the runner and its instance.</summary>
    /// <param name="settings">The instance's settings; <see cref="VrrpInstanceSettings.PrimaryAddress"/> must be a real address.</param>
    /// <param name="transport">Sends advertisements.</param>
    /// <param name="binder">Binds and announces the virtual addresses.</param>
    /// <param name="timeProvider">The clock, or null for the system clock.</param>
    /// <param name="stopTimeout">How long a clean stop may take; null for 5 seconds.</param>
    /// <exception cref="ArgumentException">The settings are invalid.</exception>
    public InProcessVrrpInstanceRunner(VrrpInstanceSettings settings, IVrrpTransport transport, IVipBinder binder, TimeProvider? timeProvider = null, TimeSpan? stopTimeout = null)
    {
        _instance = new VrrpInstance(settings, transport, binder, timeProvider);
        _instance.StateChanged += (_, e) => StateChanged?.Invoke(this, e);
        _stopTimeout = stopTimeout ?? TimeSpan.FromSeconds(5);
    }

    /// <inheritdoc/>
    public event EventHandler<VrrpStateChangedEventArgs>? StateChanged;

    /// <inheritdoc/>
    public VrrpInstance? Instance => _instance;

    /// <inheritdoc/>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        await _instance.StartAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            using var stopping = new CancellationTokenSource(_stopTimeout);
            await _instance.StopAsync(stopping.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the instance if it runs and releases its timer.</summary>
    /// <returns>A task that completes when the instance is disposed.</returns>
    public ValueTask DisposeAsync() => _instance.DisposeAsync();
}
