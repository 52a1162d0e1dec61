using Microsoft.Extensions.Logging;
using Vrrp.Instances;
using Vrrp.Platform;

namespace Vrrp.Etcd.Hosting;

/// <summary>
/// <see cref="EtcdMode.Witness"/>: the LAN platform's own runner (VRRP on the wire), whose binder is wrapped in an
/// <see cref="EtcdWitness"/>, the instance's mastership gate. The witnesses stop (resign, revoke) when the run ends.
/// </summary>
internal sealed class WitnessInstanceRunner : IVrrpInstanceRunner
{
    private readonly IVrrpInstanceRunner _inner;
    private readonly List<EtcdWitness> _witnesses = [];

    public WitnessInstanceRunner(
        IVrrpPlatform lan,
        VrrpInstanceSettings settings,
        VrrpAnnouncementSettings announcement,
        Func<IVipBinder, IVipBinder> binder,
        EtcdElectionOptions election,
        EtcdUnreachableBehavior whenUnreachable,
        ILoggerFactory loggers,
        TimeProvider time,
        ILogger logger)
    {
        // Outermost, so that the instance finds the gate on its binder; the host's decorators and the platform's binder inside.
        _inner = lan.CreateRunner(settings, announcement, local => Track(new EtcdWitness(election, binder(local), whenUnreachable, loggers, time)), logger);
    }

    public event EventHandler<VrrpStateChangedEventArgs>? StateChanged
    {
        add => _inner.StateChanged += value;
        remove => _inner.StateChanged -= value;
    }

    public VrrpInstance? Instance => _inner.Instance;

    // VRRP runs as configured on the LAN: whatever the LAN platform's runner makes of a reload.
    public VrrpInstanceSettings ToInstanceSettings(VrrpInstanceSettings configured) => _inner.ToInstanceSettings(configured);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _inner.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            EtcdWitness[] witnesses;
            lock (_witnesses)
            {
                witnesses = [.. _witnesses];
                _witnesses.Clear();
            }

            foreach (EtcdWitness witness in witnesses)
            {
                await witness.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private EtcdWitness Track(EtcdWitness witness)
    {
        lock (_witnesses)
        {
            _witnesses.Add(witness);
        }

        return witness;
    }
}
