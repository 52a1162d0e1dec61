using Vrrp.Hosting.Configuration;
using Vrrp.Platform;

namespace Vrrp.Hosting;

/// <summary>
/// One instance the host runs: its plan, its runner, and its own run task and cancellation, so that a reload can stop
/// or start it alone. A restart replaces the whole object; the state-change sequence carries over.
/// </summary>
internal sealed class HostedInstance(VrrpInstancePlan plan, IVrrpInstanceRunner runner)
{
    /// <summary>The last state-change sequence number (<see cref="VrrpStateChange.Sequence"/>), per instance name.</summary>
    public long Sequence;

    /// <summary>0 until the instance reported its first state change (it exists then), 1 after.</summary>
    public int Announced;

    /// <summary>Gets or sets the plan; a live update replaces it.</summary>
    public VrrpInstancePlan Plan { get; set; } = plan;

    public IVrrpInstanceRunner Runner { get; } = runner;

    public string Name => Plan.Name;

    /// <summary>Gets or sets the VIP command binder of the current run, or null (no commands, or not created yet).</summary>
    public Binding.CommandVipBinder? Binder { get; set; }

    /// <summary>Gets or sets the metrics registration of the runner, disposed when the instance stops.</summary>
    public IDisposable? Metrics { get; set; }

    /// <summary>Gets the cancellation that stops this instance alone (linked to the host's).</summary>
    public CancellationTokenSource? Stopping { get; private set; }

    /// <summary>Gets the run task, completed once the runner stopped the instance.</summary>
    public Task Run { get; private set; } = Task.CompletedTask;

    public void Start(Func<HostedInstance, Task> run, CancellationToken hostStopping)
    {
        Stopping = CancellationTokenSource.CreateLinkedTokenSource(hostStopping);
        Run = run(this);
    }

    /// <summary>Starts the runner's stop on this thread and returns; <see cref="StopAsync"/> waits for it.</summary>
    public void RequestStop()
    {
        try
        {
            Stopping?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Stopped already (a reload replaced it).
        }
    }

    /// <summary>Stops the instance through its runner's normal stop path (priority 0 when master, addresses released).</summary>
    public async Task StopAsync()
    {
        if (Stopping is { } stopping)
        {
            await stopping.CancelAsync().ConfigureAwait(false);
        }

        await Run.ConfigureAwait(false);

        // The runner stopped the instance, which queued the release of a master's addresses: let it run.
        if (Binder is { } binder)
        {
            await binder.DisposeAsync().ConfigureAwait(false);
        }

        Stopping?.Dispose();
        Metrics?.Dispose();
        Metrics = null;
    }
}
