using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vrrp.Hosting;

namespace HaproxyFailover.Supervision;

/// <summary>
/// Runs the <see cref="HaproxySupervisor"/> next to the VRRP host. The tracked item <c>haproxy</c> (weight 0) is polled
/// like any health check, but the moment the supervisor gives up it is also reported failing straight to the instance:
/// a master leaves at once with a priority-0 advert, so the backup takes over after its Skew_Time only.
/// </summary>
internal sealed class HaproxySupervisorService(
    HaproxySupervisor supervisor,
    VrrpInstanceRegistry registry,
    HaproxyOptions options,
    HaproxyInstanceName instance,
    ILogger<HaproxySupervisorService> logger) : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (options.StopOnShutdown)
        {
            supervisor.StopProcess();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        supervisor.StatusChanged += OnStatusChanged;
        try
        {
            await supervisor.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            supervisor.StatusChanged -= OnStatusChanged;
        }
    }

    private HaproxyState _last = HaproxyState.Starting;

    private void OnStatusChanged(object? sender, HaproxyStatus status)
    {
        HaproxyState previous = _last;
        _last = status.State;
        if (status.State != HaproxyState.GaveUp || previous == HaproxyState.GaveUp)
        {
            return; // each failed retry after giving up is logged by the supervisor; the instance is out already
        }

        // Null while the VRRP host is still starting: its first poll of the check reports the failure then.
        if (registry.Find(instance.Name)?.ReportTrackedItem(HaproxyOptions.ProcessCheckName, healthy: false) == true)
        {
            logger.LeavingElection(instance.Name);
        }
    }
}
