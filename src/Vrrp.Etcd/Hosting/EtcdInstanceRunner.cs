using Microsoft.Extensions.Logging;
using Vrrp.Instances;
using Vrrp.Platform;
using Vrrp.StateMachine;

namespace Vrrp.Etcd.Hosting;

/// <summary>
/// Runs one instance elected through etcd (<see cref="EtcdMode.Alone"/>): a real <see cref="VrrpInstance"/> whose only
/// peer is the election (<see cref="EtcdPeerAdvertisements"/>), so the host's health tracking, state stream, notify
/// hooks, status and metrics see the same instance as with VRRP. The instance's tracked checks decide whether it may
/// campaign: it resigns and stops campaigning while it is in fault (a check of weight 0, maintenance) or its effective
/// priority is below the minimum. The addresses are bound through a <see cref="FencedVipBinder"/>, and leadership is
/// revoked in etcd only once they are removed.
/// </summary>
internal sealed class EtcdInstanceRunner : IVrrpInstanceRunner
{
    /// <summary>How often the instance's effective priority and state are read to decide whether it may campaign.</summary>
    private static readonly TimeSpan s_eligibilityPoll = TimeSpan.FromMilliseconds(100);

    private readonly VrrpInstanceSettings _settings;
    private readonly EtcdElectionOptions _electionOptions;
    private readonly Func<IVipBinder> _createBinder;
    private readonly TimeSpan? _vipLease;
    private readonly int? _minimumPriority;
    private readonly EtcdLeadership _leadership;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private VrrpInstance? _instance;

    public EtcdInstanceRunner(
        VrrpInstanceSettings settings,
        EtcdElectionOptions electionOptions,
        Func<IVipBinder> createBinder,
        TimeSpan? vipLease,
        int? minimumPriority,
        EtcdLeadership leadership,
        ILoggerFactory loggers,
        ILogger logger,
        TimeProvider time)
    {
        _settings = ToElectedSettings(settings, electionOptions, vipLease);
        _electionOptions = electionOptions;
        _createBinder = createBinder;
        _vipLease = vipLease;
        _minimumPriority = minimumPriority;
        _leadership = leadership;
        _loggers = loggers;
        _logger = logger;
        _time = time;
    }

    public event EventHandler<VrrpStateChangedEventArgs>? StateChanged;

    public VrrpInstance? Instance => Volatile.Read(ref _instance);

    /// <summary>A reload's settings, mapped as the first ones were (<see cref="ToElectedSettings"/>).</summary>
    public VrrpInstanceSettings ToInstanceSettings(VrrpInstanceSettings configured) => ToElectedSettings(configured, _electionOptions, _vipLease);

    /// <summary>
    /// The instance's settings as the election runs it: VRRPv3 (its "leader" speaks v3), no authentication, no
    /// address-list check, never the address owner (priority at most 254: an owner would start as master before it is
    /// elected), and an advert interval no longer than the keep-alive interval nor a third of the VIP lease (its adverts
    /// renew the VIP lease, which must not lapse between two).
    /// </summary>
    internal static VrrpInstanceSettings ToElectedSettings(VrrpInstanceSettings settings, EtcdElectionOptions election, TimeSpan? vipLease)
    {
        TimeSpan interval = settings.AdvertInterval < election.EffectiveKeepAliveInterval ? settings.AdvertInterval : election.EffectiveKeepAliveInterval;
        if (vipLease is { } lease && lease / 3 < interval)
        {
            interval = lease / 3;
        }

        interval = TimeSpan.FromMilliseconds(Math.Clamp(Math.Floor(interval.TotalMilliseconds / 10) * 10, 10, 40950));
        return settings with
        {
            Version = Packets.VrrpVersion.V3,
            Priority = Math.Min(settings.Priority, (byte)(VrrpLimits.OwnerPriority - 1)),
            AdvertInterval = interval,
            AuthType = Packets.VrrpAuthType.None,
            AuthPassword = null,
            Ipv4ChecksumForm = Packets.VrrpChecksumForm.PseudoHeader,
            CheckAdvertisementAddresses = false,
            DropAddressListMismatch = false,
            CheckUnicastSource = false,
            StartAsMaster = false,
            PreemptDelay = TimeSpan.Zero,
            Preempt = true,
        };
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        IVipBinder inner = _createBinder();
        var election = new EtcdElection(_electionOptions, _loggers.CreateLogger<EtcdElection>(), _time);
        var binder = new FencedVipBinder(inner, election, _vipLease, _logger);
        var peer = new EtcdPeerAdvertisements(_settings);
        var instance = new VrrpInstance(_settings, EtcdPeerAdvertisements.Transport, binder, _time);
        instance.StateChanged += (_, e) =>
        {
            StateChanged?.Invoke(this, e);

            // Never master without leadership (a master-down timer that fired after a long freeze): back to backup.
            if (e.To == VrrpState.Master && !election.IsLeader)
            {
                peer.OtherLeads(instance);
            }
        };
        election.StateChanged += (_, e) => _ = e.State == EtcdElectionState.Leader ? peer.Elected(instance) : peer.OtherLeads(instance);
        election.AddRelease(() => ReleasedAsync(instance, binder));
        try
        {
            await instance.StartAsync(CancellationToken.None).ConfigureAwait(false);
            peer.OtherLeads(instance);
            Volatile.Write(ref _instance, instance);
            _leadership.Add(_settings.Name, election);
            election.Start();
            await WatchEligibilityAsync(instance, election, peer, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            // Gives leadership up (the instance goes backup and removes the addresses), then revokes the lease.
            await election.DisposeAsync().ConfigureAwait(false);
            _leadership.Remove(_settings.Name, election);
            await instance.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await instance.DisposeAsync().ConfigureAwait(false);
            switch (inner)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    /// <summary>Completes once the instance has left master and its addresses are removed (the election then revokes its lease).</summary>
    private static async Task ReleasedAsync(VrrpInstance instance, FencedVipBinder binder)
    {
        while (instance.State == VrrpState.Master || binder.IsBound)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(2)).ConfigureAwait(false);
        }
    }

    /// <summary>Until stopped: campaigns only while the tracked checks allow, and keeps the "other leader" heard while follower.</summary>
    private async Task WatchEligibilityAsync(VrrpInstance instance, EtcdElection election, EtcdPeerAdvertisements peer, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(s_eligibilityPoll, _time);
        long lastHeard = _time.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                VrrpInstanceStatus status = instance.GetStatus();
                // Without a minimum, the configured priority (a reload may change it): any failed check of negative weight resigns.
                int minimum = _minimumPriority ?? status.BasePriority;
                bool eligible = status.State != VrrpState.Fault && status.EffectivePriority >= minimum;
                if (eligible != election.IsEligible)
                {
                    _logger.EligibilityChanged(_settings.Name, eligible ? "campaigning" : "resigning", _electionOptions.ElectionName, status.EffectivePriority, minimum, status.State.ToString());
                    election.IsEligible = eligible;
                }

                if (!election.IsLeader && _time.GetElapsedTime(lastHeard) >= EtcdPeerAdvertisements.LeaderRefresh)
                {
                    peer.OtherLeads(instance);
                    lastHeard = _time.GetTimestamp();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
