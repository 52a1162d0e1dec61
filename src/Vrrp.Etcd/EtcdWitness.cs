using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vrrp.Etcd.Hosting;
using Vrrp.Instances;

namespace Vrrp.Etcd;

/// <summary>
/// VRRP on the LAN with etcd as a witness: wraps the platform's <see cref="IVipBinder"/> and is the instance's
/// <see cref="IVrrpMastershipGate"/>, so that a node is VRRP master only while it leads an etcd election
/// (docs/etcd.md, "Witness mode"). The master campaigns and holds the lease; a backup campaigns only once its
/// Master_Down_Timer expired, and becomes master when elected, so on a partition of the LAN only the side with the
/// lease has a master. A master whose lease can no longer be proven alive leaves master and removes the addresses before
/// the lease can expire on the server, unless etcd itself is down (its members answer but know no raft leader, or
/// refuse connections): then <see cref="EtcdUnreachableBehavior"/> decides.
/// </summary>
/// <remarks>
/// One witness per instance: pass it as the instance's binder (<c>new VrrpInstance(settings, transport, witness)</c>),
/// or wrap the platform's binder with it. Every node of one VRID uses the same election name and its own candidate id.
/// </remarks>
public sealed class EtcdWitness : IVipBinder, IVipLeaseBinder, IVrrpMastershipGate, IAsyncDisposable
{
    private readonly IWitnessElection _election;
    private readonly IVipBinder _binder;
    private readonly IVipLeaseBinder? _lease;
    private readonly EtcdUnreachableBehavior _whenUnreachable;
    private readonly TimeSpan _probeInterval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Channel<bool> _answers = Channel.CreateUnbounded<bool>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _publishing;
    private readonly Task _probing;
    private VrrpInstance? _instance;
    private bool _wanted;
    private bool _leader;
    private bool _open;
    private EtcdProbeResult _lastProbe = new(EtcdReachability.Available, OtherLeads: false);
    private TaskCompletionSource _wantedAgain = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _bound;
    private TaskCompletionSource _unbound = Completed();

    /// <summary>Initializes a new instance of the <see cref="EtcdWitness"/> class and starts its (idle) election.</summary>
    /// <param name="options">The election: endpoints, a name shared by every node of the VRID, this node's candidate id, the lease TTL.</param>
    /// <param name="binder">The platform's binder, which moves the addresses.</param>
    /// <param name="whenUnreachable">What to do while etcd itself is down.</param>
    /// <param name="loggerFactory">Logs the election and the witness's decisions.</param>
    /// <param name="timeProvider">The clock of the lease fence and of the probes; the system clock by default.</param>
    public EtcdWitness(EtcdElectionOptions options, IVipBinder binder, EtcdUnreachableBehavior whenUnreachable = EtcdUnreachableBehavior.KeepMaster, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : this(
            Election(options, loggerFactory, timeProvider),
            binder,
            whenUnreachable,
            options.EffectiveKeepAliveInterval,
            loggerFactory?.CreateLogger<EtcdWitness>(),
            timeProvider)
    {
    }

    internal EtcdWitness(IWitnessElection election, IVipBinder binder, EtcdUnreachableBehavior whenUnreachable, TimeSpan probeInterval, ILogger? logger, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(binder);
        _election = election;
        _binder = binder;
        _lease = binder as IVipLeaseBinder;
        _whenUnreachable = whenUnreachable;
        _probeInterval = probeInterval;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _election.IsEligible = false;
        _election.StateChanged += OnElectionChanged;
        _election.AddRelease(ReleasedAsync);
        _election.Start();
        _publishing = Task.Run(PublishAsync);
        _probing = Task.Run(ProbeAsync);
    }

    /// <summary>Gets whether the gate is open: this node may be VRRP master now.</summary>
    public bool IsPermitted
    {
        get
        {
            lock (_lock)
            {
                return _open;
            }
        }
    }

    /// <summary>Gets whether this node leads the etcd election, its lease provably alive.</summary>
    public bool HoldsLease => _election.IsLeader;

    /// <inheritdoc/>
    public void Connect(VrrpInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        lock (_lock)
        {
            if (_instance is not null)
            {
                throw new InvalidOperationException($"this etcd witness already decides for {_instance.Name}; use one witness per instance");
            }

            _instance = instance;
        }
    }

    /// <inheritdoc/>
    public void SetWanted(VrrpInstanceSettings instance, bool wanted)
    {
        lock (_lock)
        {
            if (_wanted == wanted)
            {
                return;
            }

            _wanted = wanted;
            if (wanted)
            {
                _wantedAgain.TrySetResult();
            }
            else
            {
                _wantedAgain = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                SetOpenLocked(false, "mastership no longer wanted");
            }
        }

        // Outside the lock: resigning raises the election's StateChanged, which takes it.
        _election.IsEligible = wanted;
    }

    /// <inheritdoc/>
    public async ValueTask AddAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // Bound (for the release) from the moment the add starts: a half-done add is removed too.
            _bound = true;
            if (_unbound.Task.IsCompleted)
            {
                _unbound = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        await _binder.AddAsync(instance, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask RemoveAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
    {
        try
        {
            await _binder.RemoveAsync(instance, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                _bound = false;
                _unbound.TrySetResult();
            }
        }
    }

    /// <summary>Renews the kernel lease of the addresses when the wrapped binder leases them (a frozen master loses them by itself); otherwise does nothing.</summary>
    /// <param name="instance">The instance's settings.</param>
    public void RenewLease(VrrpInstanceSettings instance) => _lease?.RenewLease(instance);

    /// <inheritdoc/>
    public ValueTask AnnounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => _binder.AnnounceAsync(instance, cancellationToken);

    /// <inheritdoc/>
    public ValueTask ReannounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => _binder.ReannounceAsync(instance, cancellationToken);

    /// <inheritdoc/>
    public ValueTask ChangeAddressesAsync(VrrpInstanceSettings instance, IReadOnlyList<VrrpVirtualAddress> added, IReadOnlyList<VrrpVirtualAddress> removed, CancellationToken cancellationToken) =>
        _binder.ChangeAddressesAsync(instance, added, removed, cancellationToken);

    /// <summary>
    /// Stops the probes and the election (resigning and revoking the lease). A running instance is told first that it may
    /// no longer be master, and the lease is revoked after its addresses are gone; stopping the instance first is quicker.
    /// </summary>
    /// <returns>A task that completes when the witness has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _probing.ConfigureAwait(false);

        // The election's last Follower closes the gate, published while the loop still runs.
        await _election.DisposeAsync().ConfigureAwait(false);
        _election.StateChanged -= OnElectionChanged;
        _answers.Writer.TryComplete();
        await _publishing.ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Applies one probe result (the probe loop's step; tests call it with a fake election).</summary>
    internal void ApplyProbe(EtcdProbeResult probe)
    {
        lock (_lock)
        {
            _lastProbe = probe;
            if (!_wanted || _leader)
            {
                return;
            }

            switch (probe.Reachability)
            {
                case EtcdReachability.Unavailable when _whenUnreachable == EtcdUnreachableBehavior.PlainVrrp:
                    SetOpenLocked(true, "etcd is down (no raft leader): plain VRRP decides");
                    break;
                case EtcdReachability.CutOff:
                    SetOpenLocked(false, "no etcd member answers: another node may hold the lease");
                    break;
                case EtcdReachability.Available when probe.OtherLeads:
                    SetOpenLocked(false, "etcd is back and another node leads");
                    break;
                default:
                    // KeepMaster: a master that held on stays, nobody new opens. Available: the campaign decides.
                    break;
            }
        }
    }

    private static EtcdWitnessElection Election(EtcdElectionOptions options, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new EtcdWitnessElection(new EtcdElection(options, loggerFactory?.CreateLogger<EtcdElection>(), timeProvider), options);
    }

    private static TaskCompletionSource Completed()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }

    private void OnElectionChanged(object? sender, EtcdLeadershipChangedEventArgs change)
    {
        lock (_lock)
        {
            _leader = change.State == EtcdElectionState.Leader;
            if (_leader)
            {
                SetOpenLocked(_wanted, "elected");
            }
            else if (change.Reason == "lease-deadline" && _open && _lastProbe.Reachability == EtcdReachability.Unavailable)
            {
                // etcd itself is down, so nobody can be granted the lease: a master stays (both behaviours agree here).
                _logger.WitnessHolding(change.Reason);
            }
            else
            {
                SetOpenLocked(false, change.Reason);
            }
        }
    }

    private void SetOpenLocked(bool open, string why)
    {
        if (_open == open)
        {
            return;
        }

        _open = open;
        _logger.WitnessChanged(open, why);

        // Handed to the instance from one loop, in order, never from under a lock: the instance may run the step on
        // the posting thread, and its effects call back into the witness and the election.
        _answers.Writer.TryWrite(open);
    }

    private async Task PublishAsync()
    {
        await foreach (bool open in _answers.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            VrrpInstance? instance;
            lock (_lock)
            {
                instance = _instance;
            }

            instance?.SetMastershipPermitted(open);
        }
    }

    /// <summary>Probes etcd every keep-alive interval while mastership is wanted: what to do if the lease cannot be renewed.</summary>
    private async Task ProbeAsync()
    {
        CancellationToken stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                Task wanted;
                lock (_lock)
                {
                    wanted = _wanted ? Task.CompletedTask : _wantedAgain.Task;
                }

                await wanted.WaitAsync(stopping).ConfigureAwait(false);
                try
                {
                    ApplyProbe(await _election.ProbeAsync(stopping).ConfigureAwait(false));
                }
                catch (RpcException exception) when (!stopping.IsCancellationRequested)
                {
                    // The probe answers every failure of a member itself; anything else is logged, the next round retries.
                    _logger.ProbeFailed(exception);
                }

                await Task.Delay(_probeInterval, _time, stopping).ConfigureAwait(false);
            }
            catch (Exception exception) when (stopping.IsCancellationRequested && exception is OperationCanceledException or RpcException)
            {
                // gRPC reports a call cancelled by the stop as an RpcException (Cancelled).
                return;
            }
        }
    }

    /// <summary>Before the lease is revoked: once the gate is closed, the addresses must be gone.</summary>
    private Task ReleasedAsync()
    {
        lock (_lock)
        {
            return _open || !_bound ? Task.CompletedTask : _unbound.Task;
        }
    }
}
